// On server start in embedded mode: apply migrations, and seed a database that has no users yet, so
// `npm run dev` on a fresh clone shows a working festival with no set-up.
import { appDatabase } from "./client";
import { runMigrations } from "./migrator";
import { isEmpty, seedDemoData } from "./seeder";

export async function bootstrapEmbeddedDatabase(): Promise<string | null> {
  const database = appDatabase();
  if (database.kind !== "pglite") return null;
  await runMigrations(database);
  if (await isEmpty(database)) {
    const added = await seedDemoData(database);
    return `embedded database at ${database.where}: migrated and seeded (${added.events} events, ${added.users} demo accounts)`;
  }
  return `embedded database at ${database.where}: migrated`;
}
