// Creating accounts and checking credentials. Emails are stored lower-cased.
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { type User, users } from "@/db/schema";
import { admitLogin, rememberSignInAddress } from "@/lib/auth/login-limits";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { ApiError, RateLimitedError, uniqueViolation } from "@/lib/errors";
import { addressKey } from "@/lib/http/forwarding";
import { hit, LIMITS, peek } from "@/lib/rate-limit";
import { newAnweshaId } from "./anwesha-id";
import type { SignUpInput } from "./schemas";
import { queueWelcomeMail } from "./welcome";

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
  input: SignUpInput,
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

export { TooManyFailedLoginsError } from "@/lib/auth/login-limits";

/**
 * The user for these credentials, or null. Takes the same time for unknown emails (dummy hash). Throws
 * TooManyFailedLoginsError when lib/auth/login-limits.ts refuses the attempt; successes never count.
 */
export async function checkCredentials(db: Db, email: string, password: string, client: string | null = null): Promise<User | null> {
  const ticket = await admitLogin(db, email, client);
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!ok || !user) return null;
  await ticket.succeeded(user.id);
  return user;
}

/**
 * Sign-up for every way in (the page and POST /api/users): at most LIMITS.signUpPerClient accounts created per
 * client address per hour. Only accounts actually created count, so mistyped forms never lock a network out.
 */
export async function signUp(db: Db, input: SignUpInput, client: string | null): Promise<User> {
  const key = `signup:${addressKey(client)}`;
  const state = await peek(db, key, LIMITS.signUpPerClient);
  if (!state.allowed) throw new TooManySignUpsError(state.retryAfterSeconds);
  const user = await createAccount(db, input, "attendee", (tx, created) => queueWelcomeMail(tx, created));
  await hit(db, key, LIMITS.signUpPerClient);
  await rememberSignInAddress(db, user.id, client);
  return user;
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
