import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Event, events } from "@/db/schema";
import { seatsLeftByEvent } from "@/lib/registrations/seats";

type Window = Pick<Event, "registrationOpensAt" | "registrationClosesAt" | "closedAt">;

/** Open: not closed by an organiser, and inside the window (a missing end of the window does not limit it). */
export function isOpen(event: Window, now = new Date()): boolean {
  if (event.closedAt) return false;
  if (event.registrationOpensAt && now < event.registrationOpensAt) return false;
  if (event.registrationClosesAt && now >= event.registrationClosesAt) return false;
  return true;
}

/** Who a fee is for: a team event's fee is the whole team's (its captain pays it once), a solo event's one person's. */
export function feeUnit(event: Pick<Event, "kind">): "per team" | "per person" {
  return event.kind === "team" ? "per team" : "per person";
}

function listEvents(db: Db): Promise<Event[]> {
  return db.select().from(events).orderBy(asc(events.kind), asc(events.name));
}

export const isEventSlug = (slug: string) => /^[a-z0-9-]{1,80}$/.test(slug);

export async function getEventBySlug(db: Db, slug: string): Promise<Event | undefined> {
  if (!isEventSlug(slug)) return undefined;
  const [row] = await db.select().from(events).where(eq(events.slug, slug)).limit(1);
  return row;
}

/** The public shape of an event (GET /api/events). `seatsLeft` is null when the event has no capacity. */
export function eventSummary(e: Event, seatsLeft: number | null, now = new Date()) {
  return {
    id: e.id,
    slug: e.slug,
    name: e.name,
    kind: e.kind,
    feePaise: e.feePaise,
    minTeamSize: e.minTeamSize,
    maxTeamSize: e.maxTeamSize,
    open: isOpen(e, now),
    capacity: e.capacity,
    seatsLeft: e.capacity == null ? null : seatsLeft,
    startsAt: e.startsAt?.toISOString() ?? null,
    venue: e.venue || null,
    opensAt: e.registrationOpensAt?.toISOString() ?? null,
    closesAt: e.registrationClosesAt?.toISOString() ?? null,
  };
}

/** Every event with its seats left, for the home page and GET /api/events. */
export async function eventsWithSeats(db: Db, now = new Date()) {
  const rows = await listEvents(db);
  const left = await seatsLeftByEvent(db, rows, now);
  return rows.map((e) => ({ event: e, seatsLeft: left.get(e.id) ?? null }));
}
