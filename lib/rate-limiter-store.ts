// rate-limiter-flexible limiters stored in our own database (table rate_limiter_points), on Postgres and PGlite
// alike. The library's RateLimiterDrizzle holds the limiting logic; its store calls load drizzle-orm through a
// runtime import() that a Next.js bundle cannot resolve, so the three store methods are replaced here with
// prepared statements over our Db (same SQL: one atomic upsert per consume, no read-then-write).
import { type SQL, sql } from "drizzle-orm";
import { RateLimiterDrizzle } from "rate-limiter-flexible";
import type { Db } from "@/db/client";
import { perDatabase } from "@/db/prepared";
import { rateLimiterPoints } from "@/db/schema";

interface Row {
  points: number;
  expire: Date | null;
}

const t = rateLimiterPoints;
const p = (name: string) => sql.placeholder(name);
const ts = (name: string): SQL => sql`${sql.placeholder(name)}::timestamptz`;

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
  /** Names the limit in the key: "login:address:1.2.3.4". */
  keyPrefix: string;
  points: number;
  /** Seconds. */
  duration: number;
  blockDuration?: number;
  /** Once a key has consumed this many points, refuse it from memory until its window ends (no database trip). */
  inMemoryBlockOnConsumed?: number;
}

/** A rate-limiter-flexible limiter whose points live in rate_limiter_points. */
export class DbRateLimiter extends RateLimiterDrizzle {
  private readonly db: Db;

  constructor(db: Db, opts: DbLimiterOptions) {
    super({ ...opts, storeClient: db, schema: rateLimiterPoints, clearExpiredByTimeout: false } as ConstructorParameters<
      typeof RateLimiterDrizzle
    >[0]);
    this.db = db;
  }

  /** Milliseconds `key` stays refused from memory (inMemoryBlockOnConsumed), 0 when it is not: no database trip. */
  blockedInMemoryMs(key: string): number {
    const self = this as unknown as { getInMemoryBlockMsBeforeExpire(rlKey: string): number };
    return self.getInMemoryBlockMsBeforeExpire(this.getKey(key));
  }

  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<Row> {
    const now = new Date();
    const expire = msDuration > 0 ? new Date(now.getTime() + msDuration).toISOString() : null;
    const [row] = await statements(this.db).upsert.execute({ key, points, expire, force: forceExpire, now: now.toISOString() });
    return row!;
  }

  async _get(key: string): Promise<Row | null> {
    const [row] = await statements(this.db).get.execute({ key, now: new Date().toISOString() });
    return row ?? null;
  }

  async _delete(key: string): Promise<boolean> {
    const rows = await statements(this.db).delete.execute({ key });
    return rows.length > 0;
  }
}

/** Rows past their expiry are worthless; the reconciler sweeps them with the fixed-window counters. */
export async function sweepLimiterPoints(db: Db, now = new Date()): Promise<void> {
  await db.delete(t).where(sql`${t.expire} < ${now.toISOString()}::timestamptz`);
}
