import type { PaymentStatus } from "@/db/schema";
import { PAYMENT_LABELS, PAYMENT_TONES, type PaymentShownAs, paymentShownAs } from "@/lib/payments/labels";
import { Badge } from "./ui";

/** A payment's status as a badge; pass the amounts to show a refunded success as "Refunded" rather than "Paid". */
export function StatusBadge({
  status,
  refundedPaise = 0,
  paidPaise,
}: {
  status: PaymentStatus;
  refundedPaise?: number;
  paidPaise?: number | null;
}) {
  const shown: PaymentShownAs = paymentShownAs({ status, refundedPaise, paidPaise });
  return <Badge tone={PAYMENT_TONES[shown]}>{PAYMENT_LABELS[shown]}</Badge>;
}
