import { type PaymentState, paymentWords } from "@/lib/payments/labels";
import { Badge } from "./ui";

/**
 * A payment's status as a badge, in the words every page uses (lib/payments/labels.ts): pass the amounts to show a
 * refunded success as "Refunded" rather than "Paid", and the gateway's last code and message to show a payment the
 * bank is still deciding, or one whose window timed out, as such.
 */
export function StatusBadge({ refundedPaise = 0, ...state }: Omit<PaymentState, "refundedPaise"> & { refundedPaise?: number }) {
  const { label, tone } = paymentWords({ ...state, refundedPaise });
  return <Badge tone={tone}>{label}</Badge>;
}
