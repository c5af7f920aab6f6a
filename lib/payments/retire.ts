// An attempt past its lifetime blocks nobody. Before a new attempt starts, the old one is asked about once:
// a verdict is recorded; an answer that says nothing, or a gateway that cannot be reached, retires it
// (expired) at once, so the attendee can pay again; it stays open to a late success, which then arrives like
// any second success for a registration. Only a bank that is still deciding (OTS0551, OTS0201) holds it.
import type { Payment } from "@/db/schema";
import { bankStillDeciding } from "./bank-deciding";
import type { PaymentDeps } from "./deps";
import { type RequeryResult, requerySafely } from "./requery";
import { settle } from "./settle";

export type RetireOutcome =
  /** The gateway gave a verdict (paid, failed, cancelled) or the attempt was already settled. */
  | { kind: "settled"; result: RequeryResult }
  /** Nothing known (or never completed): expired now; a new attempt may start. */
  | { kind: "retired"; result: RequeryResult }
  /** The bank is still deciding: do not start a second payment yet. */
  | { kind: "bank-deciding"; result: RequeryResult };

export async function retireStale(deps: PaymentDeps, payment: Payment, now = new Date()): Promise<RetireOutcome> {
  const result = await requerySafely(deps, payment, { now });
  if (result.to !== "pending") return { kind: result.to === "expired" ? "retired" : "settled", result };
  if (bankStillDeciding(result.statusCode)) return { kind: "bank-deciding", result };
  const reason = result.unknown
    ? `superseded by a new attempt; the gateway could not confirm it (${result.unknownReason})`
    : "superseded by a new attempt";
  await settle(deps.db, payment.merchTxnId, { kind: "local", status: "expired", reason, statusCode: result.statusCode || undefined }, now);
  return { kind: "retired", result };
}
