// A one-use sign-in link by mail: the owner's way in that no password guesser can spend, since it needs their
// mailbox, not their password. Asking looks the same whether or not the email has an account. The token is
// stored only as a SHA-256, in the table the password reset uses, hashed with its own prefix so neither kind of
// link works as the other; a password reset ends every outstanding link of the account. Numbers: README
// "Sign-in limits".
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { passwordResetTokens, type User, users } from "@/db/schema";
import { RateLimitedError } from "@/lib/errors";
import { addressKey } from "@/lib/http/forwarding";
import { log } from "@/lib/log";
import { enqueueMail } from "@/lib/mail/outbox";
import { hit, type Limit } from "@/lib/rate-limit";
import { findUserByEmail } from "@/lib/users/accounts";

const TTL_MS = 15 * 60_000;
export const SIGN_IN_LINK_LIMITS = {
  /** Requests from one client address (IPv6: its /64), whatever the email: 429 after that. */
  perClient: { max: 20, windowMs: 15 * 60_000 },
  /** Links mailed to one account: further requests are answered the same and send nothing. */
  perAccount: { max: 3, windowMs: 30 * 60_000 },
} satisfies Record<string, Limit>;

export const SIGN_IN_LINK_ANSWER =
  "If an account exists for that address, we have mailed it a sign-in link. It works once, for 15 minutes.";

const digest = (token: string) => createHash("sha256").update(`sign-in-link:${token}`).digest("hex");

export class TooManySignInLinksError extends RateLimitedError {
  constructor(retryAfterSeconds: number) {
    super("Too many sign-in link requests from your network. Please try again later.", retryAfterSeconds);
  }
}

/** Mails a sign-in link when the email has an account. Throws only for the per-client limit (which reveals nothing). */
export async function requestSignInLink(db: Db, email: string, client: string | null, appUrl: string, now = new Date()): Promise<void> {
  const fromClient = await hit(db, `sign-in-link:client:${addressKey(client)}`, SIGN_IN_LINK_LIMITS.perClient, now);
  if (!fromClient.allowed) throw new TooManySignInLinksError(fromClient.retryAfterSeconds);
  const user = await findUserByEmail(db, email);
  if (!user) return;
  const forAccount = await hit(db, `sign-in-link:account:${user.id}`, SIGN_IN_LINK_LIMITS.perAccount, now);
  if (!forAccount.allowed) {
    log.info({ userId: user.id }, "sign-in link not sent: per-account limit");
    return;
  }
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + TTL_MS);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(passwordResetTokens)
      .values({ userId: user.id, tokenHash: digest(token), expiresAt })
      .returning({ id: passwordResetTokens.id });
    await enqueueMail(tx, {
      key: `sign-in-link:${row!.id}`,
      to: user.email,
      template: "sign-in-link",
      data: { name: user.name, signInUrl: `${appUrl}/sign-in/link?token=${token}`, expiresAt: expiresAt.toISOString() },
    });
  });
}

/** Whether a link is still usable (for its page, which asks for a click before using it: mail scanners open links). */
export async function signInLinkUsable(db: Db, token: string, now = new Date()): Promise<boolean> {
  if (!token || token.length > 200) return false;
  const [row] = await db
    .select({ id: passwordResetTokens.id })
    .from(passwordResetTokens)
    .where(
      and(eq(passwordResetTokens.tokenHash, digest(token)), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)),
    )
    .limit(1);
  return !!row;
}

/** Uses the link: the account it signs in to, or null when it is unknown, expired or used (one conditional UPDATE). */
export async function consumeSignInLink(db: Db, token: string, now = new Date()): Promise<User | null> {
  if (!token || token.length > 200) return null;
  const [used] = await db
    .update(passwordResetTokens)
    .set({ usedAt: now })
    .where(
      and(eq(passwordResetTokens.tokenHash, digest(token)), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)),
    )
    .returning({ userId: passwordResetTokens.userId });
  if (!used) return null;
  const [user] = await db.select().from(users).where(eq(users.id, used.userId));
  return user ?? null;
}
