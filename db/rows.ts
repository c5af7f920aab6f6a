// `db.execute` answers differently on PGlite ({ rows }) and postgres-js (an array): one reader for both, and the
// only one (db/rows.test.ts fails on another unwrapping of a raw result).
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Db } from "./client";

type Rows<T> = { rows?: T[] } | T[];
const unwrap = <T>(result: Rows<T>): T[] => (Array.isArray(result) ? result : (result.rows ?? []));

/** The rows of a raw statement, on either driver. A transaction will do (it can `execute` too). */
export async function rowsOf<T>(db: Pick<Db, "execute">, query: SQL): Promise<T[]> {
  return unwrap((await db.execute(query)) as unknown as Rows<T>);
}

const dialect = new PgDialect();

/**
 * As rowsOf, for a hot statement: kept prepared on each connection. An unnamed statement with parameters costs
 * postgres-js two round trips (it asks the server for the parameters' types, then binds), and the server parses
 * and plans it every time; a prepared one is one round trip once the connection knows it. Only for statements
 * whose text the code fixes (a handful of shapes, such as one per basket size): each shape stays prepared for the
 * connection's life, so a text built from data would pile up. PGlite runs it as rowsOf does.
 */
export async function preparedRowsOf<T>(db: Pick<Db, "_">, query: SQL): Promise<T[]> {
  // Drizzle prepares a query only when it is given a name (postgres-js then names it itself, per connection).
  const prepared = db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, "anw_raw", false);
  return unwrap((await prepared.execute()) as unknown as Rows<T>);
}
