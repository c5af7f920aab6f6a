// `db.execute` answers differently on PGlite ({ rows }) and postgres-js (an array): one reader for both, and the
// only one (db/rows.test.ts fails on another unwrapping of a raw result).
import type { SQL } from "drizzle-orm";
import type { Db } from "./client";

/** The rows of a raw statement, on either driver. A transaction will do (it can `execute` too). */
export async function rowsOf<T>(db: Pick<Db, "execute">, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}
