// The job queue's tables (pg-boss, schema "pgboss") are part of the database like our own: the migrator
// installs them and the queues below, so any transaction, in any database the app or a test uses, can add a
// job together with the change that causes it. Workers (lib/jobs) only ever find the schema ready.
import PgBoss from "pg-boss";
import type { Database } from "./client";

export const JOB_SCHEMA = "pgboss";

/**
 * Every queue the app uses. A queue is a partition of pgboss.job, so it must exist before a job can be added
 * to it; a job sent to a missing queue would be dropped without an error. Add a name here with its worker.
 */
export const QUEUES = [
  "mail-send",
  // Mail a person is waiting on (a password reset, a sign-in link): its own line, so receipts never hold it back.
  "mail-urgent",
  "reconcile",
  "sweep-rate-limits",
  "outbox-sweep",
  "flagged-digest",
  "organiser-rollup",
  "waitlist-offers",
  "certificate-mails",
] as const;
export type QueueName = (typeof QUEUES)[number];

/**
 * Queues whose jobs are keyed: "stately" keeps at most one waiting and one running job per singletonKey, so a burst
 * of causes (twenty seats freed at once) makes one more run, not twenty (lib/jobs/waitlist-wake.ts).
 */
export const QUEUE_POLICIES: Partial<Record<QueueName, "stately">> = { "waitlist-offers": "stately" };

/** pg-boss's driver interface over the app's own client: postgres-js or PGlite, one code path for both. */
export function jobQueueDb(database: Database): PgBoss.Db {
  const client = database.client;
  if (client.kind === "postgres") {
    const sql = client.sql;
    return {
      async executeSql(text, values) {
        if (values?.length) return { rows: [...(await sql.unsafe(text, values.map(toParam) as never[]))] };
        // Parameterless calls are pg-boss's multi-statement scripts (BEGIN; … COMMIT;): the simple protocol on
        // one reserved connection runs them as node-postgres would (postgres-js refuses BEGIN on its pool).
        const conn = await sql.reserve();
        try {
          return { rows: flattenRows((await conn.unsafe(text).simple()) as unknown as unknown[]) };
        } finally {
          conn.release();
        }
      },
    };
  }
  const pg = client.pg;
  return {
    async executeSql(text, values) {
      if (values?.length) return { rows: (await pg.query(text, values.map(toParam))).rows };
      const results = await pg.exec(text);
      return { rows: results.flatMap((r) => r.rows) };
    },
  };
}

/** As node-postgres binds them: undefined as null, a plain object as JSON. */
export function toParam(value: unknown): unknown {
  if (value === undefined) return null;
  if (value && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    return JSON.stringify(value);
  }
  return value;
}

function flattenRows(result: unknown[]): unknown[] {
  // A multi-statement script answers one result per statement; a single statement answers its rows.
  return result.length && result.every(Array.isArray) ? (result as unknown[][]).flat() : result;
}

/** Installs (or upgrades) pg-boss's schema and creates the app's queues. Idempotent and safe to run concurrently. */
export async function installJobQueue(database: Database): Promise<void> {
  const boss = new PgBoss({
    db: jobQueueDb(database),
    schema: JOB_SCHEMA,
    migrate: true,
    supervise: false,
    schedule: false,
  });
  await boss.start();
  try {
    for (const name of QUEUES) await boss.createQueue(name, { name, policy: QUEUE_POLICIES[name] });
  } finally {
    await boss.stop({ graceful: false, close: false });
  }
}
