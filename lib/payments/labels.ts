// A payment's (and an item's) status in words, a refund's state and a payment mode: defined once, for every
// attendee page (badges, headlines, the PDF receipt) and the organisers' console (filters, list, requery messages,
// CSV). paymentWords() turns a payment's state (status, the gateway's last code, refunds) into what every attendee
// page says and offers: the event page, the basket, the payment page and My payments. Registration words live beside
// their rules (lib/registrations/status.ts). Client-safe: no server imports.
import type { PaymentStatus } from "@/db/schema";
import { statusCodeInfo } from "@/lib/atompay/status-codes";
import { formatISTShort } from "@/lib/format";
import { REGISTRATION_SENTENCES } from "@/lib/registrations/status";
import { bankStillDeciding } from "./bank-deciding";

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

/** What the checkout overlay reports when the attendee leaves the gateway's page without a result. */
export const WINDOW_ENDINGS = ["cancelTransaction", "sessionTimeout"] as const;
export type WindowEnding = (typeof WINDOW_ENDINGS)[number];

/** The reason a cancel in the payment window is recorded with (settle keeps it as the payment's gateway message). */
export const WINDOW_ENDING_REASONS: Record<WindowEnding, string> = {
  cancelTransaction: "cancelled by the attendee on the gateway's page",
  sessionTimeout: "the gateway's page timed out before the attendee paid",
};

/** What the checkout button says the moment the attendee leaves the gateway's window. */
export const WINDOW_ENDING_WORDS: Record<WindowEnding, string> = {
  cancelTransaction: "You cancelled the payment. No money was taken.",
  sessionTimeout: "The payment session timed out. No money was taken.",
};

/** A payment's state as the words need it: its status, the gateway's last code and message, and its refunds. */
export interface PaymentState {
  status: PaymentStatus;
  refundedPaise: number;
  paidPaise?: number | null;
  gatewayStatusCode?: string | null;
  gatewayMessage?: string | null;
}

/**
 * What a payment (or one item of it) is shown as. A success whose money all went back reads "Refunded", one with
 * some money back "Partly refunded": the status column stays `success` (money moved), but "Paid" would mislead.
 * Money under review (flagged) that was all given back reads "Refunded" too: nothing is left to review. A pending
 * payment the gateway last called "pending from bank" is the bank deciding (money may have left the account); a
 * cancel because the gateway's page timed out reads as such.
 */
export type PaymentShownAs = PaymentStatus | "refunded" | "partly_refunded" | "bank_deciding" | "timed_out";

export function paymentShownAs(p: PaymentState): PaymentShownAs {
  const state = refundState(p.refundedPaise, p.paidPaise);
  if (p.status === "success") return state === "none" ? "success" : state === "full" ? "refunded" : "partly_refunded";
  if (p.status === "flagged" && state === "full") return "refunded";
  if (p.status === "pending" && bankStillDeciding(p.gatewayStatusCode)) return "bank_deciding";
  if (p.status === "cancelled" && p.gatewayMessage === WINDOW_ENDING_REASONS.sessionTimeout) return "timed_out";
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
  bank_deciding: "Bank deciding",
  timed_out: "Timed out",
};

/** Under a refund, for the attendee: when the money is back (NDPS: refunds reach the bank in 5–7 working days). */
export const REFUND_REACHES_BANK = "The money reaches your bank account in 5–7 working days.";

/**
 * AtomPay's status service not answering a check of a pending payment, as the attendee reads it: when we try again
 * and, once a page has heard from it, when that was. One sentence for the 503's message and the payment page, so
 * the page never says "last asked" beside "not answering".
 */
export function gatewayDownWords(retryAt: Date, now: Date, lastHeardAt?: Date | null): string {
  const retry = formatISTShort(retryAt, now);
  const when = lastHeardAt
    ? `we last heard from it at ${formatISTShort(lastHeardAt, now)} and will try again at ${retry}`
    : `we will try again at ${retry}`;
  return `AtomPay is not answering; ${when}. Your payment is safe: nothing changes until the bank's answer arrives.`;
}

export const REFUND_STATE_LABELS: Record<RefundState, string> = { none: "Not refunded", partial: "Partly refunded", full: "Refunded" };

/** The one or two words for what a payment or item is shown as (see paymentShownAs). */
export function statusWord(p: PaymentState): string {
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
  bank_deciding: "amber",
  timed_out: "neutral",
};

/** Under a payment a teammate sees in part (lib/payments/viewer.ts): why the amounts are not the whole payment's. */
export const PART_OF_A_PAYMENT =
  "This payment also paid for other registrations of the person who paid. You see only yours, with their amounts.";

/** What the attendee is told at the top of the payment page. */
const PAYMENT_HEADLINES: Record<PaymentShownAs, string> = {
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
  bank_deciding:
    "Your bank is still deciding this payment and may already have taken the money. Please do not pay again: " +
    "you never pay twice for one registration.",
  timed_out: "You left the gateway's page: it timed out before the payment was made. No money was taken.",
};

/**
 * What a page offers beside a payment: `continue` (the attempt is open, Pay carries on with it), `pay_again` (it
 * ended without money, or the bank reversed it), `wait` (the bank holds it: no Pay anywhere until it decides),
 * `none` (paid, refunded or under review: nothing to pay).
 */
