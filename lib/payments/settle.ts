// The only code that changes a payment's status. Every path a result arrives by (the browser's return, the
// gateway's server-to-server callback, the status API, the reconciler, a failed AUTH) comes through here.
// One transaction, the attempt's row locked, forward-only transitions, and the database's unique indexes as
// the last word on "one success per registration" and "each atomTxnId once".
import { and, eq, ne } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { type Payment, type PaymentStatus, payments } from "@/db/schema";
import { classifyStatus } from "@/lib/atompay";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics";
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

function constraintOf(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 5 && e && typeof e === "object"; i++) {
    const { code, constraint_name, constraint } = e as Record<string, unknown>;
    if (code === "23505") return String(constraint_name ?? constraint ?? "unique");
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
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

export async function settle(db: Db, merchTxnId: string, verdict: Verdict, now = new Date()): Promise<SettleResult> {
  const stopTimer = metrics().settleSeconds.startTimer({ source: verdict.kind === "gateway" ? verdict.source : "local" });
  const result = await db.transaction(async (tx) => {
    const [current] = await tx.select().from(payments).where(eq(payments.merchTxnId, merchTxnId)).for("update");
    if (!current) throw new PaymentNotFoundError(merchTxnId);
    const target = targetOf(verdict);
    if (target.ignored) return { payment: current, changed: false, from: current.status, to: current.status, ignored: target.ignored };

    let { status, flagReason } = target;
    if (status === "success" && (await otherSuccessExists(tx, current))) {
      status = "flagged";
      flagReason = "a second successful payment for a registration that was already paid";
    }

    const details = gatewayDetails(current, verdict, now);
    if (!canTransition(current.status, status)) {
      // Same message twice, a late failure after a success, a pending after an ending: nothing moves. For an
      // attempt still pending, remember what the gateway last said.
      if (current.status === "pending" && status === "pending") {
        const [row] = await tx.update(payments).set(details).where(eq(payments.id, current.id)).returning();
        return { payment: row!, changed: false, from: current.status, to: current.status };
      }
      return { payment: current, changed: false, from: current.status, to: current.status };
    }

    const change = { ...details, status, flagReason: flagReason ?? null, settledAt: now };
    try {
      const [row] = await tx.transaction(async (sp) => sp.update(payments).set(change).where(eq(payments.id, current.id)).returning());
      return { payment: row!, changed: true, from: current.status, to: status };
    } catch (error) {
      const constraint = constraintOf(error);
      if (!constraint) throw error;
      // Lost a race with another attempt of the same registration, or this atomTxnId is already recorded on
      // another payment: keep the money visible, never as a second success.
      const reason = constraint.includes("atompay_txn")
        ? "this AtomPay transaction id is already recorded on another payment"
        : "a second successful payment for a registration that was already paid";
      const { atompayTransactionId: _drop, ...rest } = change;
      const [row] = await tx
        .update(payments)
        .set({ ...rest, status: "flagged", flagReason: reason })
        .where(eq(payments.id, current.id))
        .returning();
      return { payment: row!, changed: true, from: current.status, to: "flagged" as const };
    }
  });
  stopTimer();
  if (result.changed) {
    metrics().transitions.inc({ from: result.from, to: result.to });
    log.info({ merchTxnId, from: result.from, to: result.to, source: verdict.kind === "gateway" ? verdict.source : verdict.reason }, "payment settled");
  }
  return result;
}

async function otherSuccessExists(tx: Tx, p: Payment): Promise<boolean> {
  const sameRegistration = p.teamId
    ? eq(payments.teamId, p.teamId)
    : and(eq(payments.eventId, p.eventId), eq(payments.userId, p.userId));
  const rows = await tx
    .select({ id: payments.id })
    .from(payments)
    .where(and(sameRegistration, eq(payments.status, "success"), ne(payments.id, p.id)))
    .limit(1);
  return rows.length > 0;
}

function gatewayDetails(current: Payment, v: Verdict, now: Date): Partial<typeof payments.$inferInsert> {
  if (v.kind === "local") {
    return { gatewayStatusCode: v.statusCode ?? current.gatewayStatusCode, gatewayMessage: v.reason };
  }
  return {
    gatewayStatusCode: v.statusCode,
    gatewayMessage: v.message?.slice(0, 300) ?? null,
    atompayTransactionId: v.atomTxnId ?? current.atompayTransactionId,
    bankTransactionId: v.bankTxnId ?? current.bankTransactionId,
    amountPaise: v.amountPaise ?? current.amountPaise,
    surchargePaise: v.surchargePaise ?? current.surchargePaise,
    totalPaise: v.totalPaise ?? current.totalPaise,
    paymentMode: v.subChannel ?? current.paymentMode,
    // lastCheckedAt means "we last asked the status API", which rate-limits "check again"; a return does not count.
    lastCheckedAt: v.source === "status" ? now : current.lastCheckedAt,
  };
}
