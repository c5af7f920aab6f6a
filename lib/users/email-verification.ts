// Email verification: a sign-up mails a link that proves the person holds the address. Signing in, registering and
// paying never wait for it; what is addressed to the email (team invitations) is shown and accepted only once it
// is done (lib/teams/invitations.ts). The link is a signed token (HMAC-SHA256 with a key derived from AUTH_SECRET)
// naming the account, the address and an expiry, so nothing secret is stored; opening it twice does no harm.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { type User, users } from "@/db/schema";
import { env } from "@/lib/env";
import { ApiError, RateLimitedError } from "@/lib/errors";
import { enqueueMail } from "@/lib/mail/outbox";
import { hit, type Limit } from "@/lib/rate-limit";

const TTL_MS = 7 * 24 * 60 * 60_000;
/** Verification mails one account can ask for again (the sign-up's own mail not counted). */
export const RESEND_LIMIT: Limit = { max: 3, windowMs: 60 * 60_000 };

const key = (secret: string) => Buffer.from(hkdfSync("sha256", secret, "anwesha", "email-verification", 32));
const b64 = (b: Buffer | string) => Buffer.from(b).toString("base64url");

export function verificationToken(user: Pick<User, "id" | "email">, secret: string, now = new Date()): string {
  const payload = b64(JSON.stringify({ u: user.id, e: user.email.toLowerCase(), x: now.getTime() + TTL_MS }));
  return `${payload}.${b64(createHmac("sha256", key(secret)).update(payload).digest())}`;
}

const verificationUrl = (appUrl: string, token: string) => `${appUrl}/verify-email?token=${token}`;

export class InvalidVerificationLinkError extends ApiError {
  constructor() {
    super(400, "bad_request", "This confirmation link is not valid or has expired. Sign in and ask for a new one.");
  }
}

function readToken(token: string, secret: string, now: Date): { userId: string; email: string } | null {
  if (typeof token !== "string" || token.length > 500) return null;
  const [payload, mac] = token.split(".");
  if (!payload || !mac) return null;
  const want = createHmac("sha256", key(secret)).update(payload).digest();
  const got = Buffer.from(mac, "base64url");
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
  try {
    const { u, e, x } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { u: unknown; e: unknown; x: unknown };
    if (typeof u !== "string" || typeof e !== "string" || typeof x !== "number" || x < now.getTime()) return null;
    if (!/^[0-9a-f-]{36}$/i.test(u)) return null;
    return { userId: u, email: e };
  } catch {
    return null;
  }
}

/**
 * Marks the account's address verified, if the token is genuine, unexpired and names the account's current address.
 * Opening a link again is fine. InvalidVerificationLinkError otherwise.
 */
export async function verifyEmail(db: Db, token: string, now = new Date()): Promise<Pick<User, "id" | "email">> {
  const claim = readToken(token, env().authSecret, now);
  if (!claim) throw new InvalidVerificationLinkError();
  const [user] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.id, claim.userId), sql`lower(${users.email}) = ${claim.email}`));
  if (!user) throw new InvalidVerificationLinkError();
  await db
    .update(users)
    .set({ emailVerifiedAt: now })
    .where(and(eq(users.id, user.id), isNull(users.emailVerifiedAt)));
  return user;
}

/** Queues the confirmation mail (in the caller's transaction). `key` names the cause, so it is sent once per cause. */
export async function queueVerificationMail(tx: Tx | Db, user: Pick<User, "id" | "email" | "name">, cause: string, now = new Date()) {
  const settings = env();
  await enqueueMail(tx, {
    key: `verify-email:${user.id}:${cause}`,
    to: user.email,
    template: "verify-email",
    data: { name: user.name, verifyUrl: verificationUrl(settings.APP_URL, verificationToken(user, settings.authSecret, now)) },
  });
}

export class TooManyVerificationMailsError extends RateLimitedError {
  constructor(retryAfterSeconds: number) {
    super("We have sent you several confirmation links already. Please check your inbox, or try again later.", retryAfterSeconds);
  }
}

/** The signed-in person asks for the link again: 202 unless already verified; RESEND_LIMIT per account. */
export async function resendVerification(db: Db, user: Pick<User, "id" | "email" | "name" | "emailVerifiedAt">, now = new Date()) {
  if (user.emailVerifiedAt) return { alreadyVerified: true };
  const r = await hit(db, `verify-email:account:${user.id}`, RESEND_LIMIT, now);
  if (!r.allowed) throw new TooManyVerificationMailsError(r.retryAfterSeconds);
  await queueVerificationMail(db, user, `again:${now.getTime()}`, now);
  return { alreadyVerified: false };
}
