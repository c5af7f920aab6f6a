// Vitest's global setup for the embedded database: every test file opens its own PGlite, and migrating a fresh one
// (every migration, then pg-boss's schema) costs seconds each time. Migrate one once, keep its data directory as
// a tarball keyed by what shapes it (the migrations, the job queue's install, PGlite's version), and let each test
// file's database start from a copy (db/testing.ts). A change to any migration makes a new key, so a stale copy is
// never used. On the Postgres server nothing changes: each file migrates its own throwaway database.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createDatabase } from "./client";
import { migrationsFolder, runMigrations } from "./migrator";

/** The environment variable that hands the tarball's path to the test workers. */
export const TEMPLATE_ENV = "ANW_PGLITE_TEMPLATE";

function templateKey(): string {
  const hash = createHash("sha256");
  const sqlFiles = readdirSync(migrationsFolder)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  for (const f of sqlFiles) hash.update(f).update(readFileSync(path.join(migrationsFolder, f)));
  hash.update(readFileSync(path.join(migrationsFolder, "meta", "_journal.json")));
  hash.update(readFileSync(path.join(process.cwd(), "db", "job-queue.ts")));
  for (const pkg of ["@electric-sql/pglite", "pg-boss"]) {
    hash.update(readFileSync(path.join(process.cwd(), "node_modules", pkg, "package.json")));
  }
  return hash.digest("hex").slice(0, 16);
}

export default async function setup(): Promise<void> {
  if (process.env.DATABASE_URL || process.env[TEMPLATE_ENV]) return;
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
