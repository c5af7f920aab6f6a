// Whether every committed migration has been applied to a database: /api/health reports a database that
// answers but lacks migrations as unhealthy (the pages would answer 500 on missing tables).
import { sql } from "drizzle-orm";
import type { Db } from "./client";
import journal from "./migrations/meta/_journal.json";
import { rowsOf } from "./rows";

export interface MigrationStatus {
  expected: number;
  applied: number;
  upToDate: boolean;
}

export async function migrationStatus(db: Db): Promise<MigrationStatus> {
  const entries = journal.entries;
  const latest = entries.at(-1)?.when ?? 0;
  let applied = 0;
  let newest = 0;
  try {
    // drizzle's migrator records each applied migration with its journal timestamp ("when") as created_at.
    const [row] = await rowsOf<{ n: number; newest: string }>(
      db,
      sql`select count(*)::int as "n", coalesce(max(created_at), 0)::text as "newest" from drizzle.__drizzle_migrations`,
    );
    applied = Number(row?.n ?? 0);
    newest = Number(row?.newest ?? 0);
  } catch (error) {
    // No migrations table at all (42P01 undefined_table, 3F000 undefined schema): nothing was ever applied.
    const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
    if (code !== "42P01" && code !== "3F000") throw error;
  }
  return { expected: entries.length, applied, upToDate: applied >= entries.length && newest >= latest };
}
