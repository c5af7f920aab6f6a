// `npm run db:seed`: demo events and accounts, into DATABASE_URL or the embedded database. Safe to run twice.
import { appDatabaseOptions, createDatabase } from "./client";
import { runMigrations } from "./migrator";
import { seedDemoData } from "./seeder";

const database = createDatabase({ ...appDatabaseOptions(), max: 1 });
try {
  await runMigrations(database);
  const added = await seedDemoData(database);
  console.log(`seeded ${database.kind}: ${added.events} new events, ${added.users} new accounts`);
  await database.close();
  process.exit(0);
} catch (error) {
  console.error("seed failed:", error instanceof Error ? error.message : error);
  await database.close().catch(() => {});
  process.exit(1);
}
