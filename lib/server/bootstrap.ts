// On server start: in embedded mode, apply migrations and seed a database that has no users yet, so
// `npm run dev` on a fresh clone shows a working festival with no set-up. On a server others can reach
// (`publicServer`), the demo organiser's password is generated (or DEMO_ORGANISER_PASSWORD) and said once here.
import { existsSync } from "node:fs";
import path from "node:path";
import { appDatabase, appDatabaseOptions, type DatabaseOptions } from "@/db/client";
import { demoPasswords } from "@/db/demo-passwords";
import { runMigrations } from "@/db/migrator";
import { isEmpty, retireReadmeOrganiserPassword, seedDemoData } from "@/lib/demo/seeder";

export interface Bootstrapped {
  message: string;
  /** The demo organiser's new password, when this start generated one (to print once). */
  organiserPassword?: string;
}

/**
 * The one line a first start says before its long silence: an embedded database folder not made yet is migrated
 * and seeded, and then `next dev` compiles the first page. Null when the folder exists, or on a Postgres server.
 */
export function firstStartNote(opts: DatabaseOptions): string | null {
  if (opts.url) return null;
  const dir = opts.pgliteDir ?? path.join(process.cwd(), ".data", "pglite");
  if (dir.startsWith("memory://") || existsSync(path.join(dir, "PG_VERSION"))) return null;
  return `first start: making the embedded database at ${dir} (migrating, seeding), then compiling the first page; about 45 s before the first page answers`;
}

/**
 * `say` hears each step as it begins (start.ts logs them: "migrating", then "seeding" on a database with no
 * accounts yet), so a first start's long silence is explained line by line; the result says what was done.
 */
export async function bootstrapEmbeddedDatabase(
  publicServer: boolean,
  say: (line: string) => void = () => {},
): Promise<Bootstrapped | null> {
  const note = firstStartNote(appDatabaseOptions());
  const database = appDatabase();
  if (database.kind !== "pglite") return null;
  if (note) say(note);
  say(`migrating the embedded database at ${database.where}`);
  await runMigrations(database);
  const passwords = demoPasswords(process.env, publicServer);
  if (await isEmpty(database)) {
    say("seeding demo events and accounts");
    const added = await seedDemoData(database, passwords);
    return {
      message: `embedded database at ${database.where}: migrated and seeded (${added.events} events, ${added.users} demo accounts)`,
      organiserPassword: added.organiserPassword,
    };
  }
  const retired = publicServer ? await retireReadmeOrganiserPassword(database, passwords) : undefined;
  return {
    message: `embedded database at ${database.where}: migrated${retired ? "; the demo organiser's README password was replaced" : ""}`,
    organiserPassword: passwords.organiserGenerated ? retired : undefined,
  };
}
