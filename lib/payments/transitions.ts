// A payment only moves forward. Ranks: an attempt in flight, then an ending without money, then an ending
// with money. A late success after a failure or expiry is allowed (the bank took the money and the status API
// says so: that truth must be recorded), but nothing ever undoes a success or a flag, with one exception:
// success → reversed, when the status API (and only the status API) says the bank auto-reversed the payment.
// Nothing leaves `reversed`: a later answer about the same transaction is logged, not applied.
import type { PaymentStatus } from "@/db/schema";

const RANK: Record<PaymentStatus, number> = {
  pending: 0,
  failed: 1,
  cancelled: 1,
  expired: 1,
  success: 2,
  flagged: 2,
  reversed: 3,
};

/**
 * Whose word a change rests on. Only the status API's answer, asked by us over TLS, may reverse a success: a return
 * or callback (even a genuine one, replayed) never can, and neither can a decision we make ourselves.
 */
export type Authority = "status-api" | "message" | "local";

export function canTransition(from: PaymentStatus, to: PaymentStatus, by: Authority = "local"): boolean {
  if (from === "reversed") return false;
  if (to === "reversed") return from === "success" && by === "status-api";
  return RANK[to] > RANK[from];
}
