// The organisers' view of the doors: how many people each event expects and how many are in, and the paid
// registrations of one event filtered by checked in or not.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { checkIns, events, registrations, teamMembers, teams, users } from "@/db/schema";

const volunteer = alias(users, "volunteer");

/**
 * People on a paid registration: the solo entrant, or the team's members now; none for the empty row an outer join
 * gives an event without registrations.
 */
const peopleOf = sql<number>`case when ${registrations.id} is null then 0 when ${registrations.teamId} is null then 1
  else (select count(*) from ${teamMembers} where ${teamMembers.teamId} = ${registrations.teamId}) end`;
const inOf = sql<number>`(select count(*) from ${checkIns} where ${checkIns.registrationId} = ${registrations.id})`;

export interface DoorCount {
  slug: string;
  name: string;
  /** Paid registrations. */
  registrations: number;
  /** People those registrations let in. */
  people: number;
  checkedIn: number;
}

/** Per event (every one, or only `eventIds`: a coordinator's). */
export async function doorCounts(db: Db, eventIds: readonly string[] | null = null): Promise<DoorCount[]> {
  const rows = await db
    .select({
      slug: events.slug,
      name: events.name,
      registrations: sql<number>`count(${registrations.id})`.mapWith(Number),
      people: sql<number>`coalesce(sum(${peopleOf}), 0)`.mapWith(Number),
      checkedIn: sql<number>`coalesce(sum(${inOf}), 0)`.mapWith(Number),
    })
    .from(events)
    .leftJoin(registrations, and(eq(registrations.eventId, events.id), eq(registrations.status, "paid")))
    .where(eventIds ? inArray(events.id, [...eventIds]) : undefined)
    .groupBy(events.id, events.slug, events.name, events.startsAt)
    .orderBy(asc(events.startsAt), asc(events.name));
  return rows;
}

export type DoorFilter = "all" | "in" | "out";

export interface DoorRow {
  registrationId: string;
  holder: string;
  anweshaId: string | null;
  team: boolean;
  people: number;
  checkedIn: number;
  firstAt: string | null;
}

/**
 * Paid registrations of the event. "in": everyone on it is checked in; "out": someone is still outside (a team
 * with some members in shows under "out" with its count, so nobody is missed).
 */
export async function doorList(db: Db, eventId: string, filter: DoorFilter, limit = 2000): Promise<DoorRow[]> {
  const rows = await db
    .select({
      registrationId: registrations.id,
      teamName: teams.name,
      userName: users.name,
      anweshaId: users.anweshaId,
      people: peopleOf.mapWith(Number),
      checkedIn: inOf.mapWith(Number),
      firstAt: sql<
        string | null
      >`(select min(${checkIns.checkedInAt}) from ${checkIns} where ${checkIns.registrationId} = ${registrations.id})`,
    })
    .from(registrations)
    .leftJoin(teams, eq(teams.id, registrations.teamId))
    .leftJoin(users, eq(users.id, registrations.userId))
    .where(
      and(
        eq(registrations.eventId, eventId),
        eq(registrations.status, "paid"),
        filter === "in" ? sql`${inOf} >= ${peopleOf}` : filter === "out" ? sql`${inOf} < ${peopleOf}` : undefined,
      ),
    )
    .orderBy(sql`coalesce(${teams.name}, ${users.name})`)
    .limit(limit);
  return rows.map((r) => ({
    registrationId: r.registrationId,
    holder: r.teamName ?? r.userName ?? "",
    anweshaId: r.teamName ? null : r.anweshaId,
    team: !!r.teamName,
    people: r.people,
    checkedIn: r.checkedIn,
    firstAt: r.firstAt ? new Date(r.firstAt).toISOString() : null,
  }));
}

/** `?checkedIn=` from a URL: yes → "in", no → "out", absent → "all"; anything else is null (a 422). */
export function parseDoorFilter(value: string | null | undefined): DoorFilter | null {
  if (value == null || value === "" || value === "all") return "all";
  if (value === "yes") return "in";
  if (value === "no") return "out";
  return null;
}

export interface CheckedInPerson {
  registrationId: string;
  anweshaId: string;
  name: string;
  at: string;
  by: string;
}

/** Everyone checked in at the event, with when and by whom: what an organiser may undo. */
export async function checkedInPeople(db: Db, eventId: string): Promise<CheckedInPerson[]> {
  const rows = await db
    .select({
      registrationId: checkIns.registrationId,
      anweshaId: users.anweshaId,
      name: users.name,
      at: checkIns.checkedInAt,
      by: volunteer.name,
    })
    .from(checkIns)
    .innerJoin(users, eq(users.id, checkIns.userId))
    .innerJoin(volunteer, eq(volunteer.id, checkIns.checkedInBy))
    .where(eq(checkIns.eventId, eventId))
    .orderBy(asc(users.name));
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
