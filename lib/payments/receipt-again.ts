// "Send my receipt and pass again": one of the payment's viewers (lib/payments/viewer.ts) asks for the receipt to
// be mailed once more, to their own address, showing what they may see of it (a teammate: their team's item and
// pass). Only a payment that went through has a receipt. Limited per person (LIMITS.receiptAgainPerUser).
import type { Db } from "@/db/client";
import type { CurrentUser } from "@/lib/auth/require-user";
import { conflict } from "@/lib/errors";
import { enforce, LIMITS } from "@/lib/rate-limit";
import { PaymentNotFoundError } from "./errors";
import { enqueueReceiptAgain } from "./mail";
import { paymentForViewer } from "./view";

export async function sendReceiptAgain(db: Db, viewer: Pick<CurrentUser, "id" | "role" | "email">, merchTxnId: string, now = new Date()) {
  const view = await paymentForViewer(db, merchTxnId, viewer);
  if (!view) throw new PaymentNotFoundError(merchTxnId);
  if (view.status !== "success") throw conflict("There is no receipt to send: this payment has not gone through.");
  await enforce(
    db,
    `receipt-again:${viewer.id}`,
    LIMITS.receiptAgainPerUser,
    "We have sent your receipt several times in the last hour. Please check your inbox and spam folder, or try again later.",
  );
  await db.transaction((tx) => enqueueReceiptAgain(tx, view.merchTxnId, viewer, now));
  return { sentTo: viewer.email };
}
