// Changes a signed-in person makes to how they sign in: the password (the current one first; every other session
// and app is signed out) and the email address (a link to the new address moves the account once opened; the old
// address is told then: lib/users/email-verification.ts). Both ask for the current password, so a session left open
// on a shared computer cannot take the account over; wrong guesses are limited per account.
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { passwordResetTokens, type User, users } from "@/db/schema";
import { env } from "@/lib/env";
import { ApiError, RateLimitedError, unauthorized } from "@/lib/errors";
import { enqueueMail } from "@/lib/mail/outbox";
import { hit, type Limit } from "@/lib/rate-limit";
import { hashPassword, verifyPassword } from "@/lib/users/passwords";
import { revokeAllSessions } from "@/lib/users/session-version";
import { findUserByEmail, findUserById } from "./accounts";
import { CHANGE_TTL_MS, emailChangeToken } from "./email-verification";
import { passwordProblem } from "./password-policy";
import { WeakPasswordError } from "./password-reset";

export const ACCOUNT_CHANGE_LIMITS = {
  /** Tries at the current password, per account: enough for typos, too few to guess it. */
  passwordChecks: { max: 10, windowMs: 60 * 60_000 },
  /** Links to a new address, per account. */
  emailChanges: { max: 3, windowMs: 60 * 60_000 },
} satisfies Record<string, Limit>;

class WrongPasswordError extends ApiError {
  constructor() {
    super(422, "validation_failed", "Your current password is not right.", { currentPassword: ["Your current password is not right."] });
  }
}

/** The account, once the current password is right: 429 after too many tries, 422 when wrong. */
export async function confirmPassword(db: Db, userId: string, password: string, now = new Date()): Promise<User> {
  const user = await findUserById(db, userId);
  if (!user || user.deletedAt) throw unauthorized();
  const tries = await hit(db, `password-check:account:${userId}`, ACCOUNT_CHANGE_LIMITS.passwordChecks, now);
  if (!tries.allowed)
    throw new RateLimitedError("Too many tries at your password. Please wait a while and try again.", tries.retryAfterSeconds);
  if (!(await verifyPassword(user.passwordHash, password))) throw new WrongPasswordError();
  return user;
}

/**
 * Sets a new password and signs out every session and app except `keepTokenId` (the app that asked, if one did;
 * the page signs itself in again). Outstanding reset links die too.
 */
export async function changePassword(
  db: Db,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  keepTokenId?: string,
  now = new Date(),
): Promise<User> {
  const user = await confirmPassword(db, userId, input.currentPassword, now);
  const problem = passwordProblem(input.newPassword, [user.name, user.email]);
  if (problem) throw new WeakPasswordError(problem, "newPassword");
  if (input.newPassword === input.currentPassword)
    throw new WeakPasswordError("Choose a password different from your current one.", "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.userId, user.id), isNull(passwordResetTokens.usedAt)));
    await revokeAllSessions(tx, user.id, keepTokenId);
    const [updated] = await tx.select().from(users).where(eq(users.id, user.id));
    return updated!;
  });
}

class SameEmailError extends ApiError {
  constructor() {
    super(422, "validation_failed", "That is already your address.", { email: ["That is already your address."] });
  }
}

/**
 * Mails a link to the new address. The answer is the same whether or not the address has an account (then nothing
 * is sent: the link could never work), so this cannot be used to find out who has one.
 */
export async function requestEmailChange(db: Db, userId: string, input: { newEmail: string; currentPassword: string }, now = new Date()) {
  const user = await confirmPassword(db, userId, input.currentPassword, now);
  const newEmail = input.newEmail.trim().toLowerCase();
  if (newEmail === user.email.toLowerCase()) throw new SameEmailError();
  const r = await hit(db, `change-email:account:${user.id}`, ACCOUNT_CHANGE_LIMITS.emailChanges, now);
  if (!r.allowed)
    throw new RateLimitedError("We have sent several links already. Please check that inbox, or try again later.", r.retryAfterSeconds);
  if (!(await findUserByEmail(db, newEmail))) {
    const settings = env();
    await enqueueMail(db, {
      key: `change-email:${user.id}:${now.getTime()}`,
      to: newEmail,
      template: "change-email",
      data: {
        name: user.name,
        confirmUrl: `${settings.APP_URL}/verify-email?token=${emailChangeToken(user, newEmail, settings.authSecret, now)}`,
        expiresAt: new Date(now.getTime() + CHANGE_TTL_MS).toISOString(),
      },
    });
  }
  return { sentTo: newEmail };
}
