// Forgot password. Asking always looks the same from outside (whether or not the email has an account); the
// link carries a one-use token, stored only as a SHA-256 and good for 30 minutes. Completing it sets the new
// password, ends every session and revokes every bearer token of the account, all in one transaction.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { passwordResetTokens, type User, users } from "@/db/schema";
import { ApiError, RateLimitedError } from "@/lib/errors";
import { log } from "@/lib/log";
import { enqueueMail } from "@/lib/mail/outbox";
import { hit, type Limit } from "@/lib/rate-limit";
import { hashPassword } from "@/lib/users/passwords";
import { revokeAllSessions } from "@/lib/users/session-version";
import { findUserByEmail } from "./accounts";
import { passwordProblem } from "./password-policy";

const RESET_TTL_MS = 30 * 60_000;
export const RESET_LIMITS = {
  /** Requests from one client address, whatever the email: slows enumeration and mail bombing from one place. */
  perClient: { max: 20, windowMs: 15 * 60_000 },
  /** Reset mails to one account: further requests are answered the same and send nothing. */
  perAccount: { max: 3, windowMs: 30 * 60_000 },
} satisfies Record<string, Limit>;

const digest = (token: string) => createHash("sha256").update(token).digest("hex");

export class TooManyResetRequestsError extends RateLimitedError {
  constructor(retryAfterSeconds: number) {
    super("Too many password reset requests from your network. Please try again later.", retryAfterSeconds);
  }
}

export class InvalidResetTokenError extends ApiError {
  constructor() {
    super(400, "bad_request", "This reset link has expired or was already used. Ask for a new one.");
  }
}

/** A 422 on the password field, with the policy's reason. */
export class WeakPasswordError extends ApiError {
  constructor(message: string, field = "password") {
    super(422, "validation_failed", message, { [field]: [message] });
  }
}

/** Mails a reset link when the email has an account. Throws only for the per-client limit (which reveals nothing). */
export async function requestPasswordReset(db: Db, email: string, client: string | null, appUrl: string, now = new Date()): Promise<void> {
  const fromClient = await hit(db, `password-reset:client:${client ?? "unknown"}`, RESET_LIMITS.perClient, now);
  if (!fromClient.allowed) throw new TooManyResetRequestsError(fromClient.retryAfterSeconds);
  const user = await findUserByEmail(db, email);
  if (!user) return;
  const forAccount = await hit(db, `password-reset:account:${user.id}`, RESET_LIMITS.perAccount, now);
  if (!forAccount.allowed) {
    log.info({ userId: user.id }, "password reset not sent: per-account limit");
    return;
  }
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(passwordResetTokens)
      .values({ userId: user.id, tokenHash: digest(token), expiresAt })
      .returning({ id: passwordResetTokens.id });
    await enqueueMail(tx, {
      key: `password-reset:${row!.id}`,
      to: user.email,
      template: "password-reset",
      data: { name: user.name, resetUrl: `${appUrl}/reset-password?token=${token}`, expiresAt: expiresAt.toISOString() },
    });
  });
}

/** The account a still-usable token belongs to (for the reset page), or undefined. */
export async function accountForResetToken(db: Db, token: string, now = new Date()): Promise<User | undefined> {
  if (!token || token.length > 200) return undefined;
  const [row] = await db
    .select({ user: users })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(
      and(eq(passwordResetTokens.tokenHash, digest(token)), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)),
    )
    .limit(1);
  return row?.user;
}

/**
 * Sets the new password. InvalidResetTokenError for a token that is unknown, expired or used (also by a
 * concurrent request: the token is consumed by one conditional UPDATE); WeakPasswordError leaves the token usable.
 */
export async function completePasswordReset(db: Db, token: string, password: string, now = new Date()): Promise<User> {
  const user = await accountForResetToken(db, token, now);
  if (!user) throw new InvalidResetTokenError();
  const problem = passwordProblem(password, [user.name, user.email]);
  if (problem) throw new WeakPasswordError(problem);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(
        and(eq(passwordResetTokens.tokenHash, digest(token)), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)),
      )
      .returning({ userId: passwordResetTokens.userId });
    if (!used) throw new InvalidResetTokenError();
    // Every other outstanding link of the account dies with this one.
    await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.userId, used.userId), isNull(passwordResetTokens.usedAt)));
    await tx.update(users).set({ passwordHash }).where(eq(users.id, used.userId));
    await revokeAllSessions(tx, used.userId);
    const [updated] = await tx.select().from(users).where(eq(users.id, used.userId));
    return updated!;
  });
}
