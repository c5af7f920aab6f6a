// Prices (issue 26): "may this person choose this price now" has one answer, `priceRefusal`, asked by the event
// page and the events API (which prices to show), the basket (what a line will cost) and the payment start (what is
// charged). The seats a price's own capacity allows are counted with the event's, under the same lock
// (lib/registrations/seats.ts).
import { asc, eq, getTableName, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { type Event, type EventPrice, eventPrices, events } from "@/db/schema";
import { formatIST } from "@/lib/format";
import { seatsLeftByPrice } from "@/lib/registrations/seats";

/** Who is choosing: a signed-in person (their email counts for a domain only once verified), or nobody yet. */
export type Chooser = { email: string; emailVerifiedAt: Date | null } | null;

export type PriceRules = Pick<EventPrice, "key" | "label" | "feePaise" | "opensAt" | "closesAt" | "emailDomains" | "codeOnly">;

/** What a code unlocks for this choice (codeOnly prices' keys); none without a code. */
export interface Unlocks {
  keys: readonly string[];
}

const NO_UNLOCKS: Unlocks = { keys: [] };

/** The part of an email after the @, lower-cased. */
const domainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();

/** A listed domain admits itself and its subdomains (iitp.ac.in admits cse.iitp.ac.in, never notiitp.ac.in). */
function emailAtDomains(email: string, domains: readonly string[]): boolean {
  const d = domainOf(email);
  return domains.some((listed) => d === listed || d.endsWith(`.${listed}`));
}

/**
 * Why this person may not choose this price at `now`, in words, or null when they may: its sale window, a verified
 * email at its domains, a code for a code-only price. The one rule (see the top of this file).
 */
export function priceRefusal(price: PriceRules, chooser: Chooser, now: Date, unlocks: Unlocks = NO_UNLOCKS): string | null {
  if (price.opensAt && now < price.opensAt) return `The ${price.label} price is on sale from ${formatIST(price.opensAt)}.`;
  if (price.closesAt && now >= price.closesAt) return `The ${price.label} price ended on ${formatIST(price.closesAt)}.`;
  if (price.codeOnly && !unlocks.keys.includes(price.key)) return `The ${price.label} price is only available with a code.`;
  if (price.emailDomains.length) {
    const at = price.emailDomains.map((d) => `@${d}`).join(" or ");
    if (!chooser) return `The ${price.label} price is for people with a verified ${at} email: sign in first.`;
    if (!emailAtDomains(chooser.email, price.emailDomains))
      return `The ${price.label} price is only for people with a verified ${at} email.`;
    if (!chooser.emailVerifiedAt) return `The ${price.label} price needs your ${at} email verified first: see your account page.`;
  }
  return null;
}

/** Cheapest first; equal amounts in the organiser's order. */
function cheapestFirst<P extends Pick<EventPrice, "feePaise" | "position">>(prices: readonly P[]): P[] {
  return [...prices].sort((a, b) => a.feePaise - b.feePaise || a.position - b.position);
}

/** The prices this person may choose now, cheapest first. */
export function choosablePrices<P extends PriceRules & Pick<EventPrice, "position">>(
  prices: readonly P[],
  chooser: Chooser,
  now: Date,
  unlocks: Unlocks = NO_UNLOCKS,
): P[] {
  return cheapestFirst(prices.filter((p) => !priceRefusal(p, chooser, now, unlocks)));
}

/**
 * The price a checkout line is charged: the one asked for by key, or without a key the cheapest this person may
 * choose. Either a price or a sentence saying why not (the caller answers 409/422 with it).
 */
export function pickPrice<P extends PriceRules & Pick<EventPrice, "position">>(
  prices: readonly P[],
  key: string | undefined,
  chooser: Chooser,
  now: Date,
  unlocks: Unlocks = NO_UNLOCKS,
): { price: P } | { refusal: string; status: 409 | 422 } {
  if (key === undefined) {
    const [cheapest] = choosablePrices(prices, chooser, now, unlocks);
    return cheapest ? { price: cheapest } : { refusal: "No price of this event is open to you right now.", status: 409 };
  }
  const price = prices.find((p) => p.key === key);
  if (!price) return { refusal: `This event has no price "${key}".`, status: 422 };
  const refusal = priceRefusal(price, chooser, now, unlocks);
  return refusal ? { refusal, status: 409 } : { price };
}

/** The key of the price a bare fee is (an event made with `feePaise` alone, and every event migration 0017 carried over). */
export const STANDARD_PRICE = { key: "standard", label: "Standard" } as const;

/**
 * The one price an event without price rows has: Standard, at its fee. Events are written with their prices
 * (lib/events/admin.ts, the seeder); this keeps an event written without them (a tool, a test's fixture) sellable
 * at its fee rather than unsellable.
 */
export function standardPrice(event: Pick<Event, "id" | "feePaise" | "createdAt">): EventPrice {
  return {
    id: `${event.id}:standard`,
    eventId: event.id,
    ...STANDARD_PRICE,
    feePaise: event.feePaise,
    opensAt: null,
    closesAt: null,
    emailDomains: [],
    codeOnly: false,
    capacity: null,
    position: 0,
    createdAt: event.createdAt,
    updatedAt: event.createdAt,
  };
}

/**
 * SQL over `events`: the event's price rows as JSON, in the organiser's order. The start reads an event, its prices
 * and the payer's registration in one round trip: a second statement for the prices cost the registration rush
 * about a seventh of its starts (bench/RESULTS.md). pricesOf reads it back.
 */
// "events"."id" written out: Drizzle drops the table's name from a column in a one-table select, and a bare "id"
// inside the subquery would be the price's own.
export const pricesJson = sql<
  PriceJson[]
>`(select coalesce(jsonb_agg(to_jsonb(ep) order by ep.position, ep.key), '[]'::jsonb) from ${eventPrices} ep where ep.event_id = ${sql.identifier(getTableName(events))}.${sql.identifier("id")})`;

/** An event_prices row as to_jsonb writes it: the columns' own names, times as ISO text. */
type PriceJson = {
  id: string;
  event_id: string;
  key: string;
  label: string;
  fee_paise: number;
  opens_at: string | null;
  closes_at: string | null;
  email_domains: string[];
  code_only: boolean;
  capacity: number | null;
  position: number;
  created_at: string;
  updated_at: string;
};

const when = (iso: string | null) => (iso === null ? null : new Date(iso));

/** The prices pricesJson read for this event, as pricesByEvent gives them (Standard when it has no rows). */
export function pricesOf(event: Pick<Event, "id" | "feePaise" | "createdAt">, json: readonly PriceJson[]): EventPrice[] {
  if (!json.length) return [standardPrice(event)];
  return json.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    key: r.key,
    label: r.label,
    feePaise: r.fee_paise,
    opensAt: when(r.opens_at),
    closesAt: when(r.closes_at),
    emailDomains: r.email_domains,
    codeOnly: r.code_only,
    capacity: r.capacity,
    position: r.position,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  }));
}

