// The one answer to "is it paid?" and "what is owed?", for pages, APIs and the CSV alike. A registration's status
// is the truth; payments are how it got there.
import type { Registration, RegistrationStatus } from "@/db/schema";

export const LIVE_STATUSES = ["awaiting_payment", "paid"] as const satisfies readonly RegistrationStatus[];

export function isPaid(r: Pick<Registration, "status">): boolean {
  return r.status === "paid";
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

/** What the entrant is told about their own registration. */
export const REGISTRATION_SENTENCES: Record<RegistrationStatus, string> = {
  awaiting_payment: "Not paid yet: you are not registered until the payment goes through.",
  paid: "Paid · You are registered!",
  refunded: "Refunded, you are no longer registered.",
  cancelled: "Cancelled: you are not registered.",
};
