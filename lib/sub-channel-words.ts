// How the attendee paid, in words, from AtomPay's sub-channel code: one table for the pages, the CSV and the mail
// (a ground-floor module, so the mail templates can use it without reaching up into the payments).
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
  NR: "Challan",
};

export function subChannelLabel(code: string | null | undefined): string | null {
  if (!code) return null;
  return SUB_CHANNEL_LABELS[code.trim().toUpperCase()] ?? code;
}

/** Money taken at the desk (issue 27): cash, or UPI to the fest's account with its 12-digit UTR. */
export type DeskTaking = { kind: "cash" | "upi"; utr: string | null };

/** How a payment was paid, in words: at the desk (cash, or UPI with its UTR), else AtomPay's sub-channel. */
export function paidWithWords(subChannel: string | null | undefined, desk: DeskTaking | null | undefined): string | null {
  if (desk) return desk.kind === "cash" ? "Cash at the desk" : `UPI at the desk (UTR ${desk.utr})`;
  return subChannelLabel(subChannel);
}
