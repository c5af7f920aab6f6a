// Fixed-window rate limits kept in the database, so a limit holds across every app instance. One atomic
// upsert per hit: no read-then-write race. Keys name what is limited: "signin:email:a@b.c", "start:user:<id>".
import { lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { perDatabase } from "@/db/prepared";
import { rateLimits } from "@/db/schema";
import { sweepSignInAddresses } from "@/lib/auth/login-limits";
import { RateLimitedError } from "@/lib/errors";
import { sweepLimiterPoints } from "@/lib/rate-limiter-store";

export interface Limit {
  /** Hits allowed per window. */
  max: number;
  windowMs: number;
}

export const LIMITS = {
  // Failed sign-ins have their own limits: lib/auth/login-limits.ts.
  /**
   * Sign-up attempts per client address, every one counted (created or not: a taken email must look the same); a
   * whole campus may sit behind one NAT address during the rush.
   */
  signUpPerClient: { max: 300, windowMs: 60 * 60_000 },
  startPerUser: { max: 20, windowMs: 10 * 60_000 },
  recheckPerUser: { max: 20, windowMs: 10 * 60_000 },
  /** "Send my receipt and pass again": a person's own inbox, but mail costs, and a loop must not flood it. */
  receiptAgainPerUser: { max: 3, windowMs: 60 * 60_000 },
} satisfies Record<string, Limit>;

export interface LimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

const upsert = perDatabase((db: Db) =>
  db
    .insert(rateLimits)
    .values({ key: sql.placeholder("key"), windowStart: sql`${sql.placeholder("windowStart")}::timestamptz`, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.windowStart} = excluded.window_start then ${rateLimits.count} + 1 else 1 end`,
        windowStart: sql`excluded.window_start`,
      },
    })
    .returning({ count: rateLimits.count })
    .prepare("anw_rate_limit_hit"),
);

export async function hit(db: Db, key: string, limit: Limit, now = new Date()): Promise<LimitResult> {
  const windowStart = new Date(Math.floor(now.getTime() / limit.windowMs) * limit.windowMs);
  const [row] = await upsert(db).execute({ key: key.slice(0, 300), windowStart: windowStart.toISOString() });
  const count = row?.count ?? 1;
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + limit.windowMs - now.getTime()) / 1000));
  return { allowed: count <= limit.max, remaining: Math.max(0, limit.max - count), retryAfterSeconds };
}

/** The hits so far in the current window, without counting one. */
export async function peek(db: Db, key: string, limit: Limit, now = new Date()): Promise<LimitResult> {
  const windowStart = new Date(Math.floor(now.getTime() / limit.windowMs) * limit.windowMs);
  const [row] = await db
    .select()
    .from(rateLimits)
    .where(sql`${rateLimits.key} = ${key.slice(0, 300)}`);
  const count = row && row.windowStart.getTime() === windowStart.getTime() ? row.count : 0;
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + limit.windowMs - now.getTime()) / 1000));
  return { allowed: count < limit.max, remaining: Math.max(0, limit.max - count), retryAfterSeconds };
}

/** Counts a hit and throws 429 with Retry-After when over the limit. */
export async function enforce(
  db: Db,
  key: string,
  limit: Limit,
  message = "Too many attempts. Please wait a little and try again.",
): Promise<void> {
  const r = await hit(db, key, limit);
  if (!r.allowed) throw new RateLimitedError(message, r.retryAfterSeconds);
}

/** Old windows are worthless; the reconciler sweeps them now and then (and the sign-in limits' rows with them). */
export async function sweepRateLimits(db: Db, now = new Date()): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(now.getTime() - 24 * 60 * 60_000)));
  await sweepLimiterPoints(db, now);
  await sweepSignInAddresses(db, now);
}
