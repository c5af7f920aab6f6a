// `npm run db:seed`: demo events and accounts, into DATABASE_URL or the embedded database. Safe to run twice.
// Refuses a production database unless given --force (db/demo-passwords.ts says which).
import { appDatabaseOptions, createDatabase } from "../db/client";
import { demoPasswords, keepGeneratedPassword, publicServerFrom, seedRefusal } from "../db/demo-passwords";
import { runMigrations } from "../db/migrator";
import { seedDemoData } from "../lib/demo/seeder";

const refusal = seedRefusal(process.env, process.argv.slice(2));
if (refusal) {
  console.error(`seed refused: ${refusal}`);
  process.exit(2);
}
const database = createDatabase({ ...appDatabaseOptions(), max: 1 });
try {
  await runMigrations(database);
  const added = await seedDemoData(database, demoPasswords(process.env, publicServerFrom(process.env)));
  console.log(`seeded ${database.kind}: ${added.events} new events, ${added.users} new accounts`);
  if (added.organiserPassword) {
    const file = keepGeneratedPassword(added.organiserPassword);
    console.log(`demo organiser organiser@example.com has a generated password, written to ${file} (readable by its owner only)`);
  }
  await database.close();
  process.exit(0);
} catch (error) {
  console.error("seed failed:", error instanceof Error ? error.message : error);
  await database.close().catch(() => {});
  process.exit(1);
}
