// India time in SQL, made from lib/format.ts's one offset. Apart from format.ts because that file has no imports
// (client components use it) and this one needs Drizzle.
import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import { INDIA_OFFSET_MINUTES } from "./format";

/** The India day (a `date`) of a timestamptz: plain arithmetic, as in format.ts, so no time-zone data is needed. */
export function indiaDaySql(at: AnyColumn | SQL): SQL<string> {
  return sql<string>`(((${at} at time zone 'UTC') + interval '${sql.raw(String(INDIA_OFFSET_MINUTES))} minutes')::date)`;
}
