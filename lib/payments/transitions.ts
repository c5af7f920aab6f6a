// A payment only moves forward. Ranks: an attempt in flight, then an ending without money, then an ending
// with money. A late success after a failure or expiry is allowed (the bank took the money and the status API
// says so: that truth must be recorded), but nothing ever undoes a success or a flag.
import type { PaymentStatus } from "@/db/schema";

const RANK: Record<PaymentStatus, number> = {
  pending: 0,
  failed: 1,
  cancelled: 1,
  expired: 1,
  success: 2,
  flagged: 2,
};

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return RANK[to] > RANK[from];
}

export function isFinal(status: PaymentStatus): boolean {
  return RANK[status] === 2;
}
