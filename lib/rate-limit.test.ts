import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "@/db/client";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { ApiError } from "./errors";
import { enforce, hit } from "./rate-limit";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.dispose();
});

describe(`rate limits on ${testDatabaseKind()}`, () => {
  it("allows max hits per window, then 429 with Retry-After; a new window starts fresh", async () => {
    const limit = { max: 3, windowMs: 60_000 };
    const now = new Date("2026-11-27T10:00:10Z");
    for (let i = 0; i < 3; i++) expect((await hit(t.db, "k:a", limit, now)).allowed).toBe(true);
    const over = await hit(t.db, "k:a", limit, now);
    expect(over).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 50 });
    expect((await hit(t.db, "k:b", limit, now)).allowed).toBe(true); // other keys are separate
    expect((await hit(t.db, "k:a", limit, new Date("2026-11-27T10:01:00Z"))).allowed).toBe(true);
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
