// The app's one rate limiter: rate-limiter-flexible, its points kept in our database (table rate_limiter_points)
// so a limit holds across every app instance, on Postgres and PGlite alike. The library's RateLimiterDrizzle holds
// the limiting logic; its store calls load drizzle-orm through a runtime import() that a Next.js bundle cannot
// resolve, so its three store methods are replaced here with prepared statements over our Db (the same SQL: one
// atomic upsert per consume, no read-then-write race).
//
// Two ways to use it: a DbRateLimiter for limits that give points back or block in memory (lib/auth/login-limits.ts,
// the gateway's rejected posts), and hit()/enforce() for "at most `max` per `windowMs`" counted on every call.
// Keys name what is limited: "signup:<address>", "start:<userId>". A window starts at a key's first hit.
import { type SQL, sql } from "drizzle-orm";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/db/client";
import { perDatabase } from "@/db/prepared";
import { rateLimiterPoints } from "@/db/schema";
import { RateLimitedError } from "@/lib/errors";
import type { JobDefinition } from "@/lib/jobs/runner";

interface Row {
  points: number;
  expire: Date | null;
}

const t = rateLimiterPoints;
const p = (name: string) => sql.placeholder(name);
const ts = (name: string): SQL => sql`${sql.placeholder(name)}::timestamptz`;
/** Keys are what callers name (an email, an address): bounded so a crafted one cannot bloat the table. */
const KEY_MAX = 300;

const statements = perDatabase((db: Db) => ({
  upsert: db
    .insert(t)
    .values({ key: p("key"), points: p("points"), expire: ts("expire") })
    .onConflictDoUpdate({
      target: t.key,
      set: {
        // A key past its expiry starts again; forceExpire (block, set) overwrites.
        points: sql`case when ${p("force")}::boolean or ${t.expire} <= ${ts("now")} then excluded.points else ${t.points} + excluded.points end`,
        expire: sql`case when ${p("force")}::boolean or ${t.expire} <= ${ts("now")} then excluded.expire else ${t.expire} end`,
      },
    })
    .returning({ points: t.points, expire: t.expire })
    .prepare("anw_rlf_upsert"),
  get: db
    .select({ points: t.points, expire: t.expire })
    .from(t)
    .where(sql`${t.key} = ${p("key")} and (${t.expire} > ${ts("now")} or ${t.expire} is null)`)
    .limit(1)
    .prepare("anw_rlf_get"),
  delete: db
    .delete(t)
    .where(sql`${t.key} = ${p("key")}`)
    .returning({ key: t.key })
    .prepare("anw_rlf_delete"),
}));

export interface DbLimiterOptions {
  /** Names the limit in the key: "login:address:1.2.3.4". Empty: the key is used as it is. */
  keyPrefix: string;
  points: number;
  /** Seconds. */
  duration: number;
  blockDuration?: number;
  /** Once a key has consumed this many points, refuse it from memory until its window ends (no database trip). */
  inMemoryBlockOnConsumed?: number;
  /** The time as this limiter sees it (tests move it); default the wall clock. */
  now?: () => Date;
}

/** A rate-limiter-flexible limiter whose points live in rate_limiter_points. */
export class DbRateLimiter extends RateLimiterDrizzle {
  private readonly db: Db;
  private readonly now: () => Date;

  constructor(db: Db, { now, ...opts }: DbLimiterOptions) {
    super({ ...opts, storeClient: db, schema: rateLimiterPoints, clearExpiredByTimeout: false } as ConstructorParameters<
      typeof RateLimiterDrizzle
    >[0]);
    this.db = db;
    this.now = now ?? (() => new Date());
  }

  /** Milliseconds `key` stays refused from memory (inMemoryBlockOnConsumed), 0 when it is not: no database trip. */
  blockedInMemoryMs(key: string): number {
    const self = this as unknown as { getInMemoryBlockMsBeforeExpire(rlKey: string): number };
    return self.getInMemoryBlockMsBeforeExpire(this.getKey(key));
  }

