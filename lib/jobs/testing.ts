// For tests that must show something did NOT happen (a second mail, a second run): rather than sleeping "long
// enough", they wait for the queue's own evidence that everything it was going to do is done.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { JOB_SCHEMA, type QueueName } from "@/db/job-queue";
import { rowsOf } from "@/db/rows";

const s = sql.raw(JOB_SCHEMA);
const pause = () => new Promise((r) => setTimeout(r, 50));

/** Resolves once no job of `queues` is waiting, retrying or running (a retry scheduled for later counts as waiting). */
export async function drain(db: Db, queues: (QueueName | "__pgboss__send-it")[], timeoutMs = 30_000): Promise<void> {
  const names = sql.join(
    queues.map((q) => sql`${q}`),
    sql`, `,
  );
  const end = Date.now() + timeoutMs;
  for (;;) {
    const [busy] = await rowsOf<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${s}.job where name in (${names}) and state in ('created', 'retry', 'active')`,
    );
    if (!busy?.n) return;
    if (Date.now() > end) throw new Error(`${queues.join(", ")}: ${busy.n} job(s) still waiting after ${timeoutMs} ms`);
    await pause();
  }
}

/**
 * Resolves after `n` more cron checks have run (any instance's: pg-boss lets one instance check per interval and
 * stamps pgboss.version.cron_on when it does), so a test sees what those checks scheduled.
 */
export async function cronChecks(db: Db, n: number, timeoutMs = 30_000): Promise<void> {
  const stamp = async () => (await rowsOf<{ at: string | null }>(db, sql`select cron_on::text as at from ${s}.version`))[0]?.at ?? null;
  const end = Date.now() + timeoutMs;
  let last = await stamp();
  for (let seen = 0; seen < n; ) {
    if (Date.now() > end) throw new Error(`fewer than ${n} cron checks in ${timeoutMs} ms`);
    await pause();
    const now = await stamp();
    if (now !== last) [seen, last] = [seen + 1, now];
  }
}
