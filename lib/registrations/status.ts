// The one answer to "is it paid?" and "what is owed?", for pages, APIs and the CSV alike. A registration's status
// is the truth; payments are how it got there.
import type { Registration, RegistrationStatus } from "@/db/schema";

export const LIVE_STATUSES = ["awaiting_payment", "paid"] as const satisfies readonly RegistrationStatus[];

/**
 * Entered: the registration holds its seat and has a pass. `paid` is that status for free events too (their fee is 0;
 * lib/payments/settle/transitions.ts says why one word), so "was money paid?" is isFree's negation, not this.
 */
export function isPaid(r: Pick<Registration, "status">): boolean {
  return r.status === ENTERED_STATUS;
}

/**
 * The status isPaid names, for SQL that selects entered registrations (an announcement's people, lib/announcements):
 * the same one answer, as a value a query binds.
 */
export const ENTERED_STATUS = "paid" satisfies RegistrationStatus;

/** A registration made at a fee of 0 (a free event): nothing to pay, and its holder can cancel it. */
export function isFree(r: Pick<Registration, "feePaise">): boolean {
  return r.feePaise === 0;
}

/** What the entrant still has to pay: the fee copied onto the registration, until it is paid. */
export function owedPaise(r: Pick<Registration, "status" | "feePaise">): number {
  return r.status === "awaiting_payment" ? r.feePaise : 0;
}

/** A registration's status in a word or two, the same on every page and in the CSV. */
export const REGISTRATION_LABELS: Record<RegistrationStatus, string> = {
  awaiting_payment: "Awaiting payment",
  paid: "Registered",
  refunded: "Refunded",
  cancelled: "Cancelled",
};

/** What the entrant is told about their own registration: never "paid" for a free one. */
export function registrationSentence(r: Pick<Registration, "status" | "feePaise">): string {
  return r.status === "paid" && isFree(r) ? FREE_SENTENCE : REGISTRATION_SENTENCES[r.status];
}

const FREE_SENTENCE = "Free · You are registered!";

/** What the entrant is told about their own registration (registrationSentence tells free ones apart). */
export const REGISTRATION_SENTENCES: Record<RegistrationStatus, string> = {
  awaiting_payment: "Not paid yet: you are not registered until the payment goes through.",
  paid: "Paid · You are registered!",
  refunded: "Refunded, you are no longer registered.",
  cancelled: "Cancelled: you are not registered.",
};
