// A success is asked about again on later days: the bank may auto-reverse it (NDPS: "Success → Auto Reversal,
// T+2"), and the gateway's settlement status (reconStatus) is learned only later. By default each success is asked
// about 1 and 3 days after it was recorded (REVERIFY_AFTER_DAYS). A reversal is settled by settle() (success →
// reversed); the settlement status is kept on the payment by requery().
//
// Safe on several instances at once, like reconcile(): due payments are claimed in one statement with FOR UPDATE
// SKIP LOCKED and stamped with last_checked_at, so two passes never ask about the same payment.
import { sql } from "drizzle-orm";
import { type Payment, payments } from "@/db/schema";
import { log } from "@/lib/log";
import type { PaymentDeps } from "./deps";
import { requerySafely } from "./requery";

/** Days after a success is recorded on which it is asked about again. */
const DEFAULT_REVERIFY_AFTER_DAYS: readonly number[] = [1, 3];

export interface SuccessRequeryOptions {
  now?: Date;
  /** Payments per pass. */
  limit?: number;
  /** Overrides deps.requerySuccessesAfterDays (ascending, in days, fractions allowed). */
  afterDays?: readonly number[];
  /** A query that learned nothing (gateway down, empty answer) is asked again after this long. */
  retryMs?: number;
}

export interface SuccessRequeryReport {
  checked: number;
  /** The gateway confirmed the success (OTS0000), perhaps with a new settlement status. */
  confirmed: number;
  /** The bank reversed it: now `reversed`. */
  reversed: number;
  /** The gateway answered something else for a recorded success (e.g. no data): logged, left alone. */
  contradicted: number;
  /** Nothing learned: asked again after retryMs. */
  unknown: number;
  /** Successes whose scheduled requeries were all done in this pass (they leave the queue). */
  done: number;
}

const DAY_MS = 24 * 60 * 60_000;

export async function requerySuccesses(deps: PaymentDeps, opts: SuccessRequeryOptions = {}): Promise<SuccessRequeryReport> {
  const now = opts.now ?? new Date();
  const days = opts.afterDays ?? deps.requerySuccessesAfterDays ?? DEFAULT_REVERIFY_AFTER_DAYS;
  const limit = opts.limit ?? 50;
  const retryMs = opts.retryMs ?? 30 * 60_000;
  const report: SuccessRequeryReport = { checked: 0, confirmed: 0, reversed: 0, contradicted: 0, unknown: 0, done: 0 };
  if (days.length === 0) return report;
  const nowText = now.toISOString();
  // The requery the payment is at (reverify_count, from 0) is due `days[count]` days after it was recorded.
  const dueMs = sql.raw(`(array[${days.map((d) => Math.round(d * DAY_MS)).join(",")}]::float8[])`);
  const claimed = (await deps.db
    .update(payments)
    .set({ lastCheckedAt: now })
    .where(
      sql`${payments.id} in (
        select id from payments
        where status = 'success' and reverify_done_at is null and settled_at is not null and method = 'gateway'
          and reverify_count < ${days.length}
          and settled_at <= ${nowText}::timestamptz - ${dueMs}[reverify_count + 1] * interval '1 millisecond'
          and (last_checked_at is null or last_checked_at < ${nowText}::timestamptz - ${retryMs}::float8 * interval '1 millisecond')
        order by settled_at
        limit ${limit}
        for update skip locked)`,
    )
    .returning()) as Payment[];

  for (const p of claimed) {
    report.checked++;
    const result = await requerySafely(deps, p, { now });
    if (result.unknown) {
      report.unknown++;
      log.warn(
        { merchTxnId: p.merchTxnId, reason: result.unknownReason },
        "success requery: the gateway could not confirm a success; asking again later",
      );
      continue;
    }
    if (result.to === "reversed") report.reversed++;
    else if (result.statusCode === "OTS0000") report.confirmed++;
    else {
      report.contradicted++;
      log.warn(
        { merchTxnId: p.merchTxnId, statusCode: result.statusCode },
        "success requery: the status API contradicts a recorded success; left as it is",
      );
    }
    // One scheduled requery done; after the last one the payment leaves the queue.
    const [row] = await deps.db
      .update(payments)
      .set({
        reverifyCount: sql`${payments.reverifyCount} + 1`,
        reverifyDoneAt: sql`case when ${payments.reverifyCount} + 1 >= ${days.length} then ${nowText}::timestamptz else null end`,
      })
      .where(sql`${payments.id} = ${p.id}`)
      .returning({ doneAt: payments.reverifyDoneAt });
    if (row?.doneAt) report.done++;
  }
  // Payments past the end of a schedule that was shortened since: nothing more to ask.
  await deps.db
    .update(payments)
    .set({ reverifyDoneAt: now })
    .where(sql`status = 'success' and reverify_done_at is null and reverify_count >= ${days.length}`);
  if (report.checked) log.info({ ...report }, "success requery run");
  return report;
}
