import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { ApiError } from "./errors";
import { DbRateLimiter, enforce, hit, peek, sweepRateLimits } from "./rate-limit";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.dispose();
});

const at = (iso: string) => new Date(`2026-11-27T${iso}Z`);

describe(`rate limits on ${testDatabaseKind()}`, () => {
  it("allows max hits per window, then 429 with Retry-After; the window starts at the first hit and ends fresh", async () => {
    const limit = { max: 3, windowMs: 60_000 };
    for (let i = 0; i < 3; i++) expect((await hit(t.db, "k:a", limit, at("10:00:10"))).allowed).toBe(true);
    const over = await hit(t.db, "k:a", limit, at("10:00:20"));
    expect(over).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 50 });
    expect((await hit(t.db, "k:b", limit, at("10:00:20"))).allowed).toBe(true); // other keys are separate
    expect((await peek(t.db, "k:a", limit, at("10:00:30"))).allowed).toBe(false);
    expect((await hit(t.db, "k:a", limit, at("10:01:10"))).allowed).toBe(true);
    expect((await peek(t.db, "k:a", limit, at("10:01:11"))).remaining).toBe(2);
    for (let i = 0; i < 3; i++) await hit(t.db, "k:c", { max: 2, windowMs: 3_600_000 });
    const error = await enforce(t.db, "k:c", { max: 2, windowMs: 3_600_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(429);
    expect(Number(error.headers["Retry-After"])).toBeGreaterThan(0);
  });

  it("parallel hits are all counted (atomic upsert)", async () => {
    const limit = { max: 1000, windowMs: 60_000 };
    await Promise.all(Array.from({ length: 40 }, () => hit(t.db, "k:parallel", limit)));
    expect((await hit(t.db, "k:parallel", limit)).remaining).toBe(1000 - 41);
  });

  it("every limit keeps its points in one table, rate_limiter_points; the old rate_limits is gone", async () => {
    await hit(t.db, "k:one-table", { max: 5, windowMs: 60_000 });
    await new DbRateLimiter(t.db, { keyPrefix: "login:address", points: 5, duration: 60 }).consume("192.0.2.1");
    const rows = await rowsOf<{ key: string; points: number }>(
      t.db,
      sql`select key, points from rate_limiter_points where key in ('k:one-table', 'login:address:192.0.2.1')`,
    );
    expect(rows.map((r) => r.key).sort()).toEqual(["k:one-table", "login:address:192.0.2.1"]);
    const [old] = await rowsOf<{ t: string | null }>(t.db, sql`select to_regclass('public.rate_limits')::text as t`);
    expect(old?.t).toBeNull();
  });

  it("the sweep deletes expired points and keeps live ones", async () => {
    const limit = { max: 5, windowMs: 60_000 };
    await hit(t.db, "k:old", limit, at("09:00:00"));
    await hit(t.db, "k:live", limit, at("09:59:30"));
    await sweepRateLimits(t.db, at("10:00:00"));
    expect((await peek(t.db, "k:live", limit, at("10:00:00"))).remaining).toBe(4);
    const keys = await rowsOf<{ key: string }>(t.db, sql`select key from rate_limiter_points where key like 'k:%l%'`);
    expect(keys.map((r) => r.key)).toContain("k:live");
    expect(keys.map((r) => r.key)).not.toContain("k:old");
  });

  it.runIf(!!process.env.DATABASE_URL)("holds across app instances (separate connection pools on one server)", async () => {
    if (t.client.kind !== "postgres") throw new Error("needs the server");
    const other = createDatabase({ url: t.client.url, max: 2 });
    try {
      const limit = { max: 10, windowMs: 60_000 };
      const results = await Promise.all(Array.from({ length: 16 }, (_, i) => hit(i % 2 ? t.db : other.db, "k:shared", limit)));
      expect(results.filter((r) => r.allowed)).toHaveLength(10);
    } finally {
      await other.close();
    }
  });
});
