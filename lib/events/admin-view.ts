// Events as organisers see them: each with its seats taken and left, its registrations by status, and whether the
// fee and the kind can still change. One read for the console list, the edit page and the JSON API alike.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { type Event, type EventPrice, events, registrations } from "@/db/schema";
import { seatsTaken } from "@/lib/registrations/seats";
import { eventSummary, isEventSlug } from "./events";
import { priceSummary, pricesByEvent } from "./prices";

export interface EventStats {
  /** Paid registrations plus those holding a seat while their payment is live (lib/registrations/seats). */
  seatsTaken: number;
  /** null when the event has no capacity. */
  seatsLeft: number | null;
  registrations: { paid: number; awaitingPayment: number };
  /** A payment has been started for one of its registrations: the fee is fixed from then on. */
  feeLocked: boolean;
  /** Someone has registered or made a team: solo cannot become team or back. */
  kindLocked: boolean;
}

export interface OrganiserEvent {
  event: Event;
  stats: EventStats;
  /** Every price, in the organiser's order, each saying whether it was paid for (its amount is then fixed). */
  prices: (EventPrice & { paidFor: boolean })[];
}

// EXISTS, not a join: an event with 100,000 payment items answers from the first one found (both foreign keys
// are indexed: registrations by event, payment_items by registration).
// ("events"."id" spelled out: Drizzle leaves columns unqualified in a one-table select, and r.id would shadow it.)
const paymentStarted = sql<boolean>`exists (select 1 from registrations r join payment_items i on i.registration_id = r.id where r.event_id = "events"."id")`;
const hasEntrants = sql<boolean>`(exists (select 1 from registrations r where r.event_id = "events"."id")
  or exists (select 1 from teams t where t.event_id = "events"."id"))`;

async function load(db: Db | Tx, eventIds: string[] | null, now: Date): Promise<OrganiserEvent[]> {
  const rows = await db
    .select({ event: events, feeLocked: paymentStarted.mapWith(Boolean), kindLocked: hasEntrants.mapWith(Boolean) })
    .from(events)
    .where(eventIds ? inArray(events.id, eventIds) : undefined)
    .orderBy(asc(sql`${events.startsAt} is null`), asc(events.startsAt), asc(events.name));
  if (!rows.length) return [];
  const ids = rows.map((r) => r.event.id);
  const [counts, taken, prices, paidKeys] = await Promise.all([
    db
      .select({ eventId: registrations.eventId, status: registrations.status, n: sql<number>`count(*)::integer`.mapWith(Number) })
      .from(registrations)
      .where(and(inArray(registrations.eventId, ids), inArray(registrations.status, ["paid", "awaiting_payment"])))
      .groupBy(registrations.eventId, registrations.status),
    // seatsTaken is the one definition of a taken seat; a festival has tens of events, so one count each is cheap.
    Promise.all(rows.map((r) => seatsTaken(db, r.event.id, now))),
    pricesByEvent(
      db,
      rows.map((r) => r.event),
    ),
    // Paid for: entered at that price, or a payment started for it (lib/events/admin-prices.ts, the same rule).
    db
      .selectDistinct({ eventId: registrations.eventId, key: registrations.priceKey })
      .from(registrations)
      .where(
        and(
          inArray(registrations.eventId, ids),
          sql`(${registrations.status} = 'paid' or exists (select 1 from payment_items i where i.registration_id = ${registrations.id}))`,
        ),
      ),
  ]);
  const count = (eventId: string, status: "paid" | "awaiting_payment") =>
    counts.find((c) => c.eventId === eventId && c.status === status)?.n ?? 0;
  return rows.map(({ event, feeLocked, kindLocked }, i) => ({
    event,
    stats: {
      seatsTaken: taken[i]!,
      seatsLeft: event.capacity == null ? null : Math.max(0, event.capacity - taken[i]!),
      registrations: { paid: count(event.id, "paid"), awaitingPayment: count(event.id, "awaiting_payment") },
      feeLocked,
      kindLocked,
    },
    prices: (prices.get(event.id) ?? []).map((p) => ({
      ...p,
      paidFor: paidKeys.some((k) => k.eventId === event.id && k.key === p.key),
    })),
  }));
}

/** Every event (or only `eventIds`: a coordinator's), soonest first (events without a start time last), for the console list and GET. */
export function organiserEvents(db: Db, now = new Date(), eventIds: readonly string[] | null = null): Promise<OrganiserEvent[]> {
  return load(db, eventIds ? [...eventIds] : null, now);
}

export async function organiserEvent(db: Db | Tx, eventId: string, now = new Date()): Promise<OrganiserEvent | undefined> {
  return (await load(db, [eventId], now))[0];
}

export async function organiserEventBySlug(db: Db, slug: string, now = new Date()): Promise<OrganiserEvent | undefined> {
  if (!isEventSlug(slug)) return undefined;
  const [row] = await db.select({ id: events.id }).from(events).where(eq(events.slug, slug)).limit(1);
  return row ? organiserEvent(db, row.id, now) : undefined;
}

/** The organisers' JSON for an event: the public summary plus what only organisers see. */
export function organiserEventJson({ event: e, stats, prices }: OrganiserEvent, now = new Date()) {
  return {
    ...eventSummary(e, stats.seatsLeft, now),
    description: e.description,
    closedAt: e.closedAt?.toISOString() ?? null,
    /** Hidden from attendees (lib/events/visibility.ts): not listed, no page, not open for registration. */
    hidden: !!e.hiddenAt,
    hiddenAt: e.hiddenAt?.toISOString() ?? null,
    seatsTaken: stats.seatsTaken,
    registrations: stats.registrations,
    feeLocked: stats.feeLocked,
    kindLocked: stats.kindLocked,
    /** Every price (not only those on offer), with `paidFor`: its amount can no longer change. */
    prices: prices.map((p) => ({ ...priceSummary(p), paidFor: p.paidFor })),
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

/** The console's line of an event's registrations: "paid" counts entered ones, and a free event's are "registered". */
export function registrationsLine(event: Pick<Event, "feePaise">, stats: Pick<OrganiserEvent["stats"], "registrations">): string {
  const { paid, awaitingPayment } = stats.registrations;
  return `${paid} ${event.feePaise === 0 ? "registered" : "paid"} · ${awaitingPayment} awaiting payment`;
}
