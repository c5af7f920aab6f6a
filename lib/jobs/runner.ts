// The job runner: one pg-boss instance per process over the app's own database client (postgres-js or PGlite,
// the same code path), with a worker per job and the cron schedules. pg-boss claims jobs with SKIP LOCKED and
// creates each scheduled run once per slot across every instance, so two instances never run it twice.
import PgBoss from "pg-boss";
import type { Database, Db } from "@/db/client";
import { JOB_SCHEMA, jobQueueDb, QUEUE_POLICIES, type QueueName } from "@/db/job-queue";
import { errSummary } from "@/lib/errors";
import { INDIA_TIME_ZONE } from "@/lib/format";
import { log } from "@/lib/log";

export interface JobContext {
  db: Db;
  jobId: string;
  /** 0 on the first run; the last run is the one where retryCount === retryLimit. */
  retryCount: number;
  retryLimit: number;
}

export interface JobDefinition {
  name: QueueName;
  handler: (data: unknown, ctx: JobContext) => Promise<void>;
  /** Retries with exponential backoff (retryDelay · 2^n seconds, with jitter). */
  retryLimit: number;
  retryDelaySeconds: number;
  /** A run that takes longer counts as failed (and is retried): a worker that died gives its job back. */
  expireInSeconds: number;
  /** Cron (minute granularity, India time); null = not scheduled, only run when sent. */
  cron?: string | null;
}

export interface RunnerOptions {
  database: Database;
  jobs: JobDefinition[];
  /** How often an idle worker asks for work. */
  pollingIntervalSeconds?: number;
  /** How often an instance checks whether a scheduled run is due (the check itself runs on one instance). */
  cronMonitorIntervalSeconds?: number;
  /** Runs the handlers' maintenance (expiry, archive) and cron; off for instances that only send. */
  supervise?: boolean;
}

export interface JobRunner {
  boss: PgBoss;
  /**
   * Stops fetching and waits up to `timeoutMs` (30 s, pg-boss's own default) for the jobs running now; past it they
   * are abandoned, and their next query meets a closed pool. A mail being rendered and sent on a loaded machine can
   * take more than a few seconds, so the wait is long; with nothing running, stop returns at once.
   */
  stop(timeoutMs?: number): Promise<void>;
}

/** Between two jobs of one queue while it drains (see startJobRunner). */
const DRAIN_PAUSE_MS = 100;

export async function startJobRunner(opts: RunnerOptions): Promise<JobRunner> {
  const supervise = opts.supervise ?? true;
  const boss = new PgBoss({
    db: jobQueueDb(opts.database),
    schema: JOB_SCHEMA,
    // The migrator installs and upgrades the schema (db/job-queue.ts); here it is only checked.
    migrate: false,
    supervise,
    schedule: supervise,
    cronMonitorIntervalSeconds: opts.cronMonitorIntervalSeconds ?? 30,
    cronWorkerIntervalSeconds: Math.min(opts.cronMonitorIntervalSeconds ?? 5, 5),
  });
  boss.on("error", (error: unknown) => log.warn({ err: errSummary(error) }, "job queue error"));
  await boss.start();
  for (const job of opts.jobs) {
    const queueOptions = {
      name: job.name,
      policy: QUEUE_POLICIES[job.name],
      retryLimit: job.retryLimit,
      retryDelay: job.retryDelaySeconds,
      retryBackoff: job.retryDelaySeconds > 0,
      expireInSeconds: job.expireInSeconds,
    };
    await boss.createQueue(job.name, queueOptions);
    await boss.updateQueue(job.name, queueOptions);
    // pg-boss's worker waits a whole polling interval after every fetch, so one job per interval (0.5 a second for
    // the mail queue: a fest's receipts would queue for hours). After a job it is told there may be more and fetches
    // again after a short pause: it drains the queue at up to ~10 jobs a second per queue and instance, and polls only
    // when the queue is empty. The pause keeps a backlog (12,000 receipts after a rush) from taking the CPU, and on
    // PGlite the one connection, away from the requests that caused it: mail may be late, payments never.
    let workerId = "";
    workerId = await boss.work(
      job.name,
      { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2, batchSize: 1, includeMetadata: true },
      async ([j]) => {
        if (!j) return;
        try {
          await runHandler(job, j.data, { db: opts.database.db, jobId: j.id, retryCount: j.retryCount, retryLimit: j.retryLimit });
        } finally {
          if (workerId) setTimeout(() => boss.notifyWorker(workerId), DRAIN_PAUSE_MS).unref();
        }
      },
    );
    if (supervise) {
      if (job.cron) await boss.schedule(job.name, job.cron, undefined, { tz: INDIA_TIME_ZONE });
      else await boss.unschedule(job.name);
    }
  }
  return {
    boss,
    async stop(timeoutMs = 30_000) {
      await boss.stop({ graceful: true, close: false, timeout: timeoutMs });
    },
  };
}

/**
 * Runs one job. A failure is logged by name and code only and re-thrown as a bare message: pg-boss stores what
 * a handler throws in pgboss.job.output, and a database error's text holds the query's parameters.
 */
async function runHandler(job: JobDefinition, data: unknown, ctx: JobContext): Promise<void> {
  try {
    await job.handler(data, ctx);
  } catch (error) {
    const summary = errSummary(error);
    const last = ctx.retryCount >= ctx.retryLimit;
    log.warn(
      { job: job.name, jobId: ctx.jobId, retryCount: ctx.retryCount, err: summary },
      last ? "job failed for good" : "job failed; will retry",
    );
    throw new Error(String(summary.message ?? "job failed"));
  }
}

/** "every N seconds" as cron (minute granularity): 0 → not scheduled. */
export function cronEvery(seconds: number): string | null {
  if (!seconds) return null;
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes === 1) return "* * * * *";
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = Math.min(23, Math.round(minutes / 60));
  return `0 */${hours} * * *`;
}
