// The mail queues' jobs: "mail-send" delivers one outbox message (retried with backoff while SMTP is down), and
// "mail-urgent" does the same for the mail people wait for (lib/mail/queues.ts) with a worker of its own; and
// "outbox-sweep" (every 5 minutes) gives a job back to any message left without one, e.g. a worker that died
// holding its lease, or a message queued outside a transaction. Together: late perhaps, lost never.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { JOB_SCHEMA } from "@/db/job-queue";
import { rowsOf } from "@/db/rows";
import type { JobDefinition } from "@/lib/jobs/runner";
import { sendInTransaction } from "@/lib/jobs/send";
import { deliverOutboxMessage, type MailDeps } from "./deliver";
import { MAIL_QUEUES, type MailQueue, mailQueueFor } from "./queues";

export interface MailJobOptions {
  /** First retry after about this long, then doubling (with jitter): 15 s → ~17 h for the 12th. */
  retryDelaySeconds?: number;
  retryLimit?: number;
  /** The queue this worker serves (default "mail-send"). */
  queue?: MailQueue;
}

export function mailSendJob(deps: (db: Db) => MailDeps, opts: MailJobOptions = {}): JobDefinition {
  return {
    name: opts.queue ?? "mail-send",
    retryLimit: opts.retryLimit ?? 12,
    retryDelaySeconds: opts.retryDelaySeconds ?? 15,
    expireInSeconds: 120,
    handler: async (data, ctx) => {
      const id = (data as { id?: unknown } | null)?.id;
      if (typeof id !== "string") return; // not ours to retry
      await deliverOutboxMessage(deps(ctx.db), id, { last: ctx.retryCount >= ctx.retryLimit });
    },
  };
}

/** A worker for each mail queue: what an app instance (or a test reading the mail) runs. */
export function mailJobs(deps: (db: Db) => MailDeps, opts: Omit<MailJobOptions, "queue"> = {}): JobDefinition[] {
  return MAIL_QUEUES.map((queue) => mailSendJob(deps, { ...opts, queue }));
}

export function outboxSweepJob(): JobDefinition {
  return {
    name: "outbox-sweep",
    retryLimit: 0,
    retryDelaySeconds: 0,
    expireInSeconds: 120,
    cron: "*/5 * * * *",
    handler: async (_data, ctx) => {
      await requeueOrphans(ctx.db);
    },
  };
}

/** Messages waiting for more than `minutes` with no live delivery job get one. Returns how many. */
export async function requeueOrphans(db: Db, minutes = 5): Promise<number> {
  const jobs = sql.raw(`${JOB_SCHEMA}.job`);
  return db.transaction(async (tx) => {
    const orphans = await rowsOf<{ id: string; template: string }>(
      tx,
      sql`
      select o.id::text as id, o.template from outbox o
      where (o.status = 'pending' or (o.status = 'sending' and o.lease_until < now()))
        and o.updated_at < now() - make_interval(mins => ${minutes})
        and not exists (select 1 from ${jobs} j where j.name in ('mail-send', 'mail-urgent') and j.data->>'id' = o.id::text and j.state < 'completed')
      order by o.created_at
      limit 100
      for update of o skip locked`,
    );
    for (const { id, template } of orphans) await sendInTransaction(tx, mailQueueFor(template), { id });
    return orphans.length;
  });
}
