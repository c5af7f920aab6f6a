import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Event, events } from "@/db/schema";
import { formatIST } from "@/lib/format";
import { seatsLeftByEvent } from "@/lib/registrations/seats";
import { type EventFinder, listedWhere, NO_FILTER } from "./finder";
import { type Chooser, type PriceOffer, pricesOnOffer } from "./prices";

type Window = Pick<Event, "registrationOpensAt" | "registrationClosesAt" | "closedAt" | "hiddenAt">;

/**
 * Open: not closed by an organiser, not hidden from attendees, and inside the window (a missing end of the window
 * does not limit it). Every way in (basket, team, payment start) asks this, so a hidden event takes no one new.
 */
export function isOpen(event: Window, now = new Date()): boolean {
  if (event.closedAt || event.hiddenAt) return false;
  if (event.registrationOpensAt && now < event.registrationOpensAt) return false;
  if (event.registrationClosesAt && now >= event.registrationClosesAt) return false;
  return true;
}

/** Who a fee is for: a team event's fee is the whole team's (its captain pays it once), a solo event's one person's. */
export function feeUnit(event: Pick<Event, "kind">): "per team" | "per person" {
  return event.kind === "team" ? "per team" : "per person";
}

/** Where an event's registration stands: not opened yet (with when it opens), open, or closed. */
export function registrationPhase(event: Window, now = new Date()): "not_yet" | "open" | "closed" {
  if (isOpen(event, now)) return "open";
  // Closed by an organiser or past the window's end is closed, even when the window had not begun.
  if (event.closedAt || (event.registrationClosesAt && now >= event.registrationClosesAt)) return "closed";
  return "not_yet";
}

/**
 * Why registration is not open, in words, or null when it is: "Registration for Quiz opens on 1 Dec 2026, 10:00 am
 * IST." before the window, "Registration for Quiz is closed." after it. One sentence for the pages and the APIs.
 */
export function notOpenReason(event: Window & { name: string }, now = new Date()): string | null {
  const phase = registrationPhase(event, now);
  if (phase === "open") return null;
  if (phase === "not_yet") return `Registration for ${event.name} opens on ${formatIST(event.registrationOpensAt)}.`;
  return `Registration for ${event.name} is closed.`;
}

/** Events attendees may see (never hidden ones), matching the finder; the filtering is the database's. */
function listEvents(db: Db, finder: EventFinder): Promise<Event[]> {
  return db.select().from(events).where(listedWhere(finder)).orderBy(asc(events.kind), asc(events.name));
}

export const isEventSlug = (slug: string) => /^[a-z0-9-]{1,80}$/.test(slug);

/**
 * Any event by its slug, hidden ones too: for the paths that serve what already exists (passes, check-in, the
 * console). A page or list for attendees asks `isListed` as well.
 */
export async function getEventBySlug(db: Db, slug: string): Promise<Event | undefined> {
  if (!isEventSlug(slug)) return undefined;
  const [row] = await db.select().from(events).where(eq(events.slug, slug)).limit(1);
  return row;
}

/** The public shape of an event (GET /api/events). `seatsLeft` is null when the event has no capacity. */
export function eventSummary(e: Event, seatsLeft: number | null, now = new Date(), prices?: PriceOffer[]) {
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
    category: e.category,
    opensAt: e.registrationOpensAt?.toISOString() ?? null,
    closesAt: e.registrationClosesAt?.toISOString() ?? null,
    /** What registering asks (issue 26): [{key, label, type, choices?, required, perMember}]. */
    questions: e.questions,
    // The prices the caller may choose now, cheapest first (lib/events/prices.ts); left out where not asked for.
    ...(prices ? { prices } : {}),
  };
}

/** Shown to attendees: not hidden by the organisers. */
export const isListed = (event: Pick<Event, "hiddenAt">) => !event.hiddenAt;

/** Listed events (those matching the finder) with their seats left, for the home page and GET /api/events. */
export async function eventsWithSeats(db: Db, now = new Date(), finder: EventFinder = NO_FILTER, chooser: Chooser = null) {
  const rows = await listEvents(db, finder);
  const [left, prices] = await Promise.all([seatsLeftByEvent(db, rows, now), pricesOnOffer(db, rows, chooser, now)]);
  return rows.map((e) => ({ event: e, seatsLeft: left.get(e.id) ?? null, prices: prices.get(e.id) ?? [] }));
}
