// Vitest's global setup: every test file opens its own database, and migrating a fresh one (every migration, then
// pg-boss's schema) costs seconds on PGlite and about half a second on the server, each time. Migrate one once and
// let each test file's database start from a copy (db/testing.ts), keyed by what shapes it (the migrations, the job
// queue's install, the packages' versions), so a change to any migration makes a new key and a stale copy is never
// used. On PGlite the copy is a tarball of the data directory; on the Postgres server, a template database that
// each file's CREATE DATABASE … TEMPLATE copies.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { createDatabase } from "./client";
import { migrationsFolder, runMigrations } from "./migrator";

/** The environment variable that hands the tarball's path to the test workers. */
export const TEMPLATE_ENV = "ANW_PGLITE_TEMPLATE";
/** The environment variable that hands the template database's name to the test workers (Postgres server). */
export const PG_TEMPLATE_ENV = "ANW_PG_TEMPLATE";
const PG_TEMPLATE_PREFIX = "anw_template_";

function templateKey(): string {
  const hash = createHash("sha256");
  const sqlFiles = readdirSync(migrationsFolder)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  for (const f of sqlFiles) hash.update(f).update(readFileSync(path.join(migrationsFolder, f)));
  hash.update(readFileSync(path.join(migrationsFolder, "meta", "_journal.json")));
  hash.update(readFileSync(path.join(process.cwd(), "db", "job-queue.ts")));
  for (const pkg of ["@electric-sql/pglite", "pg-boss", "postgres"]) {
    hash.update(readFileSync(path.join(process.cwd(), "node_modules", pkg, "package.json")));
  }
  return hash.digest("hex").slice(0, 16);
}

export default async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url) {
    process.env[PG_TEMPLATE_ENV] ??= await serverTemplate(url);
    return;
  }
  if (process.env[TEMPLATE_ENV]) return;
  const dir = path.join(process.cwd(), "node_modules", ".cache", "anwesha");
  const file = path.join(dir, `pglite-migrated-${templateKey()}.tar`);
  if (!existsSync(file)) {
    const database = createDatabase({ pgliteDir: "memory://" });
    try {
      await runMigrations(database);
      if (database.client.kind !== "pglite") throw new Error("expected PGlite");
      const tarball = await database.client.pg.dumpDataDir("none");
      mkdirSync(dir, { recursive: true });
      // Written under another name first: a worker of a parallel run never reads half a file.
      const partial = `${file}.${process.pid}`;
      writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()));
      renameSync(partial, file);
    } finally {
      await database.close();
    }
  }
  process.env[TEMPLATE_ENV] = file;
}

/**
 * The migrated template database on the server, made once per key: built under a temporary name and renamed when
 * complete, so a run never copies half of one; templates of other keys (older migrations) are dropped.
 */
async function serverTemplate(url: string): Promise<string> {
  const name = `${PG_TEMPLATE_PREFIX}${templateKey()}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const present = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`${PG_TEMPLATE_PREFIX}%`}`;
    for (const { datname } of present) {
      if (datname !== name) await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    if (present.some((d) => d.datname === name)) return name;
    const building = `${name}_${process.pid}`;
    await admin.unsafe(`CREATE DATABASE "${building}"`);
    const target = new URL(url);
    target.pathname = `/${building}`;
    const database = createDatabase({ url: target.toString(), max: 1 });
    try {
      await runMigrations(database);
    } finally {
      await database.close();
    }
    await admin.unsafe(`ALTER DATABASE "${building}" RENAME TO "${name}"`).catch(async () => {
      // Another run made it meanwhile: use theirs.
      await admin.unsafe(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
    });
    return name;
  } finally {
    await admin.end();
  }
}