export type PaymentOffer = "continue" | "pay_again" | "wait" | "none";

const OFFERS: Record<PaymentShownAs, PaymentOffer> = {
  pending: "continue",
  bank_deciding: "wait",
  success: "none",
  partly_refunded: "none",
  refunded: "none",
  flagged: "none",
  failed: "pay_again",
  cancelled: "pay_again",
  timed_out: "pay_again",
  expired: "pay_again",
  reversed: "pay_again",
};

/** After the bank-deciding headline: how the attendee will learn the result (a mail only when one is sent). */
const WHEN_THE_BANK_DECIDES = {
  mailed: "We will email you when the bank decides.",
  listed: "The result will appear in My payments when the bank decides.",
};

/**
 * Why a payment ended without money, in plain words: the gateway's code (NDPS's dictionary, lib/atompay/status-codes.ts)
 * sorted into what the attendee can act on. A card whose details were refused (wrong CVV, expired, mistyped number)
 * can be typed again; a decline is the bank's (or the gateway's) decision, so another card, bank or UPI is the way.
 */
export type FailureKind = "card_details" | "declined" | "cancelled" | "timed_out";

/** NDPS's card-detail codes: what was wrong with what the attendee typed. */
const CARD_DETAIL_WORDS: Record<string, string> = {
  OTS0605: "the card details were missing",
  OTS0609: "the card details were missing",
  OTS0619: "the card is not the kind chosen (credit or debit)",
  OTS0620: "the card network did not match the card",
  OTS0630: "the card is not the kind chosen (credit or debit)",
  OTS0631: "the card number is not valid",
  OTS0632: "the expiry month or year was not valid",
  OTS0633: "the card has expired",
  OTS0634: "the CVV was wrong",
  OTS0636: "the card details could not be read",
};

const FAILURE_WORDS: Record<FailureKind, string> = {
  card_details: "The card details were not accepted",
  declined: "Your bank or the gateway declined the payment",
  cancelled: "The payment was cancelled on the gateway's page",
  timed_out: "The gateway's page timed out before the payment was made",
};

/** The kind of failure and its sentence, for a payment that ended without money; null for any other. */
export function failureReason(p: PaymentState): { kind: FailureKind; words: string } | null {
  const shownAs = paymentShownAs(p);
  if (shownAs === "timed_out" || shownAs === "expired") return { kind: "timed_out", words: `${FAILURE_WORDS.timed_out}.` };
  if (shownAs === "cancelled") return { kind: "cancelled", words: `${FAILURE_WORDS.cancelled}.` };
  if (shownAs !== "failed") return null;
  const code = statusCodeInfo(p.gatewayStatusCode ?? "")?.code;
  const detail = code ? CARD_DETAIL_WORDS[code] : undefined;
  if (detail) return { kind: "card_details", words: `${FAILURE_WORDS.card_details}: ${detail}.` };
  return { kind: "declined", words: `${FAILURE_WORDS.declined}.` };
}

/** What the attendee can do after each kind of failure (after "No money was taken."). */
const AFTER_FAILURE: Record<"card_details" | "declined", string> = {
  card_details: "Check the card details and try again.",
  declined: "You can try again, or pay with another card, bank or UPI.",
};

export interface PaymentWords {
  shownAs: PaymentShownAs;
  /** One or two words, for the badge. */
  label: string;
  tone: (typeof PAYMENT_TONES)[PaymentShownAs];
  /** The sentence at the top of the payment page, and beside a payment on the event page and in the basket. */
  headline: string;
  offer: PaymentOffer;
  /** Why it ended without money (failed, cancelled, timed out, expired), in plain words; null otherwise. */
  reason: string | null;
}

/**
 * The one place a payment's state becomes words and an offer, for every attendee page. `mailsReceipts`: whether a
 * mail follows the bank's decision (lib/payments/receipt-mail.ts); `team`: the payment is for a team;
 * `paidElsewhere`: it ended without money and another payment has paid its registrations since, so there is nothing
 * to try again (a failed attempt once said "You can try again" above "Already paid: nothing more to pay").
 */
export function paymentWords(
  p: PaymentState,
  opts: { mailsReceipts?: boolean; team?: boolean; paidElsewhere?: boolean } = {},
): PaymentWords {
  const shownAs = paymentShownAs(p);
  let headline = PAYMENT_HEADLINES[shownAs];
  if (shownAs === "success" && opts.team) headline = "Payment successful. Your team is registered!";
  if (shownAs === "bank_deciding")
    headline = `${headline} ${opts.mailsReceipts === false ? WHEN_THE_BANK_DECIDES.listed : WHEN_THE_BANK_DECIDES.mailed}`;
  const failure = failureReason(p);
  // A failure says why and what to do: a mistyped card is typed again, a decline calls for another way to pay.
  if (failure && (failure.kind === "card_details" || failure.kind === "declined"))
    headline = `The payment failed. ${failure.words} No money was taken.${opts.paidElsewhere ? "" : ` ${AFTER_FAILURE[failure.kind]}`}`;
  const offer = opts.paidElsewhere && OFFERS[shownAs] === "pay_again" ? "none" : OFFERS[shownAs];
  return {
    shownAs,
    label: PAYMENT_LABELS[shownAs],
    tone: PAYMENT_TONES[shownAs],
    headline,
    offer,
    reason: failure?.words ?? null,
  };
}

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
