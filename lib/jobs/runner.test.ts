import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { openTestDatabase, type TestDatabase } from "@/db/testing";
import { failedJobs } from "./failures";
import { cronEvery, type JobDefinition, type JobRunner, startJobRunner } from "./runner";
import { sendInTransaction } from "./send";
import { cronChecks, drain } from "./testing";

let t: TestDatabase;
const runners: JobRunner[] = [];
const extra: Database[] = [];
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  for (const r of runners) await r.stop();
  for (const d of extra) await d.close();
  await t?.dispose();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await sleep(100);
  }
}
async function start(database: Database, jobs: JobDefinition[]): Promise<JobRunner> {
  const runner = await startJobRunner({ database, jobs, pollingIntervalSeconds: 0.5, cronMonitorIntervalSeconds: 1 });
  runners.push(runner);
  return runner;
}
/** A second "app instance": its own connection pool on the same Postgres database; on PGlite, the same database. */
function secondInstance(): Database {
  if (t.client.kind === "pglite") return t;
  const d = createDatabase({ url: t.client.url, max: 5 });
  extra.push(d);
  return d;
}

describe("job queue", () => {
  it("runs a job added in a transaction only if it commits, retrying a failure with backoff", async () => {
    const runs: { at: number; retry: number; value: unknown }[] = [];
    await start(t, [
      {
        name: "sweep-rate-limits",
        retryLimit: 3,
        retryDelaySeconds: 1,
        expireInSeconds: 30,
        handler: async (data, ctx) => {
          runs.push({ at: Date.now(), retry: ctx.retryCount, value: (data as { value: string }).value });
          if (ctx.retryCount < 2) throw new Error(`transient failure ${ctx.retryCount}`);
        },
      },
    ]);
    await t.db
      .transaction(async (tx) => {
        await sendInTransaction(tx, "sweep-rate-limits", { value: "rolled back" });
        throw new Error("rollback");
      })
      .catch(() => {});
    await t.db.transaction((tx) => sendInTransaction(tx, "sweep-rate-limits", { value: "committed" }).then(() => {}));
    await until(() => runs.length >= 3);
    await drain(t.db, ["sweep-rate-limits"]); // a fourth run would have to be queued by now
    expect(runs.map((r) => r.value)).toEqual(["committed", "committed", "committed"]);
    expect(runs.map((r) => r.retry)).toEqual([0, 1, 2]);
    // Exponential backoff: the n-th retry waits 1·2^n to 2·2^n seconds (jitter), so at least 1 s, then 2 s.
    const [a, b, c] = runs.map((r) => r.at);
    expect(b! - a!).toBeGreaterThanOrEqual(950);
    expect(c! - b!).toBeGreaterThanOrEqual(1950);
  }, 40_000);

  it("a worker drains its queue: 20 waiting jobs all run long before one polling interval has passed (a pause of 0.1 s between them)", async () => {
    const done: number[] = [];
    await t.db.transaction(async (tx) => {
      for (let n = 0; n < 20; n++) await sendInTransaction(tx, "flagged-digest", { n });
    });
    // One poll a minute, and the first is at start: were the worker to wait an interval after each job, as
    // pg-boss's loop does by itself, this test would see one job.
    const runner = await startJobRunner({
      database: t,
      pollingIntervalSeconds: 60,
      supervise: false,
      jobs: [
        {
          name: "flagged-digest",
          retryLimit: 0,
          retryDelaySeconds: 0,
          expireInSeconds: 30,
          handler: async (data) => void done.push((data as { n: number }).n),
        },
      ],
    });
    runners.push(runner);
    await until(() => done.length >= 20, 20_000);
    expect([...done].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n));
  }, 40_000);

  it("two instances on one database run a scheduled job once per slot, not twice", async () => {
    const runs: string[] = [];
    const job = (instance: string): JobDefinition => ({
      name: "reconcile",
      retryLimit: 0,
      retryDelaySeconds: 0,
      expireInSeconds: 60,
      cron: "* * * * *",
      handler: async () => {
        runs.push(instance);
      },
    });
    const [a] = await Promise.all([start(t, [job("a")]), start(secondInstance(), [job("b")])]);
    await until(() => runs.length >= 1);
    // Several more cron checks (by either instance), then no more (the schedule is gone), then everything they
    // scheduled has run. A minute boundary may fall in between: the next slot then runs once too, so the count is
    // per slot, never per instance.
    await cronChecks(t.db, 3);
    await a.boss.unschedule("reconcile");
    await cronChecks(t.db, 1); // one check after: any check that read the schedule before it went has finished
    await drain(t.db, ["__pgboss__send-it", "reconcile"]);
    // A slot is a cron minute: pg-boss records it as the singleton_on of the "send it" job the cron check queues
    // (the minute a job was created is not its slot: a slot's job may be created a moment into the next minute).
    const [slots] = await rowsOf<{ jobs: number; slots: number; sends: number }>(
      t.db,
      sql`select (select count(*)::int from pgboss.job where name = 'reconcile') as jobs,
        (select count(distinct singleton_on)::int from pgboss.job where name = '__pgboss__send-it' and singleton_key = 'reconcile') as slots,
        (select count(*)::int from pgboss.job where name = '__pgboss__send-it' and singleton_key = 'reconcile') as sends`,
    );
    expect(slots!.sends).toBe(slots!.slots);
    expect(slots!.jobs).toBe(slots!.slots);
    expect(runs).toHaveLength(slots!.jobs);
  }, 60_000);

  it("shows a job that ran out of retries, with its message", async () => {
    await start(t, [
      {
        name: "outbox-sweep",
        retryLimit: 1,
        retryDelaySeconds: 1,
        expireInSeconds: 30,
        handler: async () => {
          throw new Error("the SMTP server said no");
        },
      },
    ]);
    const before = (await failedJobs(t.db)).count;
    await t.db.transaction((tx) => sendInTransaction(tx, "outbox-sweep", {}).then(() => {}));
    await until(async () => (await failedJobs(t.db)).count > before);
    const { jobs } = await failedJobs(t.db);
    expect(jobs[0]).toMatchObject({ queue: "outbox-sweep", retryCount: 1, error: "the SMTP server said no" });
  }, 30_000);

  it("turns an interval in seconds into a schedule", () => {
    expect(cronEvery(0)).toBeNull();
    expect(cronEvery(60)).toBe("* * * * *");
    expect(cronEvery(20)).toBe("* * * * *");
    expect(cronEvery(300)).toBe("*/5 * * * *");
    expect(cronEvery(7200)).toBe("0 */2 * * *");
  });
});
