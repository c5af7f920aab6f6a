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
  return sign({ u: user.id, e: user.email.toLowerCase(), x: now.getTime() + TTL_MS }, secret);
}

function sign(claim: { u: string; e: string; x: number; f?: string }, secret: string): string {
  const payload = b64(JSON.stringify(claim));
  return `${payload}.${b64(createHmac("sha256", key(secret)).update(payload).digest())}`;
}

/** How long a link that moves an account to a new address stays good. */
export const CHANGE_TTL_MS = 24 * 60 * 60_000;

/**
 * The link mailed to a new address (lib/users/account-changes.ts): it names the account, the address it has now
 * (`f`) and the new one, so it works only while the account still has the old address, and proves the new one.
 */
export function emailChangeToken(user: Pick<User, "id" | "email">, newEmail: string, secret: string, now = new Date()): string {
  return sign({ u: user.id, e: newEmail.toLowerCase(), f: user.email.toLowerCase(), x: now.getTime() + CHANGE_TTL_MS }, secret);
}

const verificationUrl = (appUrl: string, token: string) => `${appUrl}/verify-email?token=${token}`;

export class InvalidVerificationLinkError extends ApiError {
  constructor() {
    super(400, "bad_request", "This confirmation link is not valid or has expired. Sign in and ask for a new one.");
  }
}

function readToken(
  token: string,
  secret: string,
  now: Date,
): { userId: string; email: string; from: string | null; expires: number } | null {
  if (typeof token !== "string" || token.length > 500) return null;
  const [payload, mac] = token.split(".");
  if (!payload || !mac) return null;
  const want = createHmac("sha256", key(secret)).update(payload).digest();
  const got = Buffer.from(mac, "base64url");
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
  try {
    const { u, e, x, f } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
      u: unknown;
      e: unknown;
      x: unknown;
      f: unknown;
    };
    if (typeof u !== "string" || typeof e !== "string" || typeof x !== "number" || x < now.getTime()) return null;
    if (!/^[0-9a-f-]{36}$/i.test(u) || (f !== undefined && typeof f !== "string")) return null;
    return { userId: u, email: e, from: f ?? null, expires: x };
  } catch {
    return null;
  }
}

/**
 * Marks the account's address verified, if the token is genuine, unexpired and names the account's current address.
 * Opening a link again is fine. InvalidVerificationLinkError otherwise.
 */
export async function verifyEmail(db: Db, token: string, now = new Date()): Promise<Pick<User, "id" | "email"> & { changed?: boolean }> {
  const claim = readToken(token, env().authSecret, now);
  if (!claim) throw new InvalidVerificationLinkError();
  if (claim.from) return { ...(await moveToNewAddress(db, { ...claim, from: claim.from }, now)), changed: true };
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

export class AddressTakenError extends ApiError {
  constructor() {
    super(409, "conflict", "That address now belongs to another Anwesha account, so this account keeps its old one.");
  }
}

/**
 * An email change's link opened: the account moves to the new address (now verified) if it still has the old one,
 * and the old address is told, once per change (the key names the link). Opening it again is fine.
 */
async function moveToNewAddress(db: Db, claim: { userId: string; email: string; from: string; expires: number }, now: Date) {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select()
      .from(users)
      .where(and(eq(users.id, claim.userId), isNull(users.deletedAt)))
      .for("update");
    if (user && user.email.toLowerCase() === claim.email) return { id: user.id, email: user.email };
    if (!user || user.email.toLowerCase() !== claim.from) throw new InvalidVerificationLinkError();
    const [taken] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${claim.email}`);
    if (taken) throw new AddressTakenError();
    await tx.update(users).set({ email: claim.email, emailVerifiedAt: now }).where(eq(users.id, user.id));
    const settings = env();
    await enqueueMail(tx, {
      key: `email-changed:${user.id}:${claim.expires}`,
      to: claim.from,
      template: "email-changed",
      data: { name: user.name, newEmail: claim.email, changedAt: now.toISOString(), resetUrl: `${settings.APP_URL}/forgot-password` },
    });
    return { id: user.id, email: claim.email };
  });
}
