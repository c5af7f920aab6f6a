// Seats. `capacity` counts paid registrations plus registrations holding a seat while their payment is live. The
// check and the hold are one atomic step: the event's row is locked, then the seats are counted and held in the
// same transaction, so in a rush for the last K seats at most K payments start. Every statement of a seat decision
// is kept prepared on its connection (one round trip, planned once; db/rows.ts preparedRowsOf): in a rush the
// event's lock is held across them, so each round trip saved is saved for every start waiting behind it.
import { and, inArray, notInArray, or, type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { preparedRowsOf } from "@/db/rows";
import { type Event, type EventPrice, events, registrations } from "@/db/schema";
import { conflict } from "@/lib/errors";

/**
 * A hold still counts for this long after it ends. A success arriving just as its hold ends is admitted by its own
 * (fast) check without taking the event's lock; the grace keeps that seat from being given away in the meantime.
 */
export const HOLD_GRACE_MS = 2 * 60_000;

/**
 * Whether the registrations row `alias` takes a seat at `now`: paid, or awaiting payment with a hold that has not run
 * out (plus the grace). The one answer, for the seat counts here and the careful path's "is a seat free"
 * (lib/payments/settle/pay.ts).
 */
export function takesSeatSql(alias: string, now: Date): SQL {
  const cutoff = new Date(now.getTime() - HOLD_GRACE_MS).toISOString();
  const r = sql.raw(alias);
  return sql`(${r}.status = 'paid' or (${r}.status = 'awaiting_payment' and ${r}.held_until > ${cutoff}::timestamptz))`;
}

/**
 * SQL: the registrations row `r` (of the event row `e`) is limited by a capacity: the event's, or its price's own
 * (issue 26). An unlimited one never needs a seat counted.
 */
export function limitedSql(r: string, e: string): SQL {
  const [reg, event] = [sql.raw(r), sql.raw(e)];
  return sql`(${event}.capacity is not null or exists (select 1 from event_prices lp
    where lp.event_id = ${reg}.event_id and lp.key = ${reg}.price_key and lp.capacity is not null))`;
}

/**
 * SQL: the waiting-list entry row `w` holds a seat at `now` (issue 27): an offer still out whose holder has no
 * registration taking a seat in the event (once they start paying, their registration's hold counts instead, so the
 * seat is never counted twice; if that payment fails the offer holds it again until it expires).
 */
function offerHoldsSeatSql(w: string, now: Date): SQL {
  const e = sql.raw(w);
  return sql`(${e}.status = 'offered' and ${e}.offer_expires_at > ${now.toISOString()}::timestamptz
    and not exists (select 1 from registrations hr where hr.event_id = ${e}.event_id
      and (case when ${e}.team_id is null then hr.team_id is null and hr.user_id = ${e}.user_id else hr.team_id = ${e}.team_id end)
      and ${takesSeatSql("hr", now)}))`;
}

/** SQL: the entry row `w` is the line's place of the registrations row `r`'s holder (the person alone, or the team). */
function entryOfSql(w: string, r: string): SQL {
  const [e, reg] = [sql.raw(w), sql.raw(r)];
  return sql`(case when ${reg}.team_id is null then ${e}.team_id is null and ${e}.user_id = ${reg}.user_id
    else ${e}.team_id = ${reg}.team_id end)`;
}

/**
 * SQL: a seat is free for the registrations row `r` (of the event row `e`) right now: under the event's capacity,
 * and under its price's own capacity, counting every other registration that takes a seat and every offer out to
 * someone else; and, unless `r`'s holder has an offer out, nobody waits in line for those seats (issue 27: a freed
 * seat is the line's). Only a caller holding the event's row lock may ask (the careful path,
 * lib/payments/settle/pay.ts): a price's seats and the line share the event's lock.
 */
export function seatFreeSql(r: string, e: string, now: Date): SQL {
  const [reg, event] = [sql.raw(r), sql.raw(e)];
  const offered = sql`exists (select 1 from waitlist_entries ow where ow.event_id = ${reg}.event_id and ${entryOfSql("ow", r)}
    and ow.status = 'offered' and ow.offer_expires_at > ${now.toISOString()}::timestamptz)`;
  return sql`((${event}.capacity is null or ((select count(*) from registrations o
      where o.event_id = ${event}.id and o.id <> ${reg}.id and ${takesSeatSql("o", now)})
      + (select count(*) from waitlist_entries w where w.event_id = ${event}.id and not ${entryOfSql("w", r)}
        and ${offerHoldsSeatSql("w", now)}) < ${event}.capacity
      and (${offered} or not exists (select 1 from waitlist_entries w where w.event_id = ${event}.id
        and w.price_key is null and w.status = 'waiting'))))
    and not exists (select 1 from event_prices fp where fp.event_id = ${reg}.event_id and fp.key = ${reg}.price_key
      and fp.capacity is not null and ((select count(*) from registrations o
        where o.event_id = ${reg}.event_id and o.price_key = ${reg}.price_key and o.id <> ${reg}.id
          and ${takesSeatSql("o", now)})
        + (select count(*) from waitlist_entries w where w.event_id = ${reg}.event_id and w.price_key = ${reg}.price_key
          and not ${entryOfSql("w", r)} and ${offerHoldsSeatSql("w", now)}) >= fp.capacity
        or not ${offered} and exists (select 1 from waitlist_entries w where w.event_id = ${reg}.event_id
          and w.price_key = ${reg}.price_key and w.status = 'waiting'))))`;
}

/** Who holds a place: a person alone (teamId null) or a team. */
export interface Holder {
  userId: string;
  teamId: string | null;
}

export interface LineEntry {
  eventId: string;
  priceKey: string | null;
  /** The place's holder: set only on the places of the holders lineOf was asked about, null on a group of others'. */
  userId: string | null;
  teamId: string | null;
  status: "waiting" | "offered";
  /** An offer out that holds a seat now (offerHoldsSeatSql). */
  holds: boolean;
  /** An offer not yet expired (its holder may take it, whether or not their registration holds the seat already). */
  live: boolean;
  /** How many places this entry stands for: 1 for a holder's own, the size of a group of others' alike places. */
  places: number;
}

const isHolders = (entry: LineEntry, h: Holder) =>
  h.teamId ? entry.teamId === h.teamId : entry.teamId === null && entry.userId === h.userId;

const placesOf = (entries: LineEntry[]) => entries.reduce((sum, l) => sum + l.places, 0);

/**
 * The live places in these events' lines (waiting, or offered), with whether each offer holds a seat at `now`:
 * `holders`' own places one by one, everyone else's counted in groups of alike places (event, price, status, holds,
 * live). A line of thousands (a rush's losers wait in it) is then a few rows, not thousands, for every seat decision.
 */
export async function lineOf(db: Db | Tx, eventIds: string[], now: Date, holders: Holder[] = []): Promise<LineEntry[]> {
  if (!eventIds.length) return [];
  const solo = [...new Set(holders.flatMap((h) => (h.teamId ? [] : [h.userId])))];
  const teams = [...new Set(holders.flatMap((h) => (h.teamId ? [h.teamId] : [])))];
  // The asked-about holders' own places, as isHolders tells them (a team's by the team, a person's alone by them).
  const mine = or(and(sql`w.team_id is null`, inArray(sql`w.user_id`, solo)), inArray(sql`w.team_id`, teams));
  const rows = await preparedRowsOf<Omit<LineEntry, "places"> & { places: number | string }>(
    db,
    sql`select event_id as "eventId", price_key as "priceKey", own_user as "userId", own_team as "teamId", status,
        holds, live, count(*)::integer as places
      from (select w.event_id, w.price_key, w.status::text as status,
          case when m.mine then w.id end as own_id,
          case when m.mine then w.user_id end as own_user,
          case when m.mine then w.team_id end as own_team,
          ${offerHoldsSeatSql("w", now)} as holds,
          (w.status = 'offered' and w.offer_expires_at > ${now.toISOString()}::timestamptz) as live
        from waitlist_entries w cross join lateral (select ${mine} as mine) m
        where ${inArray(sql`w.event_id`, [...new Set(eventIds)])} and w.status in ('waiting', 'offered')) places
      group by event_id, price_key, status, holds, live, own_id, own_user, own_team`,
  );
  return rows.map((r) => ({ ...r, places: Number(r.places) }));
}

/**
 * What the line takes from newcomers at one event (priceKey null) or price: the offers out holding a seat, and
 * whether anyone waits (then a freed seat is not theirs). `holder`'s own place is left out: their offer is the
 * seat they are taking.
 */
function lineLoad(line: LineEntry[], eventId: string, priceKey: string | null, holder?: Holder) {
  const at = line.filter((l) => l.eventId === eventId && (priceKey === null || l.priceKey === priceKey));
  const own = holder ? at.filter((l) => isHolders(l, holder)) : [];
  const offerOut = own.some((l) => l.live && (priceKey === null || l.priceKey === priceKey));
  return {
    held: placesOf(at.filter((l) => l.holds && !own.includes(l))),
    waiting: at.some((l) => l.status === "waiting" && l.priceKey === priceKey),
    offerOut,
  };
}

/** Registrations of these events that take a seat at `now` (paid, or holding one), leaving out `except`. */
function takingSeat(eventIds: string[], now: Date, except: string[] = []) {
  return and(
    inArray(registrations.eventId, eventIds),
    except.length ? notInArray(registrations.id, except) : undefined,
    takesSeatSql('"registrations"', now),
  );
}

/** Seats taken per event, in one statement (events with none taken are absent). */
async function seatsTakenByEvent(db: Db | Tx, eventIds: string[], now: Date, except: string[] = []): Promise<Map<string, number>> {
  const rows = await db
    .select({ eventId: registrations.eventId, n: sql<number>`count(*)::integer`.mapWith(Number) })
    .from(registrations)
    .where(takingSeat(eventIds, now, except))
    .groupBy(registrations.eventId)
    .prepare("anw_seats_taken")
    .execute();
  return new Map(rows.map((r) => [r.eventId, r.n]));
}

export async function seatsTaken(db: Db | Tx, eventId: string, now = new Date(), except: string[] = []): Promise<number> {
  return (await seatsTakenByEvent(db, [eventId], now, except)).get(eventId) ?? 0;
}

/** Seats left for each event with a capacity (events without one are absent: unlimited). */
export async function seatsLeftByEvent(
  db: Db,
  eventRows: Pick<Event, "id" | "capacity">[],
  now = new Date(),
): Promise<Map<string, number>> {
  const limited = eventRows.filter((e) => e.capacity != null);
  if (!limited.length) return new Map();
  const ids = limited.map((e) => e.id);
  const [taken, line] = await Promise.all([seatsTakenByEvent(db, ids, now), lineOf(db, ids, now)]);
  return new Map(limited.map((e) => [e.id, newcomerSeats(e.capacity!, taken.get(e.id) ?? 0, lineLoad(line, e.id, null))]));
}

/** Seats a newcomer could take: none while anyone waits in line, else what paid, held and offered seats leave. */
function newcomerSeats(capacity: number, taken: number, load: { held: number; waiting: boolean }): number {
  return load.waiting ? 0 : Math.max(0, capacity - taken - load.held);
}

/**
 * Seats a newcomer could take at this event now (its price's, with `priceKey`), counted as the start counts them;
 * null when nothing limits them. Asked under the event's lock by the waiting list's "is it full" (lib/waitlist/).
 */
export async function newcomerSeatsLeft(
  db: Db | Tx,
  event: Pick<Event, "id" | "capacity">,
  price: Pick<EventPrice, "key" | "capacity"> | null,
  now: Date,
): Promise<number | null> {
  const line = await lineOf(db, [event.id], now);
  const atEvent =
    event.capacity == null ? null : newcomerSeats(event.capacity, await seatsTaken(db, event.id, now), lineLoad(line, event.id, null));
  if (price?.capacity == null) return atEvent;
  const taken = (await seatsTakenByPrice(db, [event.id], now)).get(`${event.id} ${price.key}`) ?? 0;
  const atPrice = newcomerSeats(price.capacity, taken, lineLoad(line, event.id, price.key));
  return atEvent == null ? atPrice : Math.min(atEvent, atPrice);
}

export class EventFullError extends Error {
  constructor(public readonly events: Pick<Event, "id" | "name">[]) {
    super(`${events.map((e) => e.name).join(", ")} ${events.length === 1 ? "is" : "are"} full.`);
    this.name = "EventFullError";
  }
}

export type LockedEvent = Pick<Event, "id" | "name" | "capacity">;

/** Seats taken at each price of these events, keyed "eventId priceKey", counted as the event's seats are. */
export async function seatsTakenByPrice(db: Db | Tx, eventIds: string[], now: Date, except: string[] = []): Promise<Map<string, number>> {
  const rows = await db
    .select({ eventId: registrations.eventId, key: registrations.priceKey, n: sql<number>`count(*)::integer`.mapWith(Number) })
    .from(registrations)
    .where(takingSeat([...new Set(eventIds)], now, except))
    .groupBy(registrations.eventId, registrations.priceKey)
    .prepare("anw_seats_taken_by_price")
    .execute();
  return new Map(rows.map((r) => [`${r.eventId} ${r.key}`, r.n]));
}

/**
 * For events already locked (lockEvents, in this transaction): throws EventFullError naming every event that has no
 * seat for each of `wants` (a registration holding its seat already counts itself once, not twice). One statement
 * counts the seats of every event at once, so a basket of five costs what a basket of one does.
 */
export async function assertSeats(
  tx: Tx,
  locked: LockedEvent[],
  wants: { eventId: string; registrationId?: string; holder?: Holder }[],
  now: Date,
): Promise<void> {
  const limited = locked.filter((e) => e.capacity != null);
  if (!limited.length) return;
  const mine = wants.flatMap((w) => (w.registrationId ? [w.registrationId] : []));
  const ids = limited.map((e) => e.id);
  // Both in one round trip: the driver pipelines queries issued together on the transaction's connection.
  const holders = wants.flatMap((w) => (w.holder ? [w.holder] : []));
  const [taken, line] = await Promise.all([seatsTakenByEvent(tx, ids, now, mine), lineOf(tx, ids, now, holders)]);
  const full = limited.filter((e) => {
    const here = wants.filter((w) => w.eventId === e.id);
    // The line's seats (issue 27): offers out to others are taken; while anyone waits, only an offer's holder may.
    const loads = here.map((w) => lineLoad(line, e.id, null, w.holder));
    if (loads.some((l) => l.waiting && !l.offerOut)) return true;
    const held = placesOf(line.filter((l) => l.eventId === e.id && l.holds && !here.some((w) => w.holder && isHolders(l, w.holder))));
    return (taken.get(e.id) ?? 0) + held + here.length > e.capacity!;
  });
  if (full.length) throw new EventFullError(full);
}

/** One seat wanted at a price with a capacity of its own (issue 26). */
export interface PriceSeatWant {
  eventId: string;
  eventName: string;
  price: Pick<EventPrice, "key" | "label" | "capacity">;
  registrationId?: string;
  holder?: Holder;
}

/**
 * For events already locked (lockEvents, in this transaction: a price's seats share its event's lock): throws
 * EventFullError naming every price with no seat left for `wants`, counted as the event's seats are.
 */
export async function assertPriceSeats(tx: Tx, wants: PriceSeatWant[], now: Date): Promise<void> {
  const limited = wants.filter((w) => w.price.capacity != null);
  if (!limited.length) return;
  const mine = limited.flatMap((w) => (w.registrationId ? [w.registrationId] : []));
  const ids = limited.map((w) => w.eventId);
  const holders = limited.flatMap((w) => (w.holder ? [w.holder] : []));
  const [taken, line] = await Promise.all([seatsTakenByPrice(tx, ids, now, mine), lineOf(tx, ids, now, holders)]);
  const full = limited.filter((w) => {
    const at = `${w.eventId} ${w.price.key}`;
    const load = lineLoad(line, w.eventId, w.price.key, w.holder);
    if (load.waiting && !load.offerOut) return true;
    return (taken.get(at) ?? 0) + load.held + limited.filter((o) => `${o.eventId} ${o.price.key}` === at).length > w.price.capacity!;
  });
  if (full.length) throw new EventFullError(full.map((w) => ({ id: w.eventId, name: `${w.eventName} (${w.price.label})` })));
}

/** Seats left at each price with a capacity of its own, by price id (others are absent: only the event limits them). */
export async function seatsLeftByPrice(
  db: Db,
  prices: Pick<EventPrice, "id" | "eventId" | "key" | "capacity">[],
  now = new Date(),
): Promise<Map<string, number>> {
  const limited = prices.filter((p) => p.capacity != null);
  if (!limited.length) return new Map();
  const ids = limited.map((p) => p.eventId);
  const [taken, line] = await Promise.all([seatsTakenByPrice(db, ids, now), lineOf(db, ids, now)]);
  return new Map(
    limited.map((p) => [p.id, newcomerSeats(p.capacity!, taken.get(`${p.eventId} ${p.key}`) ?? 0, lineLoad(line, p.eventId, p.key))]),
  );
}

/**
 * Locks events for a seat decision, in id order. Taken BEFORE the transaction inserts registrations: an insert's
 * foreign key takes a key-share lock on the event, and upgrading from it while an organiser's edit waits for the row
 * would deadlock.
 */
export async function lockEvents(tx: Tx, eventIds: string[]): Promise<LockedEvent[]> {
  const ids = [...new Set(eventIds)].sort();
  if (!ids.length) return [];
  return tx
    .select({ id: events.id, capacity: events.capacity, name: events.name })
    .from(events)
    .where(inArray(events.id, ids))
    .orderBy(events.id)
    .for("no key update")
    .prepare("anw_lock_events")
    .execute();
}

export function fullConflict(error: EventFullError) {
  return conflict(
    error.events.length === 1 ? `${error.events[0]!.name} is full: every seat is taken or being paid for right now.` : error.message,
  );
}
