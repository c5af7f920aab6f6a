// On server start: in embedded mode, apply migrations and seed a database that has no users yet, so
// `npm run dev` on a fresh clone shows a working festival with no set-up. On a server others can reach
// (`publicServer`), the demo organiser's password is generated (or DEMO_ORGANISER_PASSWORD) and said once here.
import { appDatabase } from "./client";
import { demoPasswords } from "./demo-passwords";
import { runMigrations } from "./migrator";
import { isEmpty, retireReadmeOrganiserPassword, seedDemoData } from "./seeder";

export interface Bootstrapped {
  message: string;
  /** The demo organiser's new password, when this start generated one (to print once). */
  organiserPassword?: string;
}

export async function bootstrapEmbeddedDatabase(publicServer: boolean): Promise<Bootstrapped | null> {
  const database = appDatabase();
  if (database.kind !== "pglite") return null;
  await runMigrations(database);
  const passwords = demoPasswords(process.env, publicServer);
  if (await isEmpty(database)) {
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
