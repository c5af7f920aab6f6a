import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Event, events } from "@/db/schema";

export function isOpen(event: Pick<Event, "registrationOpensAt" | "registrationClosesAt">, now = new Date()): boolean {
  return event.registrationOpensAt <= now && now < event.registrationClosesAt;
}

export function listEvents(db: Db): Promise<Event[]> {
  return db.select().from(events).orderBy(asc(events.kind), asc(events.name));
}

export async function getEventBySlug(db: Db, slug: string): Promise<Event | undefined> {
  if (!/^[a-z0-9-]{1,80}$/.test(slug)) return undefined;
  const [row] = await db.select().from(events).where(eq(events.slug, slug)).limit(1);
  return row;
}

/** The public shape of an event (GET /api/events). */
export function eventSummary(e: Event, now = new Date()) {
  return {
    id: e.id,
    slug: e.slug,
    name: e.name,
    kind: e.kind,
    feePaise: e.feePaise,
    minTeamSize: e.minTeamSize,
    maxTeamSize: e.maxTeamSize,
    open: isOpen(e, now),
  };
}