  _getRateLimiterRes(_rlKey: string, changedPoints: number, row: Row): RateLimiterRes {
    const msBeforeNext = row.expire ? Math.max(new Date(row.expire).getTime() - this.now().getTime(), 0) : -1;
    return new RateLimiterRes(Math.max(this.points - row.points, 0), msBeforeNext, row.points, row.points === changedPoints);
  }

  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<Row> {
    const now = this.now();
    const expire = msDuration > 0 ? new Date(now.getTime() + msDuration).toISOString() : null;
    const [row] = await statements(this.db).upsert.execute({
      key: key.slice(0, KEY_MAX),
      points,
      expire,
      force: forceExpire,
      now: now.toISOString(),
    });
    return row!;
  }

  async _get(key: string): Promise<Row | null> {
    const [row] = await statements(this.db).get.execute({ key: key.slice(0, KEY_MAX), now: this.now().toISOString() });
    return row ?? null;
  }

  async _delete(key: string): Promise<boolean> {
    const rows = await statements(this.db).delete.execute({ key: key.slice(0, KEY_MAX) });
    return rows.length > 0;
  }
}

/** "At most `max` per `windowMs`", every call counted. */
export interface Limit {
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
  /**
   * Payments a person starts (each an AUTH call at the gateway): counted on their payments in the statement that
   * records one (lib/payments/record.ts), not in rate_limiter_points, so a start costs no extra round trip. A second
   * click that reuses a live payment, and a free checkout, call no gateway and are not counted.
   */
  startPerUser: { max: 20, windowMs: 10 * 60_000 },
  requeryPerUser: { max: 20, windowMs: 10 * 60_000 },
  /** "Send my receipt and pass again": a person's own inbox, but mail costs, and a loop must not flood it. */
  receiptAgainPerUser: { max: 3, windowMs: 60 * 60_000 },
} satisfies Record<string, Limit>;

export interface LimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

// A limiter is a few fields (no timers, no memory blocks for these), so one is made per call: that lets each call
// carry its own `now`.
function limiterFor(db: Db, limit: Limit, now: Date): DbRateLimiter {
  return new DbRateLimiter(db, { keyPrefix: "", points: limit.max, duration: limit.windowMs / 1000, now: () => now });
}

function result(res: RateLimiterRes, limit: Limit, allowed: boolean): LimitResult {
  const msBeforeNext = res.msBeforeNext >= 0 ? res.msBeforeNext : limit.windowMs;
  return { allowed, remaining: res.remainingPoints, retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)) };
}

/** Counts one hit against `key` (refused ones too) and says whether it was within the limit. */
export async function hit(db: Db, key: string, limit: Limit, now = new Date()): Promise<LimitResult> {
  try {
    return result(await limiterFor(db, limit, now).consume(key), limit, true);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    return result(error, limit, false);
  }
}

/** The hits so far in the current window, without counting one. */
export async function peek(db: Db, key: string, limit: Limit, now = new Date()): Promise<LimitResult> {
  const res = await limiterFor(db, limit, now).get(key);
  if (!res) return { allowed: true, remaining: limit.max, retryAfterSeconds: Math.ceil(limit.windowMs / 1000) };
  return result(res, limit, res.consumedPoints < limit.max);
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

/** Points past their expiry are worthless. */
export async function sweepRateLimits(db: Db, now = new Date()): Promise<number> {
  const gone = await db.delete(t).where(sql`${t.expire} < ${now.toISOString()}::timestamptz`).returning({ key: t.key });
  return gone.length;
}

/**
 * The hourly sweep of expired points. `alsoSweep` are the limits' other leftovers, named by whoever starts the
 * jobs (lib/server/app-jobs.ts): the addresses sign-ins remember (lib/auth/login-limits.ts) sit above this module.
 */
export function sweepRateLimitsJob(alsoSweep: ((db: Db) => Promise<unknown>)[] = []): JobDefinition {
  return {
    name: "sweep-rate-limits",
    retryLimit: 0,
    retryDelaySeconds: 0,
    expireInSeconds: 5 * 60,
    cron: "17 * * * *",
    handler: async (_data, ctx) => {
      await sweepRateLimits(ctx.db);
      for (const sweep of alsoSweep) await sweep(ctx.db);
    },
  };
}
