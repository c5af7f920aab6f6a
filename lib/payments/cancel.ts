// The attendee left the gateway's window without paying: the checkout overlay said "cancelTransaction" (they
// pressed Cancel) or "sessionTimeout" (the gateway's page timed out). Their word ends the attempt (the move
// `cancel` on the attendee's authority, through settle): its seats are released, and every page says it was
// cancelled and offers paying again. A success the bank still sends afterwards is decided like any late success.
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type Payment, payments } from "@/db/schema";
import { conflict } from "@/lib/errors";
import { bankStillDeciding } from "./bank-deciding";
import { PaymentNotFoundError } from "./errors";
import { WINDOW_ENDING_REASONS, WINDOW_ENDINGS } from "./labels";
import { isMerchTxnId } from "./merch-txn-id";
import { settle } from "./settle";

export const cancelRequestSchema = z.object({ reason: z.enum(WINDOW_ENDINGS).default("cancelTransaction") });

export interface CancelOutcome {
  payment: Payment;
  /** False when it had already ended (a second cancel, or the bank's answer came first): nothing changed. */
  changed: boolean;
}

/**
 * Only the payer may cancel, and only an attempt still pending: one that has ended is answered as it is (so the
 * call is idempotent). One the bank is still deciding is refused (409): the bank may have the money, and only its
 * answer may end that attempt.
 */
export async function cancelInWindow(
  db: Db,
  merchTxnId: string,
  payer: { id: string },
  reason: keyof typeof WINDOW_ENDING_REASONS,
  now = new Date(),
): Promise<CancelOutcome> {
  if (!isMerchTxnId(merchTxnId)) throw new PaymentNotFoundError(merchTxnId);
  const [p] = await db.select().from(payments).where(eq(payments.merchTxnId, merchTxnId)).limit(1);
  // Anyone but the payer gets "not found", like every payment route: merchTxnIds cannot be probed.
  if (!p || p.userId !== payer.id) throw new PaymentNotFoundError(merchTxnId);
  if (p.status !== "pending") return { payment: p, changed: false };
  if (bankStillDeciding(p.gatewayStatusCode)) {
    throw conflict(
      "Your bank is still deciding this payment and may already have taken the money, so it cannot be cancelled here. " +
        "We will let you know when the bank decides.",
    );
  }
  const result = await settle(
    db,
    merchTxnId,
    { kind: "local", by: "attendee", status: "cancelled", reason: WINDOW_ENDING_REASONS[reason] },
    now,
    p,
  );
  return { payment: result.payment, changed: result.changed };
}
