// A payment's status in words, defined once for every attendee page (badges, headlines, the PDF receipt). The
// organisers' console words may add detail, but start from these. Client-safe: no server imports.
import type { PaymentStatus } from "@/db/schema";
import { REGISTRATION_SENTENCES } from "@/lib/registrations/status";

/**
 * What a payment is shown as. A success whose money all went back reads "Refunded", one with some money back
 * "Partly refunded": the status column stays `success` (money moved), but "Paid" would mislead.
 */
export type PaymentShownAs = PaymentStatus | "refunded" | "partly_refunded";

export function paymentShownAs(p: { status: PaymentStatus; refundedPaise: number; paidPaise?: number | null }): PaymentShownAs {
  if (p.status !== "success" || p.refundedPaise <= 0) return p.status;
  return p.paidPaise != null && p.refundedPaise >= p.paidPaise ? "refunded" : "partly_refunded";
}

/** One or two words, for badges and lists. */
export const PAYMENT_LABELS: Record<PaymentShownAs, string> = {
  pending: "Pending",
  success: "Paid",
  failed: "Failed",
  cancelled: "Cancelled",
  flagged: "Under review",
  expired: "Expired",
  reversed: "Reversed",
  refunded: "Refunded",
  partly_refunded: "Partly refunded",
};

/** The badge colour family for each: the UI maps these to its own classes. */
export const PAYMENT_TONES: Record<PaymentShownAs, "green" | "red" | "amber" | "neutral" | "blue"> = {
  pending: "amber",
  success: "green",
  failed: "red",
  cancelled: "neutral",
  flagged: "amber",
  expired: "neutral",
  reversed: "red",
  refunded: "blue",
  partly_refunded: "green",
};

/** What the attendee is told at the top of the payment page. */
export const PAYMENT_HEADLINES: Record<PaymentShownAs, string> = {
  pending: "Waiting for the bank to confirm your payment…",
  success: "Payment successful. You are registered!",
  failed: "The payment failed. No money was taken.",
  cancelled: "The payment was cancelled. No money was taken.",
  flagged: "We received a payment that needs a check by the organisers. We will contact you; there is no need to pay again.",
  expired: "This payment attempt expired before it was completed. No money was taken.",
  reversed:
    "Your bank reversed this payment, so it did not go through: the bank returns the money to " +
      "your account. Your registration is awaiting payment again; pay again to take part.",
  refunded: REGISTRATION_SENTENCES.refunded,
  partly_refunded: "Payment successful. Part of it has been refunded: each event below says where it stands.",
};

/** Statuses in which money has moved (or may have): the page shows who paid and how much. */
export function moneyMoved(status: PaymentStatus): boolean {
  return status === "success" || status === "flagged";
}

/** Statuses that ended with no money taken: the attendee may try again. */
export function endedWithoutMoney(status: PaymentStatus): boolean {
  return status === "failed" || status === "cancelled" || status === "expired";
}

/**
 * Where asking the bank again can change anything: an attempt still deciding, and an expired one (a late success
 * can still arrive for it). A failure or a cancellation the attendee made on the gateway's page is final.
 */
export function worthAskingTheBank(status: PaymentStatus): boolean {
  return status === "pending" || status === "expired";
}

/** AtomPay's payment-mode codes (`subChannel`) in words; an unknown code is shown as it came. */
const PAYMENT_MODES: Record<string, string> = {
  NB: "Net banking",
  CC: "Credit card",
  DC: "Debit card",
  UP: "UPI",
  MW: "Wallet",
  EM: "EMI",
};

export function paymentModeLabel(code: string | null | undefined): string | null {
  if (!code) return null;
  return PAYMENT_MODES[code.trim().toUpperCase()] ?? code;
}
