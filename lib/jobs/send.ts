// Adding a job inside the caller's transaction (Drizzle, on either driver): the job exists exactly when the
// transaction commits, so the change and the work it causes are never separated.
import { sql } from "drizzle-orm";
import PgBoss from "pg-boss";
import type { Db } from "@/db/client";
import { JOB_SCHEMA, type QueueName, toParam } from "@/db/job-queue";

// Never started and never connected: it only builds pg-boss's insert, which runs on the transaction given.
const builder = new PgBoss({
  schema: JOB_SCHEMA,
  db: {
    executeSql: () => Promise.reject(new Error("jobs are only sent inside a transaction (sendInTransaction)")),
  },
});

export type SendOptions = Pick<PgBoss.SendOptions, "singletonKey" | "startAfter" | "retryLimit" | "retryDelay" | "retryBackoff" | "expireInSeconds">;

export async function sendInTransaction(tx: Pick<Db, "execute">, name: QueueName, data: object, options: SendOptions = {}): Promise<string | null> {
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
      const result = (await tx.execute(sql.join(chunks))) as unknown as { rows?: unknown[] } | unknown[];
      return { rows: Array.isArray(result) ? result : (result.rows ?? []) };
    },
  };
}
