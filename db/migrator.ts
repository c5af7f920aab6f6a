// Applies the committed SQL migrations in db/migrations. On a Postgres server an advisory lock makes it safe
// for several app instances (or a deploy step and an instance) to start at once.
import path from "node:path";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Database } from "./client";
import { installJobQueue } from "./job-queue";

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");
const LOCK_KEY = 774_201_611; // arbitrary, constant: "anwesha migrations"

/** `folder` is for tests that apply an older set of migrations first. */
export async function runMigrations(database: Database, folder = migrationsFolder): Promise<void> {
  const migrationsFolder = folder;
  const client = database.client;
  if (client.kind === "pglite") {
    await migratePglite(drizzlePglite({ client: client.pg }), { migrationsFolder });
    await installJobQueue(database);
    return;
  }
  // A dedicated single connection: the advisory lock belongs to a session, so lock and migrations share one.
  const conn = postgres(client.url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await conn`select pg_advisory_lock(${LOCK_KEY})`;
    try {
      await migratePostgres(drizzlePostgres({ client: conn }), { migrationsFolder });
      await installJobQueue(database);
    } finally {
      await conn`select pg_advisory_unlock(${LOCK_KEY})`;
    }
  } finally {
    await conn.end({ timeout: 5 });
  }
}
