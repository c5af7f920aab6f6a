// The one door for state. The modules in this folder are the only code that writes `payments.status`,
// `payment_items.status` and `registrations.status` (one-door.test.ts holds every other file to that); each change
// is a named move of transitions.ts, in one transaction: pay and flag (pay.ts), fail, cancel, expire (end.ts),
// reverse (reverse.ts), a possible double charge (double-charge.ts), an organiser's admit (admit.ts), a refund's
// effect on its registration (refund-effect.ts) and a disbanded team's registration (cancel.ts).
//
// settle() is where every result arrives (the browser's return, the gateway's callback, the status API, the
// reconciler, a failed AUTH, the attendee leaving the gateway's window). A change is ONE conditional statement,
// `UPDATE … WHERE merch_txn_id = $1 AND status IN (<the move's sources>) RETURNING …`: atomic on its own,
// forward-only by its WHERE clause, so concurrent copies of one message change the row once and the rest match
// nothing. The database's partial unique indexes are the last word on "one success per registration" and "each
// atomTxnId once": a violation turns the change into `flagged` for an organiser, never a second success.
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Payment, type PaymentStatus, payments } from "@/db/schema";
import { classifyStatus } from "@/lib/atompay";
import { uniqueViolation } from "@/lib/errors";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics";
import { PaymentNotFoundError } from "../errors";
import { statements } from "../statements";
import { noteSecondSuccess } from "./double-charge";
import { type EndMove, endPayment } from "./end";
import { payItemByItem, payStatements } from "./pay";
import { isReversal, reverse } from "./reverse";
import { type Authority, canTransition, moveTo } from "./transitions";
import type { GatewayVerdict, Inbound, SettleResult, Verdict } from "./verdict";

export type { Inbound, SettleResult, Verdict } from "./verdict";

function targetOf(v: Verdict): { status: PaymentStatus; flagReason?: string; ignored?: string } {
  if (v.kind === "local") return { status: v.status };
  const outcome = classifyStatus(v.statusCode);
  const mismatches = v.mismatches ?? [];
  if (mismatches.length > 0) {
    // Money may have moved on a success that does not match what we asked: an organiser must look. A non-success
    // that does not bind to the attempt says nothing about it.
    if (outcome === "success")
      return { status: "flagged", flagReason: `gateway success did not match the attempt: ${mismatches.join(", ")}` };
    return { status: "pending", ignored: `unbound ${outcome} (${mismatches.join(", ")})` };
  }
  return { status: outcome };
}

/** Whose word a verdict is (transitions.ts). */
function authorityOf(v: Verdict): Authority {
  if (v.kind === "gateway") return v.source === "status" ? "status-api" : "message";
  return v.by ?? "local";
}

async function current(db: Db, merchTxnId: string): Promise<Payment> {
  const [row] = await statements(db).attemptByTxn.execute({ merchTxnId });
  if (!row) throw new PaymentNotFoundError(merchTxnId);
  return row;
}

/**
 * @param known the attempt as the caller just read it, if it did (saves a read). It may be a moment stale: it
 *   is only used to report `from` and to skip verdicts that cannot change anything.
 */
export async function settle(
  db: Db,
  merchTxnId: string,
  verdict: Verdict,
  now = new Date(),
  known?: Payment,
  inbound?: Inbound,
): Promise<SettleResult> {
  const stopTimer = metrics().settleSeconds.startTimer({ source: verdict.kind === "gateway" ? verdict.source : "local" });
  try {
    const result = await apply(db, merchTxnId, verdict, now, known, inbound);
    if (result.changed) {
      noteSettled(merchTxnId, result.from, result.to, verdict.kind === "gateway" ? verdict.source : verdict.reason, verdict.statusCode);
    }
    return result;
  } finally {
    stopTimer();
  }
}

