// An attendee's "check again with the bank": a requery. At most one per attempt every REQUERY_SPACING_MS (15 s),
// whoever asks, so the button cannot be used to hammer the gateway. The slot is claimed by one conditional
// UPDATE, so of many parallel clicks exactly one asks the bank. Only a payment the status API's answer could still
// pay is asked about (the transition table's sources of "pay"); any other is answered from our database.
import { and, eq, isNull, lte, or } from "drizzle-orm";
import { payments } from "@/db/schema";
import { RateLimitedError } from "@/lib/errors";
import type { PaymentDeps } from "./deps";
import { gatewayErrorCode, gatewayFailure, gatewayNotAnswering, gatewayUnavailable, PaymentNotFoundError } from "./errors";
import { requery } from "./requery";
import { REQUERY_SPACING_MS } from "./requery-spacing";
import { sourcesOf } from "./settle/transitions";

export async function requeryForPayer(deps: PaymentDeps, merchTxnId: string, now = new Date()) {
  const [p] = await deps.db.select().from(payments).where(eq(payments.merchTxnId, merchTxnId)).limit(1);
  if (!p) throw new PaymentNotFoundError(merchTxnId);
  if (!sourcesOf("pay").includes(p.status)) return { statusCode: p.gatewayStatusCode, to: p.status, changed: false };
  const claimed = await deps.db
    .update(payments)
    .set({ lastCheckedAt: now })
    .where(
      and(
        eq(payments.id, p.id),
        or(isNull(payments.lastCheckedAt), lte(payments.lastCheckedAt, new Date(now.getTime() - REQUERY_SPACING_MS))),
      ),
    )
    .returning({ id: payments.id });
  if (claimed.length === 0) {
    // Someone (another click, the reconciler) asked within the interval: read when, to say how long to wait.
    const [latest] = await deps.db.select({ at: payments.lastCheckedAt }).from(payments).where(eq(payments.id, p.id));
    const since = latest?.at ? now.getTime() - latest.at.getTime() : 0;
    const wait = Math.max(1, Math.ceil((REQUERY_SPACING_MS - since) / 1000));
    throw new RateLimitedError(`We just checked with the bank. Please wait ${wait} seconds before checking again.`, wait);
  }
  try {
    const result = await requery(deps, p, { now });
    return { statusCode: result.statusCode, to: result.to, changed: result.changed };
  } catch (error) {
    // Not answering is a 503 saying when the page asks again; any other failure a 502.
    if (gatewayNotAnswering(error)) throw gatewayUnavailable(now, "attendee");
    if (gatewayErrorCode(error)) throw gatewayFailure(error);
    throw error;
  }
}
