// Jobs that ran out of retries, for the organisers' "Background work" page. pg-boss keeps a failed job in
// pgboss.job and then in pgboss.archive (12 hours, then 7 days); both are read.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { JOB_SCHEMA } from "@/db/job-queue";
import { rowsOf } from "@/db/rows";

export interface FailedJob {
  id: string;
  queue: string;
  retryCount: number;
  failedAt: Date;
  /** The handler's error message (runner.ts throws messages without query text or parameters). */
  error: string;
}

const s = sql.raw(JOB_SCHEMA);

export async function failedJobs(db: Db, limit = 50): Promise<{ count: number; jobs: FailedJob[] }> {
  const source = sql`(
    select id, name, retry_count, completed_on, output from ${s}.job where state = 'failed' and name not like '\\_\\_pgboss%'
    union all
    select id, name, retry_count, completed_on, output from ${s}.archive where state = 'failed' and name not like '\\_\\_pgboss%'
  ) f`;
  const [counted] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from ${source}`);
  const list = await rowsOf<{ id: string; name: string; retry_count: number; completed_on: Date | string | null; error: string }>(
    db,
    sql`select id::text, name, retry_count, completed_on, left(coalesce(output->>'message', ''), 200) as error
        from ${source} order by completed_on desc nulls last limit ${limit}`,
  );
  return {
    count: counted?.n ?? 0,
    jobs: list.map((r) => ({
      id: r.id,
      queue: r.name,
      retryCount: r.retry_count,
      failedAt: new Date(r.completed_on ?? 0),
      error: r.error,
    })),
  };
}
