// The gateway's settlement status for a successful transaction (`settlementDetails.reconStatus` in a status
// answer), as NDPS's documentation names them. "Settled" means the money has been paid out to the merchant.
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { payments } from "@/db/schema";

export const RECON_STATUSES = {
  RS: "Reconciled, settled",
  RNS: "Reconciled, not settled yet",
  NRNS: "Not reconciled, not settled yet",
  PNRNS: "Not reconciled, not settled yet (same-day settlement)",
  PNRS: "Settled, not reconciled yet",
} as const;
export type ReconStatus = keyof typeof RECON_STATUSES;

/** Statuses under which the money has reached the merchant (reconciled or not). */
export const SETTLED_RECON_STATUSES: readonly ReconStatus[] = ["RS", "PNRS"];

export function reconLabel(code: string | null | undefined): string {
  if (!code) return "not known yet";
  return Object.hasOwn(RECON_STATUSES, code) ? RECON_STATUSES[code as ReconStatus] : `${code} (not in NDPS's list)`;
}

/** Keep what the status API said about settlement, and when we learned it. Not a status change. */
export async function rememberReconStatus(db: Db, paymentId: string, reconStatus: string, now: Date): Promise<void> {
  const code = reconStatus.trim().toUpperCase().slice(0, 16);
  if (!code) return;
  await db.update(payments).set({ reconStatus: code, reconStatusAt: now }).where(eq(payments.id, paymentId));
}
