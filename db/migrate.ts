// `npm run db:migrate`: apply migrations to DATABASE_URL, or to the embedded database when it is unset.
import { appDatabaseOptions, createDatabase } from "./client";
import { runMigrations } from "./migrator";

const database = createDatabase({ ...appDatabaseOptions(), max: 1 });
try {
  await runMigrations(database);
  console.log(`migrations applied (${database.kind}: ${database.where})`);
  await database.close();
  process.exit(0);
} catch (error) {
  console.error("migration failed:", error instanceof Error ? error.message : error);
  await database.close().catch(() => {});
  process.exit(1);
}
