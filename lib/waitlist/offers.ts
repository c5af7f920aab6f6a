// Offers: when a seat frees, the first in line gets it, held for them for WAITLIST_OFFER_MINUTES. One run per event
// at a time decides under the event's row lock, the lock every seat decision takes (a payment's start, the careful
// settle path, a join), so a seat is never offered twice nor taken by a newcomer meanwhile. A run first ends what is
// over (offers past their deadline lapse, places whose holder got in are taken), then offers every seat the line
// may have: the event's seats to the event's line, then each price's own seats to that price's line.
import { and, asc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { eventPrices, events, teams, users, waitlistEntries } from "@/db/schema";
import { notOpenReason } from "@/lib/events/events";
import { wakeWaitlistAt } from "@/lib/jobs/waitlist-wake";
import { enqueueMail } from "@/lib/mail/outbox";
import { lineOf, lockEvents, seatsTaken, seatsTakenByPrice } from "@/lib/registrations/seats";

export interface OfferSettings {
  offerMinutes: number;
  appUrl: string;
}

export interface OfferRun {
  lapsed: number;
  taken: number;
  /** The entries offered a seat by this run, first in line first. */
  offered: string[];
}

const NOTHING: OfferRun = { lapsed: 0, taken: 0, offered: [] };

export async function offerFreeSeats(db: Db, eventId: string, settings: OfferSettings, now = new Date()): Promise<OfferRun> {
  return db.transaction(async (tx) => {
    const [locked] = await lockEvents(tx, [eventId]);
    if (!locked) return NOTHING;
    const lapsed = await endLapsed(tx, eventId, now);
    const taken = await endTaken(tx, eventId, now);
    const [event] = await tx.select().from(events).where(eq(events.id, eventId));
    // Closed, hidden or not open: nobody can pay now, so no offer is made; the line keeps its order.
    if (!event || event.waitlistClosedAt || event.hiddenAt || notOpenReason(event, now)) return { lapsed, taken, offered: [] };
    const line = await lineOf(tx, [eventId], now);
    const held = (key: string | null) =>
      line.filter((l) => l.holds && (key === null || l.priceKey === key)).reduce((sum, l) => sum + l.places, 0);
    let eventFree = event.capacity == null ? Number.POSITIVE_INFINITY : event.capacity - (await seatsTaken(tx, eventId, now)) - held(null);
    const offered = await offerTo(tx, eventId, null, eventFree, settings, now);
    eventFree -= offered.length;
    const priced = await tx
      .select({ key: eventPrices.key, capacity: eventPrices.capacity })
      .from(eventPrices)
      .where(and(eq(eventPrices.eventId, eventId), sql`${eventPrices.capacity} is not null`))
      .orderBy(asc(eventPrices.key));
    const takenAt = priced.length ? await seatsTakenByPrice(tx, [eventId], now) : new Map<string, number>();
    for (const price of priced) {
      const free = Math.min(eventFree, price.capacity! - (takenAt.get(`${eventId} ${price.key}`) ?? 0) - held(price.key));
      const more = await offerTo(tx, eventId, price.key, free, settings, now);
      eventFree -= more.length;
      offered.push(...more);
    }
    return { lapsed, taken, offered };
  });
}

/** Offers past their deadline lapse: the seat goes back to the line (this same run offers it on). */
async function endLapsed(tx: Tx, eventId: string, now: Date): Promise<number> {
  const rows = await tx
    .update(waitlistEntries)
    .set({ status: "lapsed", endedAt: now, updatedAt: now })
    .where(and(eq(waitlistEntries.eventId, eventId), eq(waitlistEntries.status, "offered"), lte(waitlistEntries.offerExpiresAt, now)))
    .returning({ id: waitlistEntries.id });
  return rows.length;
}

/** A place whose holder is entered (they paid on their offer, or got in another way) is taken: it holds nothing more. */
async function endTaken(tx: Tx, eventId: string, now: Date): Promise<number> {
  const rows = await tx
    .update(waitlistEntries)
    .set({ status: "taken", endedAt: now, updatedAt: now })
    .where(
      and(
        eq(waitlistEntries.eventId, eventId),
        inArray(waitlistEntries.status, ["waiting", "offered"]),
        sql`exists (select 1 from registrations r where r.event_id = ${waitlistEntries.eventId} and r.status = 'paid'
          and (case when ${waitlistEntries.teamId} is null then r.team_id is null and r.user_id = ${waitlistEntries.userId}
            else r.team_id = ${waitlistEntries.teamId} end))`,
      ),
    )
    .returning({ id: waitlistEntries.id });
  return rows.length;
}

/** Offers up to `free` seats to the first waiting in this line (the event's, or one price's), with their mails. */
async function offerTo(tx: Tx, eventId: string, priceKey: string | null, free: number, s: OfferSettings, now: Date): Promise<string[]> {
  if (free < 1) return [];
  const w = waitlistEntries;
  const first = await tx
    .select({ id: w.id })
    .from(w)
    .where(and(eq(w.eventId, eventId), eq(w.status, "waiting"), priceKey === null ? isNull(w.priceKey) : eq(w.priceKey, priceKey)))
    .orderBy(asc(w.createdAt), asc(w.id))
    .limit(Number.isFinite(free) ? free : 10_000);
  if (!first.length) return [];
  const expiresAt = new Date(now.getTime() + s.offerMinutes * 60_000);
  const rows = await tx
    .update(w)
    .set({ status: "offered", offeredAt: now, offerExpiresAt: expiresAt, updatedAt: now })
    .where(
      and(
        inArray(
          w.id,
          first.map((f) => f.id),
        ),
        eq(w.status, "waiting"),
      ),
    )
    .returning({ id: w.id, createdAt: w.createdAt });
  const ids = rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id)).map((r) => r.id);
  await mailOffers(tx, ids, expiresAt, s.appUrl);
  // Passed on at its deadline even if no other change wakes the line (the minute's sweep is the backstop).
  await wakeWaitlistAt(tx, eventId, expiresAt);
  return ids;
}

async function mailOffers(tx: Tx, entryIds: string[], expiresAt: Date, appUrl: string): Promise<void> {
  if (!entryIds.length) return;
  const rows = await tx
    .select({
      id: waitlistEntries.id,
      name: users.name,
      email: users.email,
      eventName: events.name,
      slug: events.slug,
      teamName: teams.name,
    })
    .from(waitlistEntries)
    .innerJoin(users, eq(users.id, waitlistEntries.userId))
    .innerJoin(events, eq(events.id, waitlistEntries.eventId))
    .leftJoin(teams, eq(teams.id, waitlistEntries.teamId))
    .where(inArray(waitlistEntries.id, entryIds));
  for (const r of rows)
    await enqueueMail(tx, {
      key: `waitlist-offer:${r.id}`,
      to: r.email,
      template: "waitlist-offer",
      data: {
        name: r.name,
        eventName: r.eventName,
        teamName: r.teamName,
        expiresAt: expiresAt.toISOString(),
        eventUrl: `${appUrl}/events/${r.slug}`,
      },
    });
}

/** Every event whose line has someone in it: the minute's sweep visits each (a hold that ran out frees a seat silently). */
export async function eventsWithALine(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ eventId: waitlistEntries.eventId })
    .from(waitlistEntries)
    .where(inArray(waitlistEntries.status, ["waiting", "offered"]));
  return rows.map((r) => r.eventId);
}
