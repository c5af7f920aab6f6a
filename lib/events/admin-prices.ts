// Organisers' prices (issue 26): an event's list of prices written whole, in one transaction under the event's row
// lock (admin.ts takes it), so a start counting a price's seats never sees half a list. A price already paid for
// (a registration at it is entered, or a payment was started for one) keeps its amount: 409. Removing a price keeps
// what registrations copied from it; it is simply no longer offered.
import { and, eq, notInArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { type EventPrice, eventPrices } from "@/db/schema";
import { ApiError } from "@/lib/errors";
import type { PriceInput } from "./admin-schema";
import { STANDARD_PRICE } from "./prices";

/** The keys of this event's prices someone has paid for, or started paying for (their amount is fixed). */
async function paidPriceKeys(tx: Tx, eventId: string): Promise<Set<string>> {
  const rows = await rowsOf<{ key: string }>(
    tx,
    sql`select distinct r.price_key as key from registrations r
    where r.event_id = ${eventId} and (r.status = 'paid' or exists (select 1 from payment_items i where i.registration_id = r.id))`,
  );
  return new Set(rows.map((r) => r.key));
}

/** A bare fee as a list of prices: the event's one price, Standard. */
export const bareFee = (feePaise: number): PriceInput[] => [
  { ...STANDARD_PRICE, feePaise, opensAt: null, closesAt: null, emailDomains: [], codeOnly: false, capacity: null },
];

/**
 * Replaces the event's prices with `next` (in that order). Throws 409 naming the field when a paid-for price's
 * amount would change. Returns what changed, for the audit entry (null when nothing did).
 */
export async function writePrices(
  tx: Tx,
  eventId: string,
  current: EventPrice[],
  next: PriceInput[],
  now: Date,
): Promise<{ before: unknown[]; after: unknown[] } | null> {
  const paid = await paidPriceKeys(tx, eventId);
  next.forEach((p, i) => {
    const was = current.find((c) => c.key === p.key);
    if (was && was.feePaise !== p.feePaise && paid.has(p.key)) {
      const message = `The ${was.label} price has been paid for, so its amount can't change. Add a new price instead.`;
      throw new ApiError(409, "conflict", message, { [`prices.${i}.feePaise`]: [message] });
    }
  });
  const shape = (p: Omit<PriceInput, never>, position: number) => ({
    key: p.key,
    label: p.label,
    feePaise: p.feePaise,
    opensAt: p.opensAt?.toISOString() ?? null,
    closesAt: p.closesAt?.toISOString() ?? null,
    emailDomains: p.emailDomains,
    codeOnly: p.codeOnly,
    capacity: p.capacity,
    position,
  });
  const before = current.map((c) => shape(c, c.position));
  const after = next.map((p, i) => shape(p, i));
  if (JSON.stringify(before) === JSON.stringify(after)) return null;
  const keys = next.map((p) => p.key);
  await tx.delete(eventPrices).where(and(eq(eventPrices.eventId, eventId), notInArray(eventPrices.key, keys)));
  for (const [i, p] of next.entries()) {
    const values = { ...p, position: i, updatedAt: now };
    await tx
      .insert(eventPrices)
      .values({ ...values, eventId, createdAt: now })
      .onConflictDoUpdate({ target: [eventPrices.eventId, eventPrices.key], set: values });
  }
  return { before, after };
}

/**
 * The event's "from" fee, kept on the event for lists and sorting: its cheapest price anyone may be offered. A price
 * only a code opens (a sponsors' ₹0) is left out unless every price is code-only, so lists never say "Free" for it.
 */
export function cheapestFee(prices: Pick<PriceInput, "feePaise" | "codeOnly">[]): number {
  const open = prices.filter((p) => !p.codeOnly);
  return Math.min(...(open.length ? open : prices).map((p) => p.feePaise));
}
