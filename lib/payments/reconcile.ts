// Attempts whose result never arrived (browser closed, network drop, callback lost) are settled by asking the
// gateway's status API. Safe on several instances at once: rows are claimed in one statement with
// FOR UPDATE SKIP LOCKED and stamped with last_checked_at, so two reconcilers never ask about the same attempt.
//
// The same pass then settles refunds still "requested" with REFUNDSTATUS (lib/payments/refund-status.ts) and
// requeries successes that are due (lib/payments/requery-successes.ts), so whatever runs the reconciler (the in-app timer,
// `npm run reconcile`, a job queue) runs all three.
import { sql } from "drizzle-orm";
import { type Payment, payments } from "@/db/schema";
import { log } from "@/lib/log";
import type { PaymentDeps } from "./deps";
import { type RefundStatusReport, settleRequestedRefunds } from "./refund-status";
import { requerySafely } from "./requery";
import { requerySuccesses, type SuccessRequeryReport } from "./requery-successes";
import { settle } from "./settle";

export interface ReconcileOptions {
  /** Leave attempts younger than this alone: the attendee may still be on the gateway's page. */
  minAgeMs?: number;
  /** Still pending after this long (the bank never decided): expired. A late success can still move it on. */
  cutoffMs?: number;
  /** Attempts per run (and refunds, and requeried successes). */
  limit?: number;
  now?: Date;
  /** Also settle requested refunds and requery due successes (default true). */
  followUps?: boolean;
}

export interface ReconcileReport {
  checked: number;
  settled: number;
  expired: number;
  stillPending: number;
  /** Asked, but the gateway could not be reached or its answer said nothing: asked again later, with backoff. */
  errors: number;
  /** Refunds still requested, asked about with REFUNDSTATUS. */
  refunds?: RefundStatusReport;
  /** Successes requeried with the status API. */
  successes?: SuccessRequeryReport;
}

export async function reconcile(deps: PaymentDeps, opts: ReconcileOptions = {}): Promise<ReconcileReport> {
  const now = opts.now ?? new Date();
  const minAge = new Date(now.getTime() - (opts.minAgeMs ?? 2 * 60_000));
  const cutoff = new Date(now.getTime() - (opts.cutoffMs ?? 48 * 60 * 60_000));
  const limit = opts.limit ?? 50;
  // Back off with age: an attempt is asked about again after a quarter of its age, between 1 and 30 minutes.
  const claimed = (await deps.db
    .update(payments)
    .set({ lastCheckedAt: now })
    .where(
      sql`${payments.id} in (
        select id from payments
        where status = 'pending' and method = 'gateway' and created_at < ${minAge.toISOString()}::timestamptz
          and (last_checked_at is null or last_checked_at < ${now.toISOString()}::timestamptz
               - least(greatest((${now.toISOString()}::timestamptz - created_at) / 4, interval '1 minute'), interval '30 minutes'))
        order by created_at
        limit ${limit}
        for update skip locked)`,
    )
    .returning()) as Payment[];

  const report: ReconcileReport = { checked: claimed.length, settled: 0, expired: 0, stillPending: 0, errors: 0 };
  for (const p of claimed) {
    // Never throws for the gateway's sake: a failed call or an empty answer is "unknown", asked again after the
    // backoff above, and an attempt nobody can confirm is expired at the cut-off all the same (a late success
    // can still move it to paid).
    const result = await requerySafely(deps, p, { now });
    if (result.to === "pending" && p.createdAt < cutoff) {
      const reason = result.unknown ? "the gateway could not confirm it before the cut-off" : "no answer from the bank before the cut-off";
      await settle(deps.db, p.merchTxnId, { kind: "local", status: "expired", reason, statusCode: result.statusCode || undefined }, now);
      report.expired++;
    } else if (result.unknown) {
      report.errors++;
      log.warn({ merchTxnId: p.merchTxnId, reason: result.unknownReason }, "reconcile: the gateway could not confirm an attempt");
    } else if (result.to === "expired") report.expired++;
    else if (result.to === "pending") report.stillPending++;
    else report.settled++;
  }
  if (report.checked) log.info({ ...report }, "reconcile run");
  if (opts.followUps ?? true) {
    report.refunds = await settleRequestedRefunds(deps, { now, limit });
    report.successes = await requerySuccesses(deps, { now, limit });
  }
  return report;
}
