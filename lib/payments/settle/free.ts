// The registration moves of free events, both on the attendee's word (transitions.ts): `confirmFree`, a checkout
// whose total is 0 (AtomPay refuses a zero amount, so no payment is made and the registrations are confirmed at
// once), and `cancelFree`, its holder giving back a seat nothing was paid for with money. A free event in a basket
// with paid ones is not confirmed here: it is a 0-paise item of the payment and `pay` confirms it with the rest.
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { type Event, type EventPrice, type Registration, registrations } from "@/db/schema";
import { REGISTRATION_MOVES, registrationSourcesOf } from "./transitions";

export interface FreeLine {
  event: Pick<Event, "id">;
  /** The chosen price (its amount is 0 here); copied onto the registration. */
  price: Pick<EventPrice, "key" | "label">;
  /** The code that made it free, if one did (its discount is then the price's whole amount): its use is counted. */
  code: { id: string } | null;
  discountPaise: number;
  teamId: string | null;
  /** The live registration, if there is one (it must be awaiting payment); otherwise one is made. */
  registration: Pick<Registration, "id"> | null;
}

/** Thrown inside the transaction when a registration moved meanwhile, so nothing of the checkout is kept. */
export class FreeCheckoutRaced extends Error {}

/**
 * Confirms every line at once, all or none. The caller holds the seat decision: it runs this in the transaction
 * where it locked the events and counted their seats (lib/registrations/seats.ts), as a paid start does. An existing
 * registration moves only while it awaits payment and no payment is in flight for it (that payment would otherwise
 * arrive for a registration already entered); a new one is made at the move's status (an insert, not a move). A
 * concurrent click that made the same registration first breaks the one-live-registration index (the caller looks
 * again); a registration that moved meanwhile throws FreeCheckoutRaced.
 */
export async function confirmFreeRegistrations(tx: Tx, userId: string, lines: FreeLine[], now: Date): Promise<Registration[]> {
  const move = REGISTRATION_MOVES.confirmFree;
  const existing = lines.flatMap((l) => (l.registration ? [l.registration.id] : []));
  const moved: Registration[] = [];
  for (const line of lines.filter((l) => l.registration)) {
    // One statement per line: each copies its own price (a basket of free events is a handful of lines).
    const [row] = await tx
      .update(registrations)
      .set({
        status: move.to,
        paidAt: now,
        heldUntil: null,
        updatedAt: now,
        feePaise: 0,
        priceKey: line.price.key,
        priceLabel: line.price.label,
        codeId: line.code?.id ?? null,
        discountPaise: line.discountPaise,
      })
      .where(
        and(
          eq(registrations.id, line.registration!.id),
          inArray(registrations.status, registrationSourcesOf("confirmFree")),
          sql`not exists (select 1 from payment_items i where i.registration_id = ${registrations.id} and i.status = 'pending')`,
        ),
      )
      .returning();
    if (row) moved.push(row);
  }
  if (moved.length !== existing.length) throw new FreeCheckoutRaced();
  const fresh = lines.filter((l) => !l.registration);
  const made = fresh.length
    ? await tx
        .insert(registrations)
        .values(
          fresh.map((l) => ({
            id: randomUUID(),
            eventId: l.event.id,
            userId: l.teamId ? null : userId,
            teamId: l.teamId,
            status: move.to,
            feePaise: 0,
            priceKey: l.price.key,
            priceLabel: l.price.label,
            codeId: l.code?.id ?? null,
            discountPaise: l.discountPaise,
            paidAt: now,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .returning()
    : [];
  // In the lines' order.
  return lines.map((l) => (l.registration ? moved.find((r) => r.id === l.registration!.id)! : made.find((r) => r.eventId === l.event.id)!));
}

/**
 * SQL: money was paid for the registrations row `alias` (an item of a successful or flagged payment with an amount).
 * A registration with none is free to cancel; one with any goes through an organiser's refund instead.
 */
function paidWithMoneySql(alias: string) {
  return sql`exists (select 1 from payment_items i where i.registration_id = ${sql.raw(alias)}.id
    and i.amount_paise > 0 and i.status in ('success', 'flagged'))`;
}

/**
 * The move `cancelFree`: ends a confirmed registration nothing was paid for with money, freeing its seat (seats count
 * only live registrations) and voiding its pass (check-in admits only `paid`). Returns the registration when it
 * moved, undefined when it was not confirmed, or money paid for it (the caller says which).
 */
export async function cancelFreeRegistration(tx: Tx, registrationId: string, now: Date): Promise<Registration | undefined> {
  const [row] = await tx
    .update(registrations)
    .set({ status: REGISTRATION_MOVES.cancelFree.to, heldUntil: null, endedAt: now, updatedAt: now })
    .where(
      and(
        eq(registrations.id, registrationId),
        inArray(registrations.status, registrationSourcesOf("cancelFree")),
        sql`not ${paidWithMoneySql('"registrations"')}`,
      ),
    )
    .returning();
  return row;
}
