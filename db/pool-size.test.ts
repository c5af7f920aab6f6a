// The app's pool to a Postgres server: few connections (APP_POOL_SIZE) unless DATABASE_POOL_SIZE says otherwise, and
// queries past them still run, sent down the busy connections, never refused or lost.
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { APP_POOL_SIZE, appDatabaseOptions, createDatabase, type Database, poolSize } from "./client";
import { rowsOf } from "./rows";

describe("poolSize", () => {
  it("is APP_POOL_SIZE unset, the setting when it is a whole number from 1 to 100, else APP_POOL_SIZE", () => {
    expect(APP_POOL_SIZE).toBe(3);
    expect(poolSize(undefined)).toBe(APP_POOL_SIZE);
    expect(poolSize("")).toBe(APP_POOL_SIZE);
    expect(poolSize(" 8 ")).toBe(8);
    expect(poolSize("1")).toBe(1);
    expect(poolSize("100")).toBe(100);
    for (const bad of ["0", "101", "2.5", "many", "-3"]) expect(poolSize(bad)).toBe(APP_POOL_SIZE);
  });
});

const url = process.env.DATABASE_URL;
describe.skipIf(!url)("the app's pool on the Postgres server", () => {
  let opened: Database | undefined;
  const saved = process.env.DATABASE_POOL_SIZE;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
    if (saved === undefined) delete process.env.DATABASE_POOL_SIZE;
    else process.env.DATABASE_POOL_SIZE = saved;
  });

  /** Runs 24 queries at once, each holding its backend 50 ms, and answers how many backends served them. */
  async function backendsFor(setting: string | undefined): Promise<{ backends: number; answered: number }> {
    if (setting === undefined) delete process.env.DATABASE_POOL_SIZE;
    else process.env.DATABASE_POOL_SIZE = setting;
    opened = createDatabase(appDatabaseOptions());
    const db = opened.db;
    const rows = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        rowsOf<{ pid: number; i: number }>(db, sql`select pg_backend_pid() as pid, ${i}::integer as i from pg_sleep(0.05)`),
      ),
    );
    return { backends: new Set(rows.map((r) => r[0]!.pid)).size, answered: new Set(rows.map((r) => r[0]!.i)).size };
  }

  it("opens APP_POOL_SIZE connections unset and DATABASE_POOL_SIZE's when set, and answers every query", async () => {
    expect(await backendsFor(undefined)).toEqual({ backends: APP_POOL_SIZE, answered: 24 });
    await opened?.close();
    expect(await backendsFor("6")).toEqual({ backends: 6, answered: 24 });
  });
});
