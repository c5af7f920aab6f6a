// A payment's (and an item's) status in words, a refund's state and a payment mode: defined once, for every
// attendee page (badges, headlines, the PDF receipt) and the organisers' console (filters, list, re-check messages,
// CSV). Registration words live beside their rules (lib/registrations/status.ts). Client-safe: no server imports.
import type { PaymentStatus } from "@/db/schema";
import { REGISTRATION_SENTENCES } from "@/lib/registrations/status";

/** Every status, in the order they are offered (filters, totals). */
export const PAYMENT_STATUS_ORDER: readonly PaymentStatus[] = [
  "pending",
  "success",
  "failed",
  "cancelled",
  "flagged",
  "expired",
  "reversed",
];

export type RefundState = "none" | "partial" | "full";

/** How much of what was paid went back. */
function refundState(refundedPaise: number, paidPaise: number | null | undefined): RefundState {
  if (refundedPaise <= 0) return "none";
  return paidPaise != null && refundedPaise >= paidPaise ? "full" : "partial";
}

/**
 * What a payment (or one item of it) is shown as. A success whose money all went back reads "Refunded", one with
 * some money back "Partly refunded": the status column stays `success` (money moved), but "Paid" would mislead.
 * Money under review (flagged) that was all given back reads "Refunded" too: nothing is left to review.
 */
export type PaymentShownAs = PaymentStatus | "refunded" | "partly_refunded";

export function paymentShownAs(p: { status: PaymentStatus; refundedPaise: number; paidPaise?: number | null }): PaymentShownAs {
  const state = refundState(p.refundedPaise, p.paidPaise);
  if (p.status === "success") return state === "none" ? "success" : state === "full" ? "refunded" : "partly_refunded";
  if (p.status === "flagged" && state === "full") return "refunded";
  return p.status;
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

export const REFUND_STATE_LABELS: Record<RefundState, string> = { none: "Not refunded", partial: "Partly refunded", full: "Refunded" };

/** The one or two words for what a payment or item is shown as (see paymentShownAs). */
export function statusWord(p: { status: PaymentStatus; refundedPaise: number; paidPaise?: number | null }): string {
  return PAYMENT_LABELS[paymentShownAs(p)];
}

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

/** Under a payment a teammate sees in part (lib/payments/viewer.ts): why the amounts are not the whole payment's. */
export const PART_OF_A_PAYMENT =
  "This payment also paid for other registrations of the person who paid. You see only yours, with their amounts.";

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

/** AtomPay's sub-channel codes (`subChannel`: how the attendee paid) in words; an unknown code shows as it came. */
const SUB_CHANNEL_LABELS: Record<string, string> = {
  NB: "Net banking",
  CC: "Credit card",
  DC: "Debit card",
  UP: "UPI",
  UPI: "UPI",
  MW: "Wallet",
  WL: "Wallet",
  EM: "EMI",
  EMI: "EMI",
};

export function subChannelLabel(code: string | null | undefined): string | null {
  if (!code) return null;
  return SUB_CHANNEL_LABELS[code.trim().toUpperCase()] ?? code;
}
