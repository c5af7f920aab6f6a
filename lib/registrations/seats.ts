// Seats. `capacity` counts paid registrations plus registrations holding a seat while their payment is live. The
// check and the hold are one atomic step: the event's row is locked, then the seats are counted and held in the
// same transaction, so in a rush for the last K seats at most K payments start.
import { and, inArray, notInArray, type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { type Event, events, registrations } from "@/db/schema";
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
    .groupBy(registrations.eventId);
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
  const taken = await seatsTakenByEvent(
    db,
    limited.map((e) => e.id),
    now,
  );
  return new Map(limited.map((e) => [e.id, Math.max(0, e.capacity! - (taken.get(e.id) ?? 0))]));
}

export class EventFullError extends Error {
  constructor(public readonly events: Pick<Event, "id" | "name">[]) {
    super(`${events.map((e) => e.name).join(", ")} ${events.length === 1 ? "is" : "are"} full.`);
    this.name = "EventFullError";
  }
}

export type LockedEvent = Pick<Event, "id" | "name" | "capacity">;

/**
 * For events already locked (lockEvents, in this transaction): throws EventFullError naming every event that has no
 * seat for each of `wants` (a registration holding its seat already counts itself once, not twice). One statement
 * counts the seats of every event at once, so a basket of five costs what a basket of one does.
 */
export async function assertSeats(
  tx: Tx,
  locked: LockedEvent[],
  wants: { eventId: string; registrationId?: string }[],
  now: Date,
): Promise<void> {
  const limited = locked.filter((e) => e.capacity != null);
  if (!limited.length) return;
  const mine = wants.flatMap((w) => (w.registrationId ? [w.registrationId] : []));
  const taken = await seatsTakenByEvent(
    tx,
    limited.map((e) => e.id),
    now,
    mine,
  );
  const full = limited.filter((e) => (taken.get(e.id) ?? 0) + wants.filter((w) => w.eventId === e.id).length > e.capacity!);
  if (full.length) throw new EventFullError(full);
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
    .for("no key update");
}

export function fullConflict(error: EventFullError) {
  return conflict(
    error.events.length === 1 ? `${error.events[0]!.name} is full: every seat is taken or being paid for right now.` : error.message,
  );
}
