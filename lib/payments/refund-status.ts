// Refunds still "requested" (their REFUNDINIT answer was lost, timed out, or said "not confirmed yet") are settled
// by asking the gateway's REFUNDSTATUS which refunds it holds for the transaction:
//   listed as initiated/processed → accepted, with what refund.ts's record() does for an accepted refund (the item's
//                                   and payment's refunded totals; an item refunded in full ends its registration)
//   listed as failed or rejected  → failed: the reserved amount is released, the remarks kept for organisers
//   listed as pending, or with remarks we do not know
//                                 → unchanged (still reserved), what AtomPay said kept on the refund, asked again
//   not listed, past a grace time → failed and released: the request never reached the gateway (default 1 hour,
//                                   REFUND_ABSENT_GRACE_MINUTES; a refund made but not listed yet is given that long)
//   an answer that says nothing   → unchanged, asked again later
// The reconciler runs it on every pass (settleRequestedRefunds); an organiser can run it for one payment from its
// page (checkRefundsOfPayment). Safe on several instances at once: refunds are claimed with FOR UPDATE SKIP LOCKED.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Payment, payments, type Refund, refunds } from "@/db/schema";
import { AtomPayError, decideRefundStatus, type RefundStatusVerdict } from "@/lib/atompay";
import { writeAudit } from "@/lib/audit";
import { formatINR } from "@/lib/format";
import { log } from "@/lib/log";
import type { PaymentDeps } from "./deps";
import { PaymentNotFoundError } from "./errors";
import { logExchange } from "./gateway-log";
import { isMerchTxnId } from "./merch-txn-id";
import { record } from "./refund";

const DEFAULT_REFUND_ABSENT_GRACE_MS = 60 * 60_000;

export type RefundCheckOutcome = "accepted" | "failed" | "released" | "unchanged" | "error";

export interface RefundCheck {
  refundRef: string;
  amountPaise: number;
  outcome: RefundCheckOutcome;
  /** For the organiser: what the gateway said, in a sentence. */
  message: string;
}

type Deps = Pick<PaymentDeps, "db" | "gateway" | "refundAbsentGraceMs">;

/** Ask REFUNDSTATUS about one requested refund and record what it says. Never throws for the gateway's sake. */
async function checkRefund(
  deps: Deps,
  actorId: string | null,
  payment: Payment,
  refund: Refund,
  now: Date,
  graceMs: number,
): Promise<RefundCheck> {
  const base = { refundRef: refund.refundRef, amountPaise: refund.amountPaise };
  const ref = { merchTxnId: payment.merchTxnId, paymentId: payment.id };
  if (!payment.atomTxnId) return { ...base, outcome: "unchanged", message: "the payment has no AtomPay transaction to ask about" };
  let verdict: RefundStatusVerdict;
  try {
    const { result, exchange } = await deps.gateway.refundStatus({ atomTxnId: payment.atomTxnId });
    verdict = decideRefundStatus(result, {
      refundId: refund.refundRef,
      amountPaise: refund.amountPaise,
      gatewayRefundId: refund.gatewayRefundId ?? undefined,
    });
    await logExchange(
      deps.db,
      "refund_status",
      exchange,
      ref,
      `refund-status:${verdict.decision}:${refund.refundRef}:${result.statusCode || "empty"}`,
    );
  } catch (error) {
    if (!(error instanceof AtomPayError)) throw error;
    await logExchange(deps.db, "refund_status", error.exchange, ref, `refund-status:error:${error.code}`);
    return { ...base, outcome: "error", message: `AtomPay could not be asked (${error.code})` };
  }
  const amount = formatINR(refund.amountPaise);
  switch (verdict.decision) {
    case "accepted":
      await record(deps.db, actorId, payment, refund, {
        outcome: "accepted",
        gatewayRefundId: verdict.gatewayRefundId,
        statusCode: verdict.statusCode,
        message: `AtomPay's refund status lists it: ${verdict.reason}`,
      });
      return {
        ...base,
        outcome: "accepted",
        message: `AtomPay ${verdict.remark === "processed" ? "processed" : "made"} the refund of ${amount}${verdict.gatewayRefundId ? ` (refund id ${verdict.gatewayRefundId})` : ""}.`,
      };
    case "failed": {
      const how = verdict.remark === "rejected" ? "rejected" : verdict.remark === "failed" ? "failed" : "refused";
      await record(deps.db, actorId, payment, refund, {
        outcome: "failed",
        gatewayRefundId: verdict.gatewayRefundId,
        statusCode: verdict.statusCode,
        message: `AtomPay ${how} it: ${verdict.reason}; the amount is released`,
      });
      return {
        ...base,
        outcome: "failed",
        message: `AtomPay ${how} the refund of ${amount}${verdict.remarks ? ` ("${verdict.remarks}")` : ""}: nothing was refunded and the amount is released.`,
      };
    }
    case "absent": {
      const ageMs = now.getTime() - refund.createdAt.getTime();
      if (ageMs < graceMs) {
        return {
          ...base,
          outcome: "unchanged",
          message: `AtomPay does not list the refund of ${amount} yet; it stays reserved and is asked about again.`,
        };
      }
      const minutes = Math.round(graceMs / 60_000);
      await record(deps.db, actorId, payment, refund, {
        outcome: "failed",
        statusCode: verdict.statusCode,
        message: `AtomPay holds no such refund ${minutes} minutes after it was sent: it was never made; the amount is released`,
      });
      return {
        ...base,
        outcome: "released",
        message: `AtomPay never made the refund of ${amount}: nothing was refunded and the amount is released.`,
      };
    }
    case "pending":
    case "unknown": {
      // Listed but not decided (pending at the bank, or remarks we do not know): the amount stays reserved, and
      // what AtomPay said is kept on the refund so organisers see it.
      const said =
        verdict.decision === "pending"
          ? `AtomPay lists the refund as pending: ${verdict.reason}`
          : `AtomPay did not say (${verdict.reason})`;
      if (verdict.remarks !== undefined || verdict.decision === "pending") await noteOnRefund(deps.db, refund, verdict.statusCode, said);
      return { ...base, outcome: "unchanged", message: `${said}; the refund of ${amount} stays reserved.` };
    }
  }
}

