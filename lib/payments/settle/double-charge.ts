// A success naming another gateway transaction than the one a payment already holds: kept as a possible double
// charge, never dropped as a duplicate and never a second success.
import type { Db } from "@/db/client";
import { type Payment, type PaymentStatus, paymentExtraCharges } from "@/db/schema";
import { classifyStatus } from "@/lib/atompay";
import { writeAudit } from "@/lib/audit";
import { log } from "@/lib/log";
import type { Verdict } from "./verdict";

/** Statuses under which a payment has a gateway transaction that took money. */
const HOLDS_MONEY = new Set<PaymentStatus>(["success", "flagged", "reversed"]);

/**
 * A success naming another atomTxnId than the one the payment holds: the attendee may have been charged twice (the
 * same token paid twice, or a late success for a reversed payment). Kept in payment_extra_charges, once per
 * atomTxnId, with an audit entry the first time. Returns whether the verdict was such a second success.
 */
export async function noteSecondSuccess(db: Db, payment: Payment, v: Verdict, now: Date): Promise<boolean> {
  if (v.kind !== "gateway" || classifyStatus(v.statusCode) !== "success") return false;
  const recorded = payment.atomTxnId;
  if (!v.atomTxnId || !recorded || v.atomTxnId === recorded || !HOLDS_MONEY.has(payment.status)) return false;
  const atomTxnId = v.atomTxnId;
  await db.transaction(async (tx) => {
    const [extra] = await tx
      .insert(paymentExtraCharges)
      .values({
        paymentId: payment.id,
        atomTxnId,
        bankTxnId: v.bankTxnId ?? null,
        amountPaise: v.amountPaise ?? null,
        totalPaise: v.totalPaise ?? null,
        statusCode: v.statusCode,
        source: v.source,
        receivedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: paymentExtraCharges.id });
    if (!extra) return;
    await writeAudit(tx, {
      actorId: null,
      action: "payment.possible_double_charge",
      paymentId: payment.id,
      details: { atomTxnIds: [recorded, atomTxnId], source: v.source, statusCode: v.statusCode, totalPaise: v.totalPaise ?? null },
    });
    log.warn(
      { merchTxnId: payment.merchTxnId, atomTxnIds: [recorded, atomTxnId], source: v.source },
      "possible double charge: a second successful transaction",
    );
  });
  return true;
}
