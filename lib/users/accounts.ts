// Creating and finding accounts (checking a password is lib/auth/credentials.ts). Emails are stored lower-cased.
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { type User, users } from "@/db/schema";
import { ApiError, RateLimitedError, uniqueViolation } from "@/lib/errors";
import { addressKey } from "@/lib/http/forwarding";
import { hit, LIMITS } from "@/lib/rate-limit";
import { mailAccountOwner } from "./account-exists";
import { newAnweshaId } from "./anwesha-id";
import { queueVerificationMail } from "./email-verification";
import { hashPassword } from "./passwords";
import type { SignUpInput } from "./schemas";
import { rememberSignInAddress } from "./sign-in-addresses";
import { queueWelcomeMail } from "./welcome";

/** Internal only: sign-up never answers it (see signUp); seeding and tests see it. */
export class EmailTakenError extends ApiError {
  constructor() {
    super(409, "conflict", "An account with this email already exists.");
  }
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`).limit(1);
  return row;
}

export async function createAccount(
  db: Db,
  /** `emailVerifiedAt` only where the address is known to be the person's (the seed's demo accounts, tests). */
  input: SignUpInput & { emailVerifiedAt?: Date },
  role: User["role"] = "attendee",
  /** Runs in the account's own transaction, e.g. to queue the welcome mail. */
  afterCreate?: (tx: Tx, user: User) => Promise<void>,
): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(users)
          .values({
            anweshaId: newAnweshaId(),
            name: input.name,
            email: input.email.toLowerCase(),
            phone: input.phone,
            college: input.college,
            passwordHash,
            role,
            ...(input.emailVerifiedAt ? { emailVerifiedAt: input.emailVerifiedAt } : {}),
          })
          .returning();
        await afterCreate?.(tx, row!);
        return row!;
      });
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === "users_email_lower_uq") throw new EmailTakenError();
      if (constraint?.includes("anwesha_id")) continue; // 32^6 IDs: a clash is rare; draw again
      throw error;
    }
  }
  throw new Error("could not issue a unique Anwesha ID");
}

/** What sign-up answers, for a new address and a taken one alike (the API's 202 body, the page's notice). */
export const SIGN_UP_ANSWER =
  "Thanks. We have sent a mail to that address. If you just created your account, sign in with your email and password.";

/**
 * Sign-up for every way in (the page and POST /api/users). It answers the same whether or not the email already
 * has an account, so it cannot be used to find out who has one: a new address gets its account and the welcome
 * mail and the link that confirms the address; a taken one gets nothing but a mail to its owner (lib/users/account-exists.ts). Both cost the same
 * password hash. Every attempt counts against LIMITS.signUpPerClient, created or not. Returns the new account, or
 * null when the email was taken (for tests and internal callers; route handlers must not answer differently).
 */
export async function signUp(db: Db, input: SignUpInput, client: string | null): Promise<User | null> {
  const attempt = await hit(db, `signup:${addressKey(client)}`, LIMITS.signUpPerClient);
  if (!attempt.allowed) throw new TooManySignUpsError(attempt.retryAfterSeconds);
  try {
    const user = await createAccount(db, input, "attendee", async (tx, created) => {
      await queueWelcomeMail(tx, created);
      await queueVerificationMail(tx, created, "sign-up");
    });
    await rememberSignInAddress(db, user.id, client);
    return user;
  } catch (error) {
    if (!(error instanceof EmailTakenError)) throw error;
    const owner = await findUserByEmail(db, input.email);
    if (owner) await mailAccountOwner(db, owner);
    return null;
  }
}

export class TooManySignUpsError extends RateLimitedError {
  constructor(retryAfterSeconds: number) {
    super("Too many sign-ups from your network. Please try again later.", retryAfterSeconds);
  }
}

export async function findUserById(db: Db, id: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}
