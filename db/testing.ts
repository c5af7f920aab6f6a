// Test databases: each test file gets its own, migrated from the committed SQL. PGlite in memory by default;
// with DATABASE_URL a throwaway database on that server (dropped afterwards), so files can run in parallel.
import { randomBytes } from "node:crypto";
import { is, sql } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { createDatabase, type Database } from "./client";
import { runMigrations } from "./migrator";
import { rowsOf } from "./rows";
import * as schema from "./schema";

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

/**
 * For migration tests that seed an older schema with today's code (which writes today's columns): every column of
 * a table in today's schema that the database does not have yet is lent (added, nullable, no default) while `write`
 * runs, and taken back after, so the migration under test then runs on the shape its predecessors left.
 */
export async function withTodaysColumns<T>(t: Database, write: () => Promise<T>): Promise<T> {
  const present = new Set(
    (
      await rowsOf<{ t: string; c: string }>(
        t.db,
        sql`select table_name as t, column_name as c from information_schema.columns where table_schema = 'public'`,
      )
    ).map((r) => `${r.t}.${r.c}`),
  );
  const lent: { table: string; column: string }[] = [];
  for (const table of (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable))) {
    const config = getTableConfig(table);
    if (![...present].some((k) => k.startsWith(`${config.name}.`))) continue; // a table a later migration makes
    for (const column of config.columns) {
      if (present.has(`${config.name}.${column.name}`)) continue;
      const type = column.getSQLType().includes("enum") ? "text" : column.getSQLType();
      await t.db.execute(sql.raw(`alter table "${config.name}" add column "${column.name}" ${type}`));
      lent.push({ table: config.name, column: column.name });
    }
  }
  try {
    return await write();
  } finally {
    for (const { table, column } of lent) await t.db.execute(sql.raw(`alter table "${table}" drop column "${column}"`));
  }
}
