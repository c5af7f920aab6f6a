// `db.execute` answers differently on PGlite ({ rows }) and postgres-js (an array): one reader for both.
import type { SQL } from "drizzle-orm";
import type { Db, Tx } from "./client";

export async function rowsOf<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}
