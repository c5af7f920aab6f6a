// The only code that changes a payment's status. Every path a result arrives by (the browser's return, the
// gateway's server-to-server callback, the status API, the reconciler, a failed AUTH) comes through here.
//
// A change is ONE conditional statement, `UPDATE … WHERE merch_txn_id = $1 AND status IN (<lower ranks>)
// RETURNING …`: atomic on its own (the row is locked for its duration), forward-only by its WHERE clause, so
// concurrent copies of one message change the row once and the rest match nothing. The database's partial
// unique indexes are the last word on "one success per registration" and "each atomTxnId once": a violation
// turns the change into `flagged` for an organiser, never a second success.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Payment, type PaymentStatus, paymentStatus, payments } from "@/db/schema";
import { classifyStatus } from "@/lib/atompay";
import { uniqueViolation } from "@/lib/errors";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics";
import { statements } from "./statements";
import { canTransition } from "./transitions";

/** A result the gateway gave us, already decrypted, verified (or trusted: status API over TLS) and bound. */
export interface GatewayVerdict {
  kind: "gateway";
  source: "return" | "callback" | "status";
  statusCode: string;
  message?: string;
  atomTxnId?: string;
  bankTxnId?: string;
  amountPaise?: number;
  surchargePaise?: number;
  totalPaise?: number;
  subChannel?: string;
  /** Fields that did not match the stored attempt (amount, total, merchId, currency). */
  mismatches?: string[];
}

/** A decision we make ourselves: AUTH failed, or the attempt was never completed and has expired. */
export interface LocalVerdict {
  kind: "local";
  status: "failed" | "expired";
  reason: string;
  statusCode?: string;
}

export type Verdict = GatewayVerdict | LocalVerdict;

export interface SettleResult {
  payment: Payment;
  changed: boolean;
  from: PaymentStatus;
  to: PaymentStatus;
  /** Set when the verdict was ignored because it did not bind to the attempt. */
  ignored?: string;
}

export class PaymentNotFoundError extends Error {
  constructor(public readonly merchTxnId: string) {
    super("no such payment attempt");
    this.name = "PaymentNotFoundError";
  }
}

function targetOf(v: Verdict): { status: PaymentStatus; flagReason?: string; ignored?: string } {
  if (v.kind === "local") return { status: v.status };
  const outcome = classifyStatus(v.statusCode);
  const mismatches = v.mismatches ?? [];
  if (mismatches.length > 0) {
    // Money may have moved on a success that does not match what we asked: an organiser must look. A non-success
    // that does not bind to the attempt says nothing about it.
    if (outcome === "success") return { status: "flagged", flagReason: `gateway success did not match the attempt: ${mismatches.join(", ")}` };
    return { status: "pending", ignored: `unbound ${outcome} (${mismatches.join(", ")})` };
  }
  return { status: outcome };
}

/** Statuses a payment may move to `to` from. */
const sourcesOf = (to: PaymentStatus) => paymentStatus.enumValues.filter((from) => canTransition(from, to));

async function current(db: Db, merchTxnId: string): Promise<Payment> {
  const [row] = await statements(db).attemptByTxn.execute({ merchTxnId });
  if (!row) throw new PaymentNotFoundError(merchTxnId);
  return row;
}

/**
 * @param known the attempt as the caller just read it, if it did (saves a read). It may be a moment stale: it
 *   is only used to report `from` and to skip verdicts that cannot change anything.
 */
export async function settle(db: Db, merchTxnId: string, verdict: Verdict, now = new Date(), known?: Payment): Promise<SettleResult> {
  const stopTimer = metrics().settleSeconds.startTimer({ source: verdict.kind === "gateway" ? verdict.source : "local" });
  try {
    const result = await apply(db, merchTxnId, verdict, now, known);
    if (result.changed) {
      metrics().transitions.inc({ from: result.from, to: result.to });
      log.info({ merchTxnId, from: result.from, to: result.to, source: verdict.kind === "gateway" ? verdict.source : verdict.reason, code: verdict.statusCode }, "payment settled");
    }
    return result;
  } finally {
    stopTimer();
  }
}

async function apply(db: Db, merchTxnId: string, verdict: Verdict, now: Date, known?: Payment): Promise<SettleResult> {
  const target = targetOf(verdict);
  const before = known ?? (await current(db, merchTxnId));
  if (target.ignored) return { payment: before, changed: false, from: before.status, to: before.status, ignored: target.ignored };

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
  if (!canTransition(before.status, target.status)) {
    return { payment: before, changed: false, from: before.status, to: before.status };
  }

  const change = { ...details(verdict, now), status: target.status, flagReason: target.flagReason ?? null, settledAt: now };
  const where = and(eq(payments.merchTxnId, merchTxnId), inArray(payments.status, sourcesOf(target.status)));
  let row: Payment | undefined;
  try {
    if (target.status === "success" && verdict.kind === "gateway") {
      // The hot path (every successful return): a prepared statement, no query building.
      [row] = await statements(db).settleToSuccess.execute({
        merchTxnId,
        now: now.toISOString(),
        statusCode: verdict.statusCode,
        message: change.gatewayMessage ?? null,
        atomTxnId: verdict.atomTxnId ?? before.atompayTransactionId,
        bankTxnId: verdict.bankTxnId ?? before.bankTransactionId,
        amountPaise: verdict.amountPaise ?? before.amountPaise,
        surchargePaise: verdict.surchargePaise ?? before.surchargePaise,
        totalPaise: verdict.totalPaise ?? before.totalPaise,
        subChannel: verdict.subChannel ?? before.paymentMode,
        checkedAt: verdict.source === "status" ? now.toISOString() : null,
      });
    } else {
      [row] = await db.update(payments).set(change).where(where).returning();
    }
  } catch (error) {
    const constraint = uniqueViolation(error);
    if (!constraint) throw error;
    // Another attempt of this registration was paid first, or this atomTxnId is already recorded on another
    // payment: keep the money visible, never as a second success.
    const reason = constraint.includes("atompay_txn")
      ? "this AtomPay transaction id is already recorded on another payment"
      : "a second successful payment for a registration that was already paid";
    const { atompayTransactionId: _dropped, ...rest } = change;
    [row] = await db
      .update(payments)
      .set({ ...rest, status: "flagged", flagReason: reason })
      .where(and(eq(payments.merchTxnId, merchTxnId), inArray(payments.status, sourcesOf("flagged"))))
      .returning();
  }
  if (!row) {
    // Someone else moved it first (a concurrent copy), or it was already at or past the target.
    const payment = await current(db, merchTxnId);
    return { payment, changed: false, from: payment.status, to: payment.status };
  }
  return { payment: row, changed: true, from: before.status, to: row.status };
}

function details(v: Verdict, now: Date): Partial<typeof payments.$inferInsert> {
  if (v.kind === "local") {
    return { gatewayStatusCode: v.statusCode, gatewayMessage: v.reason };
  }
  return {
    gatewayStatusCode: v.statusCode,
    gatewayMessage: v.message?.slice(0, 300) ?? null,
    atompayTransactionId: v.atomTxnId,
    bankTransactionId: v.bankTxnId,
    amountPaise: v.amountPaise,
    surchargePaise: v.surchargePaise,
    totalPaise: v.totalPaise,
    paymentMode: v.subChannel,
    // lastCheckedAt means "we last asked the status API", which rate-limits "check again"; a return does not count.
    ...(v.source === "status" ? { lastCheckedAt: now } : {}),
  };
}
