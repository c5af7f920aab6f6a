import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { createDatabase, type Database } from "./client";
import { migrationStatus } from "./migration-status";
import journal from "./migrations/meta/_journal.json";
import { runMigrations } from "./migrator";

// Embedded in memory: an empty database is what a deploy that forgot `npm run db:migrate` talks to.
const database = createDatabase({ pgliteDir: "memory://" });
const g = globalThis as unknown as { __anweshaDatabase?: Database };
afterAll(async () => {
  delete g.__anweshaDatabase;
  await database.close();
});

describe("migration status and /api/health", () => {
  it("a database that answers but has no migrations is unhealthy; migrated, it is healthy; one missing, unhealthy again", {
    timeout: 120_000,
  }, async () => {
    g.__anweshaDatabase = database;
    expect(await migrationStatus(database.db)).toEqual({ expected: journal.entries.length, applied: 0, upToDate: false });
    let res = await health();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, checks: { database: "ok", migrations: "fail" } });

    await runMigrations(database);
    expect(await migrationStatus(database.db)).toMatchObject({ applied: journal.entries.length, upToDate: true });
    res = await health();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, checks: { config: "ok", database: "ok", migrations: "ok" } });

    await database.db.execute(
      sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`,
    );
    expect((await migrationStatus(database.db)).upToDate).toBe(false);
    expect((await health()).status).toBe(503);
  });
});