async function apply(db: Db, merchTxnId: string, verdict: Verdict, now: Date, known?: Payment, inbound?: Inbound): Promise<SettleResult> {
  const target = targetOf(verdict);
  const before = known ?? (await current(db, merchTxnId));
  if (target.ignored) return { payment: before, changed: false, from: before.status, to: before.status, ignored: target.ignored };
  if (isReversal(verdict, before)) return reverse(db, merchTxnId, verdict as GatewayVerdict, now, before);

  if (target.status === "pending") {
    // No status change; for an attempt still pending, remember what the gateway last said.
    const [row] = await db
      .update(payments)
      .set(details(verdict, now))
      .where(and(eq(payments.merchTxnId, merchTxnId), eq(payments.status, "pending")))
      .returning();
    const payment = row ?? (await current(db, merchTxnId));
    return { payment, changed: false, from: payment.status, to: payment.status };
  }
  // Statuses only rise, so if the status we read cannot reach the target, no later one can: a duplicate costs
  // no write at all (this holds even when `before` is a moment stale).
  const by = authorityOf(verdict);
  const move = moveTo(target.status, by);
  if (!move || !canTransition(before.status, target.status, by)) {
    const possibleDoubleCharge = await noteSecondSuccess(db, before, verdict, now);
    return {
      payment: before,
      changed: false,
      from: before.status,
      to: before.status,
      ...(possibleDoubleCharge ? { possibleDoubleCharge } : {}),
    };
  }

  const change = { ...details(verdict, now), status: target.status, flagReason: target.flagReason ?? null, settledAt: now };
  // The gateway's verdict is news for the payer (a receipt, or "your payment failed"); our own expiry, or the
  // attendee's own cancel, is not.
  const mail = verdict.kind === "gateway";
  let row: Payment | undefined;
  let noted = false;
  try {
    if (target.status === "success" && verdict.kind === "gateway") {
      // A success by the status API, or a message the return path's one statement did not pay: a prepared
      // statement, no query building.
      [row] = await payStatements(db).settleToSuccess.execute({
        merchTxnId,
        now: now.toISOString(),
        statusCode: verdict.statusCode,
        message: change.gatewayMessage ?? null,
        atomTxnId: verdict.atomTxnId ?? before.atomTxnId,
        bankTxnId: verdict.bankTxnId ?? before.bankTxnId,
        amountPaise: verdict.amountPaise ?? before.amountPaise,
        surchargePaise: verdict.surchargePaise ?? before.surchargePaise,
        totalPaise: verdict.totalPaise ?? before.totalPaise,
        subChannel: verdict.subChannel ?? before.subChannel,
        checkedAt: verdict.source === "status" ? now.toISOString() : null,
        logId: inbound?.logId ?? null,
        outcome: `settled:${before.status}->success`,
        plain: JSON.stringify(inbound?.plain ?? null),
      });
      noted = !!row && !!inbound;
      // Nothing matched: a duplicate, or an item whose registration cannot simply be paid (already paid, ended,
      // or its seat's hold ran out). The careful path decides each item under the rows' locks.
      if (!row) row = await payItemByItem(db, merchTxnId, change, now);
    } else {
      row = await endPayment(db, merchTxnId, change, move as EndMove, now, mail);
    }
  } catch (error) {
    const constraint = uniqueViolation(error);
    if (!constraint) throw error;
    // payments_atom_txn_uq (db/schema.ts): one atomTxnId on one payment.
    if (constraint !== "payments_atom_txn_uq") {
      // Another payment paid one of these registrations at the same moment: decide item by item, now that it has.
      row = await payItemByItem(db, merchTxnId, change, now);
    } else {
      // This atomTxnId is already recorded on another payment: keep the money visible, never as a second success.
      const { atomTxnId: _dropped, ...rest } = change;
      row = await endPayment(
        db,
        merchTxnId,
        { ...rest, flagReason: "this AtomPay transaction id is already recorded on another payment" },
        "flag",
        now,
        false,
      );
    }
  }
  if (!row) {
    // Someone else moved it first (a concurrent copy, or another transaction's success), or it was already at or
    // past the target.
    const payment = await current(db, merchTxnId);
    const possibleDoubleCharge = await noteSecondSuccess(db, payment, verdict, now);
    return { payment, changed: false, from: payment.status, to: payment.status, ...(possibleDoubleCharge ? { possibleDoubleCharge } : {}) };
  }
  return { payment: row, changed: true, from: before.status, to: row.status, ...(noted ? { noted } : {}) };
}

/** Every status change, on whichever path made it: counted and logged alike. */
export function noteSettled(merchTxnId: string, from: PaymentStatus, to: PaymentStatus, source: string, code: string | undefined): void {
  metrics().transitions.inc({ from, to });
  log.info({ merchTxnId, from, to, source, code }, "payment settled");
}

function details(v: Verdict, now: Date): Partial<typeof payments.$inferInsert> {
  if (v.kind !== "gateway") {
    return { gatewayStatusCode: v.statusCode, gatewayMessage: v.reason };
  }
  return {
    gatewayStatusCode: v.statusCode,
    gatewayMessage: v.message?.slice(0, 300) ?? null,
    atomTxnId: v.atomTxnId,
    bankTxnId: v.bankTxnId,
    amountPaise: v.amountPaise,
    surchargePaise: v.surchargePaise,
    totalPaise: v.totalPaise,
    subChannel: v.subChannel,
    // lastCheckedAt means "we last asked the status API", which rate-limits "check again"; a return does not count.
    ...(v.source === "status" ? { lastCheckedAt: now } : {}),
  };
}