/** Every price of these events, in the organiser's order, by event id (see standardPrice for an event without rows). */
export async function pricesByEvent(
  db: Db | Tx,
  eventRows: readonly Pick<Event, "id" | "feePaise" | "createdAt">[],
): Promise<Map<string, EventPrice[]>> {
  const ids = [...new Set(eventRows.map((e) => e.id))];
  const out = new Map<string, EventPrice[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  const rows = await db
    .select()
    .from(eventPrices)
    .where(ids.length === 1 ? eq(eventPrices.eventId, ids[0]!) : inArray(eventPrices.eventId, ids))
    .orderBy(asc(eventPrices.position), asc(eventPrices.key));
  for (const r of rows) out.get(r.eventId)!.push(r);
  for (const e of eventRows) if (!out.get(e.id)!.length) out.set(e.id, [standardPrice(e)]);
  return out;
}

/** A price on offer to someone: its public shape, with the seats left at it (null when only the event limits it). */
export type PriceOffer = ReturnType<typeof priceSummary> & { seatsLeft: number | null };

/** The prices each event offers this person now (priceRefusal), cheapest first, with their seats left. */
export async function pricesOnOffer(
  db: Db,
  eventRows: readonly Pick<Event, "id" | "feePaise" | "createdAt">[],
  chooser: Chooser,
  now: Date,
  /** What a code typed on the event's page unlocks (lib/codes). */
  unlocks: Unlocks = NO_UNLOCKS,
): Promise<Map<string, PriceOffer[]>> {
  const all = await pricesByEvent(db, eventRows);
  const offered = new Map([...all].map(([id, prices]) => [id, choosablePrices(prices, chooser, now, unlocks)]));
  const left = await seatsLeftByPrice(db, [...offered.values()].flat(), now);
  return new Map([...offered].map(([id, prices]) => [id, prices.map((p) => ({ ...priceSummary(p), seatsLeft: left.get(p.id) ?? null }))]));
}

/**
 * The fee a card or an event page shows this person: the cheapest price open to them, "from" it when they have a
 * choice; the event's fee when none is open to them now (closed, or every price needs something they lack).
 */
export function shownFee(offers: readonly Pick<PriceOffer, "feePaise">[], event: Pick<Event, "feePaise">) {
  return { feePaise: offers[0]?.feePaise ?? event.feePaise, from: offers.length > 1 };
}

/** The public shape of a price (GET /api/events, the event page). */
export function priceSummary(p: EventPrice) {
  return {
    key: p.key,
    label: p.label,
    feePaise: p.feePaise,
    opensAt: p.opensAt?.toISOString() ?? null,
    closesAt: p.closesAt?.toISOString() ?? null,
    emailDomains: p.emailDomains,
    codeOnly: p.codeOnly,
    capacity: p.capacity,
  };
}

/** The chooser a signed-in person is (or nobody). */
export function chooserOf(user: { email: string; emailVerifiedAt?: Date | null } | null): Chooser {
  return user ? { email: user.email, emailVerifiedAt: user.emailVerifiedAt ?? null } : null;
}
