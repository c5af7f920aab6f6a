// Ask the gateway's status API what happened to an attempt, and settle by its answer. The answer is trusted
// because it came over TLS in reply to our own request, but it is still bound to the attempt (amount).
//
// Two entry points: requery() throws when the call itself failed (the organisers' and attendees' "check
// again" buttons say so), and requerySafely() never throws: a failed call or an answer that says nothing is an
// "unknown" result, asked about again later with backoff (the reconciler and starting a new attempt use it).
import { eq } from "drizzle-orm";
import { type Payment, payments } from "@/db/schema";
import { AtomPayError, isRequestErrorCode } from "@/lib/atompay";
import type { PaymentDeps } from "./deps";
import { noteGatewayError } from "./errors";
import { logExchange } from "./gateway-log";
import { rememberReconStatus } from "./recon-status";
import { type SettleResult, settle } from "./settle";

/** Codes meaning "the gateway never saw this attempt completed": nothing is coming for it. */
const NEVER_COMPLETED = new Set(["OTS0401", "OTS0301", "OTS0351"]);

export interface RequeryResult extends SettleResult {
  /** "" when the answer said nothing. */
  statusCode: string;
  /** True when nothing was learned: the answer said nothing, or (requerySafely only) the call failed. */
  unknown?: boolean;
  /** Why nothing was learned: "empty_body", "no_instrument", "no_status", or an AtomPayError code. */
  unknownReason?: string;
  /** requerySafely only: the failed call's error, for callers that report it. */
  error?: AtomPayError;
  /** The settlement status the gateway reported (RS, RNS, NRNS, PNRNS, PNRS), if any. */
  reconStatus?: string;
}

/**
 * When the gateway says the attempt was never completed: younger than the attempt TTL, nothing changes (the
 * attendee may still pay); older, it is expired (its token can no longer be used, so no payment can arrive).
 */
export async function requery(deps: PaymentDeps, payment: Payment, opts: { now?: Date } = {}): Promise<RequeryResult> {
  // Money taken at the desk: AtomPay never heard of it, so there is nothing to ask (issue 27).
  if (payment.method === "desk")
    return { payment, changed: false, from: payment.status, to: payment.status, statusCode: "", unknown: true, unknownReason: "desk" };
  const now = opts.now ?? new Date();
  const ref = { merchTxnId: payment.merchTxnId, paymentId: payment.id };
  let answer: Awaited<ReturnType<PaymentDeps["gateway"]["status"]>>["result"];
  try {
    const { result, exchange } = await deps.gateway.status({
      merchTxnId: payment.merchTxnId,
      amountPaise: payment.expectedPaise,
      txnDate: payment.createdAt,
    });
    await logExchange(
      deps.db,
      "status",
      exchange,
      ref,
      result.outcome === "unknown" ? `unknown:${result.unknownReason}` : `status:${result.statusCode}`,
    );
    answer = result;
  } catch (error) {
    await logExchange(
      deps.db,
      "status",
      error instanceof AtomPayError ? error.exchange : undefined,
      ref,
      `error:${(error as AtomPayError).code ?? "unknown"}`,
    );
    await deps.db.update(payments).set({ lastCheckedAt: now }).where(eq(payments.id, payment.id));
    noteGatewayError("status", error, payment.merchTxnId);
    throw error;
  }
  const unchanged = { payment, changed: false, from: payment.status, to: payment.status };
  // Hand-built results (tests, other clients) may leave `outcome` out: then the code decides.
  if (answer.outcome === "unknown" || answer.statusCode === "") {
    await deps.db.update(payments).set({ lastCheckedAt: now }).where(eq(payments.id, payment.id));
    return { ...unchanged, statusCode: "", unknown: true, unknownReason: answer.unknownReason ?? "no_status" };
  }

  const mismatches: string[] = [];
  if (answer.amountPaise !== undefined && answer.amountPaise !== payment.expectedPaise) mismatches.push("amount");
  if (
    answer.totalPaise !== undefined &&
    answer.amountPaise !== undefined &&
    answer.totalPaise !== answer.amountPaise + (answer.surchargePaise ?? 0)
  ) {
    mismatches.push("total");
  }
  if (answer.merchTxnId && answer.merchTxnId !== payment.merchTxnId) mismatches.push("merchTxnId");

  // "No data" for an attempt younger than its token's lifetime means the attendee may still be on the
  // gateway's page: nothing to record yet. Older than that, nothing can arrive for it any more.
  const neverCompleted = NEVER_COMPLETED.has(answer.statusCode);
  const abandoned = neverCompleted && now.getTime() - payment.createdAt.getTime() >= deps.attemptTtlMs;
  if (neverCompleted && !abandoned) {
    return { ...unchanged, statusCode: answer.statusCode, reconStatus: answer.reconStatus };
  }
  const settled =
    abandoned && payment.status === "pending"
      ? await settle(
          deps.db,
          payment.merchTxnId,
          { kind: "local", status: "expired", reason: "never completed at the gateway", statusCode: answer.statusCode },
          now,
        )
      : await settle(
          deps.db,
          payment.merchTxnId,
          {
            kind: "gateway",
            source: "status",
            statusCode: answer.statusCode,
            message: answer.description || answer.message,
            atomTxnId: answer.atomTxnId,
            bankTxnId: answer.bankTxnId || undefined,
            amountPaise: answer.amountPaise,
            surchargePaise: answer.surchargePaise,
            totalPaise: answer.totalPaise,
            subChannel: answer.subChannel || undefined,
            mismatches,
          },
          now,
        );
  // The settlement status, when the answer is about the transaction the payment holds (not a second one).
  const sameTxn = !answer.atomTxnId || !settled.payment.atomTxnId || answer.atomTxnId === settled.payment.atomTxnId;
  if (answer.reconStatus && mismatches.length === 0 && sameTxn) await rememberReconStatus(deps.db, payment.id, answer.reconStatus, now);
  return { ...settled, statusCode: answer.statusCode, reconStatus: answer.reconStatus };
}

/** requery() that never throws: a failed call is an unknown result (already logged, metered, and stamped). */
export async function requerySafely(deps: PaymentDeps, payment: Payment, opts: { now?: Date } = {}): Promise<RequeryResult> {
  try {
    return await requery(deps, payment, opts);
  } catch (error) {
    if (!(error instanceof AtomPayError)) throw error;
    const reason =
      "statusCode" in error && typeof error.statusCode === "string" && isRequestErrorCode(error.statusCode) ? error.statusCode : error.code;
    return {
      payment,
      changed: false,
      from: payment.status,
      to: payment.status,
      statusCode: "",
      unknown: true,
      unknownReason: reason,
      error,
    };
  }
}
