// Tabs of one browser tell each other when a payment has ended, so a tab still showing "The secure payment window
// is open" follows the truth at once when the attendee paid in another tab (BroadcastChannel: every browser this
// app supports has it; where it is missing, the checkout's own watch still catches up within a minute).

const CHANNEL = "anwesha-payments";

/** A payment that is no longer pending, and the events it paid for (a basket pays several). */
export interface PaymentEnded {
  merchTxnId: string;
  status: string;
  eventSlugs: string[];
}

export function announcePaymentEnded(note: PaymentEnded): void {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(note);
  channel.close();
}

/** Calls `fn` for each payment another tab says has ended; returns a function that stops listening. */
export function onPaymentEnded(fn: (note: PaymentEnded) => void): () => void {
  if (typeof BroadcastChannel === "undefined") return () => {};
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (ev: MessageEvent) => {
    const d = ev.data as Partial<PaymentEnded> | null;
    if (d && typeof d.merchTxnId === "string" && typeof d.status === "string" && Array.isArray(d.eventSlugs)) {
      fn({ merchTxnId: d.merchTxnId, status: d.status, eventSlugs: d.eventSlugs.filter((s) => typeof s === "string") });
    }
  };
  return () => channel.close();
}

/**
 * Whether a checkout open in this tab is overtaken by a payment another tab saw end: the same attempt ended (any
 * way), or another payment succeeded for one of the events this checkout is paying.
 */
export function overtakes(note: PaymentEnded, mine: { merchTxnId: string; eventSlugs: string[] }): boolean {
  if (note.merchTxnId === mine.merchTxnId) return true;
  return note.status === "success" && note.eventSlugs.some((s) => mine.eventSlugs.includes(s));
}
