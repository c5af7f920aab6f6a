// Who may run one event's day-to-day work (its registrations, rosters, waiting list, announcements, results and
// certificates): an organiser, everywhere, and (issue 28) the event's coordinators, named by a `coordinator` row in
// `volunteers` (lib/coordinators/coordinators.ts grants them). Every route and page that serves one event's work
// asks here, so the rule lives once, as lib/checkin/guard.ts is the door's and lib/desk/access.ts the desk's.
// What is the organisers' alone (money moves, prices, codes, volunteers, coordinators) keeps requireOrganiser.
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Event, volunteers } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/require-user";
import { volunteerEventsOf } from "@/lib/checkin/volunteers";
import { forbidden, notFound } from "@/lib/errors";
import { getEventBySlug } from "@/lib/events/events";

type Viewer = Pick<CurrentUser, "id" | "role">;

/**
 * What of the console's event work a person may read: every event (an organiser), or the events they coordinate.
 * The console's readers (lib/organiser) narrow their rows by `eventIds` (PaymentFilter.eventIds), so a coordinator's
 * list, totals, CSV and payment pages come from the same queries as an organiser's.
 */
export type ConsoleScope = { all: true } | { all: false; eventIds: string[] };

export const EVERY_EVENT: ConsoleScope = { all: true };

/** The events `user` may run: every event for an organiser, else those they coordinate (none: no console). */
export const managedEventsOf = (db: Db, user: Viewer): Promise<Event[]> => volunteerEventsOf(db, user, "coordinator");

/** The person's scope, or null when they may run no event's work at all. */
export async function consoleScopeOf(db: Db, user: Viewer): Promise<ConsoleScope | null> {
  if (user.role === "organiser") return EVERY_EVENT;
  const mine = await managedEventsOf(db, user);
  return mine.length ? { all: false, eventIds: mine.map((e) => e.id) } : null;
}

/** The scope's events for a query: null for every event. */
export const scopeEventIds = (scope: ConsoleScope): readonly string[] | null => (scope.all ? null : scope.eventIds);

/** True when the scope covers the event. */
export const scopeCovers = (scope: ConsoleScope, eventId: string): boolean => scope.all || scope.eventIds.includes(eventId);

/** True when `user` may run this event's work. */
export async function mayManageEvent(db: Db, user: Viewer, eventId: string): Promise<boolean> {
  if (user.role === "organiser") return true;
  const [row] = await db
    .select({ id: volunteers.id })
    .from(volunteers)
    .where(and(eq(volunteers.userId, user.id), eq(volunteers.eventId, eventId), eq(volunteers.role, "coordinator")))
    .limit(1);
  return !!row;
}

/** Throws 403 unless `user` may run this event's work. */
export async function requireEventManager(db: Db, user: Viewer, event: Pick<Event, "id" | "name">): Promise<void> {
  if (!(await mayManageEvent(db, user, event.id))) throw forbidden(`Only organisers and ${event.name}'s coordinators can do that.`);
}

/** Throws 403 unless `user` may read some event's work in the console; their scope otherwise. */
export async function requireConsoleScope(db: Db, user: Viewer): Promise<ConsoleScope> {
  const scope = await consoleScopeOf(db, user);
  if (!scope) throw forbidden("Only organisers and events' coordinators can do that.");
  return scope;
}

/**
 * The event a route of one event's work is about (announcements, results, certificates), for someone who may run
 * it: 404 for an unknown event, 403 unless `user` may.
 */
export async function managedEvent(db: Db, user: Viewer, slug: string): Promise<Event> {
  const event = await getEventBySlug(db, slug);
  if (!event) throw notFound("No such event.");
  await requireEventManager(db, user, event);
  return event;
}
