// The waiting list as people and organisers see it: a place's number in line counts only those waiting ahead of it in
// the same line (the event's, or one price's), by the line's order (joined at, then id).
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, teams, users, type WaitlistStatus, waitlistEntries } from "@/db/schema";

export interface PlaceView {
  id: string;
  event: { id: string; slug: string; name: string };
  teamId: string | null;
  teamName: string | null;
  priceKey: string | null;
  status: WaitlistStatus;
  /** 1 for the first waiting; null once offered or ended. */
  place: number | null;
  joinedAt: Date;
  offerExpiresAt: Date | null;
}

const w = waitlistEntries;
const placeSql = sql<number | null>`case when ${w.status} = 'waiting' then (select count(*)::int + 1 from waitlist_entries a
  where a.event_id = ${w.eventId} and a.status = 'waiting' and a.price_key is not distinct from ${w.priceKey}
  and (a.created_at, a.id) < (${w.createdAt}, ${w.id})) end`;

const placeColumns = {
  id: w.id,
  event: { id: events.id, slug: events.slug, name: events.name },
  teamId: w.teamId,
  teamName: teams.name,
  priceKey: w.priceKey,
  status: w.status,
  place: placeSql,
  joinedAt: w.createdAt,
  offerExpiresAt: w.offerExpiresAt,
};

/** A person's live places (their own, and those they hold for a team as its captain), soonest offer first. */
export async function placesOf(db: Db, userId: string): Promise<PlaceView[]> {
  return db
    .select(placeColumns)
    .from(w)
    .innerJoin(events, eq(events.id, w.eventId))
    .leftJoin(teams, eq(teams.id, w.teamId))
    .where(and(eq(w.userId, userId), inArray(w.status, ["waiting", "offered"])))
    .orderBy(desc(sql`${w.status} = 'offered'`), asc(w.createdAt));
}

/** The person's (or their team's) live place at one event, if any. */
export async function placeAt(db: Db, eventId: string, holder: { userId: string; teamId: string | null }): Promise<PlaceView | null> {
  const [row] = await db
    .select(placeColumns)
    .from(w)
    .innerJoin(events, eq(events.id, w.eventId))
    .leftJoin(teams, eq(teams.id, w.teamId))
    .where(
      and(
        eq(w.eventId, eventId),
        holder.teamId ? eq(w.teamId, holder.teamId) : and(eq(w.userId, holder.userId), sql`${w.teamId} is null`),
        inArray(w.status, ["waiting", "offered"]),
      ),
    )
    .limit(1);
  return row ?? null;
}

export interface LineRow {
  id: string;
  name: string;
  anweshaId: string;
  teamName: string | null;
  priceKey: string | null;
  status: WaitlistStatus;
  place: number | null;
  joinedAt: Date;
  offerExpiresAt: Date | null;
}

/** An event's whole line for its organisers: live places in order, then the last 100 that ended. */
export async function lineForOrganisers(db: Db, eventId: string): Promise<LineRow[]> {
  const columns = {
    id: w.id,
    name: users.name,
    anweshaId: users.anweshaId,
    teamName: teams.name,
    priceKey: w.priceKey,
    status: w.status,
    place: placeSql,
    joinedAt: w.createdAt,
    offerExpiresAt: w.offerExpiresAt,
  };
  const base = () => db.select(columns).from(w).innerJoin(users, eq(users.id, w.userId)).leftJoin(teams, eq(teams.id, w.teamId));
  const [live, ended] = await Promise.all([
    base()
      .where(and(eq(w.eventId, eventId), inArray(w.status, ["waiting", "offered"])))
      .orderBy(asc(w.createdAt), asc(w.id)),
    base()
      .where(and(eq(w.eventId, eventId), inArray(w.status, ["taken", "lapsed", "left", "closed"])))
      .orderBy(desc(w.updatedAt))
      .limit(100),
  ]);
  return [...live.sort((a, b) => Number(b.status === "offered") - Number(a.status === "offered")), ...ended];
}

export function placeJson(p: PlaceView) {
  return {
    id: p.id,
    event: { slug: p.event.slug, name: p.event.name },
    teamId: p.teamId,
    teamName: p.teamName,
    price: p.priceKey,
    status: p.status,
    place: p.place,
    joinedAt: p.joinedAt.toISOString(),
    offerExpiresAt: p.offerExpiresAt?.toISOString() ?? null,
  };
}

export function lineRowJson(r: LineRow) {
  return {
    id: r.id,
    name: r.name,
    anweshaId: r.anweshaId,
    teamName: r.teamName,
    price: r.priceKey,
    status: r.status,
    place: r.place,
    joinedAt: r.joinedAt.toISOString(),
    offerExpiresAt: r.offerExpiresAt?.toISOString() ?? null,
  };
}