/** Keeps what REFUNDSTATUS said on a refund still requested, without settling it (its status is unchanged). */
async function noteOnRefund(db: Db, refund: Refund, statusCode: string | undefined, message: string): Promise<void> {
  await db
    .update(refunds)
    .set({ gatewayMessage: message.slice(0, 300), ...(statusCode ? { gatewayStatusCode: statusCode } : {}), updatedAt: new Date() })
    .where(and(eq(refunds.id, refund.id), eq(refunds.status, "requested")));
}

export interface RefundStatusOptions {
  now?: Date;
  /** Refunds per pass. */
  limit?: number;
  /** Leave refunds younger than this alone: their REFUNDINIT call may still be under way. */
  minAgeMs?: number;
  /** Overrides deps.refundAbsentGraceMs. */
  graceMs?: number;
}

export interface RefundStatusReport {
  checked: number;
  accepted: number;
  failed: number;
  /** Not held by the gateway after the grace time: failed, amount released. */
  released: number;
  unchanged: number;
  errors: number;
}

/** The reconciler's pass over refunds still "requested". */
export async function settleRequestedRefunds(deps: Deps, opts: RefundStatusOptions = {}): Promise<RefundStatusReport> {
  const now = opts.now ?? new Date();
  const nowText = now.toISOString();
  const minAge = new Date(now.getTime() - (opts.minAgeMs ?? 5 * 60_000)).toISOString();
  const graceMs = opts.graceMs ?? deps.refundAbsentGraceMs ?? DEFAULT_REFUND_ABSENT_GRACE_MS;
  // Backs off with age, as reconcile() does: asked again after a quarter of its age, between 1 and 30 minutes.
  const claimed = (await deps.db
    .update(refunds)
    .set({ checkedAt: now })
    .where(
      sql`${refunds.id} in (
        select id from refunds
        where status = 'requested' and created_at < ${minAge}::timestamptz
          and (checked_at is null or checked_at < ${nowText}::timestamptz
               - least(greatest((${nowText}::timestamptz - created_at) / 4, interval '1 minute'), interval '30 minutes'))
        order by created_at
        limit ${opts.limit ?? 50}
        for update skip locked)`,
    )
    .returning()) as Refund[];
  const report: RefundStatusReport = { checked: claimed.length, accepted: 0, failed: 0, released: 0, unchanged: 0, errors: 0 };
  for (const refund of claimed) {
    const [payment] = await deps.db.select().from(payments).where(eq(payments.id, refund.paymentId));
    const check = await checkRefund(deps, null, payment!, refund, now, graceMs);
    if (check.outcome === "error") report.errors++;
    else report[check.outcome]++;
  }
  if (report.checked) log.info({ ...report }, "refund status run");
  return report;
}

/** The console's "Check refunds with AtomPay" for one payment: every refund of it still requested, now. */
export async function checkRefundsOfPayment(
  deps: Deps,
  actor: { id: string },
  merchTxnId: string,
  now = new Date(),
): Promise<RefundCheck[]> {
  if (!isMerchTxnId(merchTxnId)) throw new PaymentNotFoundError(merchTxnId);
  const [payment] = await deps.db.select().from(payments).where(eq(payments.merchTxnId, merchTxnId));
  if (!payment) throw new PaymentNotFoundError(merchTxnId);
  const open = await deps.db
    .update(refunds)
    .set({ checkedAt: now })
    .where(and(eq(refunds.paymentId, payment.id), eq(refunds.status, "requested")))
    .returning();
  const graceMs = deps.refundAbsentGraceMs ?? DEFAULT_REFUND_ABSENT_GRACE_MS;
  const checks: RefundCheck[] = [];
  for (const refund of open.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
    checks.push(await checkRefund(deps, actor.id, payment, refund, now, graceMs));
  }
  await writeCheckAudit(deps.db, actor.id, payment.id, checks);
  return checks;
}

async function writeCheckAudit(db: Db, actorId: string, paymentId: string, checks: RefundCheck[]): Promise<void> {
  await writeAudit(db, {
    actorId,
    action: "refund.checked",
    paymentId,
    details: { refunds: checks.map((c) => ({ refundRef: c.refundRef, outcome: c.outcome })) },
  });
}
