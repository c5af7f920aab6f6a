// Test databases: each test file gets its own, migrated from the committed SQL. PGlite in memory by default;
// with DATABASE_URL a throwaway database on that server (dropped afterwards), so files can run in parallel.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createDatabase, type Database } from "./client";
import { runMigrations } from "./migrator";

export interface TestDatabase extends Database {
  dispose(): Promise<void>;
}

/** `migrate: false` leaves the database empty, for tests that apply migrations themselves. */
export async function openTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = opts.migrate ?? true;
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = createDatabase({ pgliteDir: "memory://" });
    if (migrate) await runMigrations(database);
    return { ...database, dispose: () => database.close() };
  }
  const name = `anw_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = createDatabase({ url: target.toString(), max: 20 });
  if (migrate) await runMigrations(database);
  return {
    ...database,
    async dispose() {
      await database.close();
      const cleanup = postgres(url, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export const testDatabaseKind = () => (process.env.DATABASE_URL ? "postgres" : "pglite");
