// Adding a job inside the caller's transaction (Drizzle, on either driver): the job exists exactly when the
// transaction commits, so the change and the work it causes are never separated.
import { type SQL, sql } from "drizzle-orm";
import PgBoss from "pg-boss";
import type { Db } from "@/db/client";
import { JOB_SCHEMA, type QueueName, toParam } from "@/db/job-queue";
import { rowsOf } from "@/db/rows";

// Never started and never connected: it only builds pg-boss's insert, which runs on the transaction given.
const builder = new PgBoss({
  schema: JOB_SCHEMA,
  db: {
    executeSql: () => Promise.reject(new Error("jobs are only sent inside a transaction (sendInTransaction)")),
  },
});

export type SendOptions = Pick<
  PgBoss.SendOptions,
  "singletonKey" | "startAfter" | "retryLimit" | "retryDelay" | "retryBackoff" | "expireInSeconds"
>;

export async function sendInTransaction(
  tx: Pick<Db, "execute">,
  name: QueueName,
  data: object,
  options: SendOptions = {},
): Promise<string | null> {
  return builder.send(name, data, { ...options, db: transactionDb(tx) });
}

/** pg-boss's driver interface over a Drizzle transaction. */
function transactionDb(tx: Pick<Db, "execute">): PgBoss.Db {
  return {
    async executeSql(text, values = []) {
      // "$1 … $n" → Drizzle SQL with bound parameters in textual order (a reused $n is bound again).
      const parts = text.split(/\$(\d+)/);
      const chunks = [sql.raw(parts[0]!)];
      for (let i = 1; i < parts.length; i += 2) {
        chunks.push(sql`${sql.param(toParam(values[Number(parts[i]) - 1]))}`, sql.raw(parts[i + 1]!));
      }
      return { rows: await rowsOf(tx, sql.join(chunks)) };
    },
  };
}

/**
 * The SQL that adds one job to `name` for each id `ids` yields (a subquery), with data `{"id": <id>}`: for a
 * statement that must make a change and its job at once (the payment return's one statement, where a second round
 * trip would halve the throughput). It mirrors what pg-boss's own send inserts for a job with no options of its
 * own (the queue's retry, backoff, expiry and retention settings; pg-boss's defaults where the queue has none);
 * lib/jobs/send.test.ts compares the two rows column by column, so a pg-boss upgrade that changes them fails there.
 */
export function insertJobsSql(name: QueueName, ids: SQL): SQL {
  const job = sql.raw(`${JOB_SCHEMA}.job`);
  const queue = sql.raw(`${JOB_SCHEMA}.queue`);
  return sql`insert into ${job} (name, data, priority, start_after, dead_letter, expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy)
    select q.name, jsonb_build_object('id', i.id), 0, now(), q.dead_letter,
      coalesce(q.expire_seconds * interval '1s', interval '15 minutes'),
      now() + cast(coalesce((q.retention_minutes * 60)::text, '14 days') as interval),
      coalesce(q.retry_limit, 2),
      case when coalesce(q.retry_backoff, false) then greatest(coalesce(q.retry_delay, 0), 1) else coalesce(q.retry_delay, 0) end,
      coalesce(q.retry_backoff, false), q.policy
    from (${ids}) i (id) join ${queue} q on q.name = ${name}
    returning id`;
}
