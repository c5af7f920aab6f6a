// Ask the gateway's status API what happened to an attempt, and settle by its answer. The answer is trusted
// because it came over TLS in reply to our own request, but it is still bound to the attempt (amount).
import { eq } from "drizzle-orm";
import { type Payment, payments } from "@/db/schema";
import { AtomPayError } from "@/lib/atompay";
import { logExchange } from "./gateway-log";
import type { PaymentDeps } from "./deps";
import { type SettleResult, settle } from "./settle";

/** Codes meaning "the gateway never saw this attempt completed": nothing is coming for it. */
const NEVER_COMPLETED = new Set(["OTS0401", "OTS0301", "OTS0351"]);

export interface RequeryResult extends SettleResult {
  statusCode: string;
}

/**
 * When the gateway says the attempt was never completed: younger than the attempt TTL, nothing changes (the
 * attendee may still pay); older, it is expired (its token can no longer be used, so no payment can arrive).
 */
export async function requery(deps: PaymentDeps, payment: Payment, opts: { now?: Date } = {}): Promise<RequeryResult> {
  const now = opts.now ?? new Date();
  const ref = { merchTxnId: payment.merchTxnId, paymentId: payment.id };
  let answer;
  try {
    const { result, exchange } = await deps.gateway.status({
      merchTxnId: payment.merchTxnId,
      amountPaise: payment.expectedPaise,
      txnDate: payment.createdAt,
    });
    await logExchange(deps.db, "status", exchange, ref, `status:${result.statusCode}`);
    answer = result;
  } catch (error) {
    await logExchange(deps.db, "status", error instanceof AtomPayError ? error.exchange : undefined, ref, `error:${(error as AtomPayError).code ?? "unknown"}`);
    await deps.db.update(payments).set({ lastCheckedAt: now }).where(eq(payments.id, payment.id));
    throw error;
  }

  const mismatches: string[] = [];
  if (answer.amountPaise !== undefined && answer.amountPaise !== payment.expectedPaise) mismatches.push("amount");
  if (answer.totalPaise !== undefined && answer.amountPaise !== undefined && answer.totalPaise !== answer.amountPaise + (answer.surchargePaise ?? 0)) {
    mismatches.push("total");
  }
  if (answer.merchTxnId && answer.merchTxnId !== payment.merchTxnId) mismatches.push("merchTxnId");

  // "No data" for an attempt younger than its token's lifetime means the attendee may still be on the
  // gateway's page: nothing to record yet. Older than that, nothing can arrive for it any more.
  const neverCompleted = NEVER_COMPLETED.has(answer.statusCode);
  const abandoned = neverCompleted && now.getTime() - payment.createdAt.getTime() >= deps.attemptTtlMs;
  if (neverCompleted && !abandoned) {
    return { payment, changed: false, from: payment.status, to: payment.status, statusCode: answer.statusCode };
  }
  const settled =
    abandoned && payment.status === "pending"
      ? await settle(deps.db, payment.merchTxnId, { kind: "local", status: "expired", reason: "never completed at the gateway", statusCode: answer.statusCode }, now)
      : await settle(
          deps.db,
          payment.merchTxnId,
          {
            kind: "gateway",
            source: "status",
            statusCode: answer.statusCode,
            message: answer.description || answer.message,
            atomTxnId: answer.atomTxnId,
            bankTxnId: answer.bankTxnId,
            amountPaise: answer.amountPaise,
            surchargePaise: answer.surchargePaise,
            totalPaise: answer.totalPaise,
            subChannel: answer.subChannel,
            mismatches,
          },
          now,
        );
  return { ...settled, statusCode: answer.statusCode };
}
