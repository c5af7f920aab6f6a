// Test databases: each test file gets its own, migrated from the committed SQL. PGlite in memory by default;
// with DATABASE_URL a throwaway database on that server (dropped afterwards), so files can run in parallel.
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { is, sql } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { createDatabase, type Database } from "./client";
import { migrationsFolder, runMigrations } from "./migrator";
import { rowsOf } from "./rows";
import * as schema from "./schema";
import { PG_TEMPLATE_ENV, TEMPLATE_ENV } from "./test-template";

export interface TestDatabase extends Database {
  dispose(): Promise<void>;
}

/** `migrate: false` leaves the database empty, for tests that apply migrations themselves. */
export async function openTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = opts.migrate ?? true;
  const url = process.env.DATABASE_URL;
  if (!url) {
    const template = migrate ? migratedTemplate() : undefined;
    const database = createDatabase({ pgliteDir: "memory://", pgliteData: template });
    // The template is what runMigrations leaves (db/test-template.ts); without one (a run outside Vitest), migrate.
    if (migrate && !template) await runMigrations(database);
    return { ...database, dispose: () => database.close() };
  }
  const name = `anw_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  // A copy of the migrated template Vitest's global setup made (db/test-template.ts); without one, migrate.
  const template = migrate ? process.env[PG_TEMPLATE_ENV] : undefined;
  await admin.unsafe(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = createDatabase({ url: target.toString(), max: 20 });
  if (migrate && !template) await runMigrations(database);
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

let template: Blob | undefined;
/** The migrated data directory Vitest's global setup made, read once per worker. */
function migratedTemplate(): Blob | undefined {
  const file = process.env[TEMPLATE_ENV];
  if (!file) return undefined;
  template ??= new Blob([readFileSync(file)]);
  return template;
}

export const testDatabaseKind = () => (process.env.DATABASE_URL ? "postgres" : "pglite");

/**
 * For migration tests that seed an older schema with today's code (which writes today's columns and tables): every
 * column of a table in today's schema that the database does not have yet, and every such table, is lent (added,
 * nullable, no default, no constraint) while `write` runs, and taken back after, so the migration under test then
 * runs on the shape its predecessors left.
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
  const lentTables: string[] = [];
  const sqlType = (column: ReturnType<typeof getTableConfig>["columns"][number]) =>
    // An enum a later migration makes does not exist yet: its values are lent as text.
    column.columnType === "PgEnumColumn" || column.getSQLType().includes("enum") ? "text" : column.getSQLType();
  for (const table of (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable))) {
    const config = getTableConfig(table);
    if (![...present].some((k) => k.startsWith(`${config.name}.`))) {
      // A table a later migration makes (today's seeder may write to it): lent bare, every column nullable.
      const columns = config.columns.map((c) => `"${c.name}" ${sqlType(c)}`).join(", ");
      await t.db.execute(sql.raw(`create table "${config.name}" (${columns})`));
      lentTables.push(config.name);
      continue;
    }
    for (const column of config.columns) {
      if (present.has(`${config.name}.${column.name}`)) continue;
      await t.db.execute(sql.raw(`alter table "${config.name}" add column "${column.name}" ${sqlType(column)}`));
      lent.push({ table: config.name, column: column.name });
    }
  }
  try {
    return await write();
  } finally {
    for (const { table, column } of lent) await t.db.execute(sql.raw(`alter table "${table}" drop column "${column}"`));
    for (const table of lentTables) await t.db.execute(sql.raw(`drop table "${table}"`));
  }
}

/**
 * For migration tests: a copy of the migrations folder without the migration whose tag ends with `tagSuffix` and
 * any after it. Found by name, since migrations made on branches are renumbered when they are merged.
 */
export function migrationsBefore(tagSuffix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "anw-migrations-"));
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalPath = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag.endsWith(tagSuffix));
  if (at <= 0) throw new Error(`no migration after the first ends with ${tagSuffix}`);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}
