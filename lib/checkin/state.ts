// What the door needs to know about one registration: who holds it, its status, and for each person on it
// (the solo entrant, or every member of the team, looked up now) whether and when they were let in, and by whom.
import { and, asc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, Tx } from "@/db/client";
import { checkIns, events, type Registration, registrations, teamMembers, teams, users } from "@/db/schema";

export interface MemberState {
  userId: string;
  anweshaId: string;
  name: string;
  checkedIn: null | { at: string; by: string; deviceId: string };
}

export interface PassState {
  registration: Pick<Registration, "id" | "status" | "eventId" | "userId" | "teamId">;
  event: { id: string; slug: string; name: string };
  holder: { kind: "user" | "team"; name: string; anweshaId: string | null };
  members: MemberState[];
}

const volunteer = alias(users, "volunteer");

export async function passState(db: Db | Tx, registrationId: string): Promise<PassState | null> {
  const [row] = await db
    .select({ r: registrations, event: events, teamName: teams.name, userName: users.name, anweshaId: users.anweshaId })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .leftJoin(teams, eq(teams.id, registrations.teamId))
    .leftJoin(users, eq(users.id, registrations.userId))
    .where(eq(registrations.id, registrationId))
    .limit(1);
  if (!row) return null;
  const { r } = row;
  const people = r.teamId
    ? await db
        .select({ userId: users.id, anweshaId: users.anweshaId, name: users.name })
        .from(teamMembers)
        .innerJoin(users, eq(users.id, teamMembers.userId))
        .where(eq(teamMembers.teamId, r.teamId))
        .orderBy(asc(teamMembers.createdAt))
    : [{ userId: r.userId!, anweshaId: row.anweshaId!, name: row.userName! }];
  const ins = await db
    .select({ userId: checkIns.userId, at: checkIns.checkedInAt, by: volunteer.name, deviceId: checkIns.deviceId })
    .from(checkIns)
    .innerJoin(volunteer, eq(volunteer.id, checkIns.checkedInBy))
    .where(eq(checkIns.registrationId, r.id));
  const inOf = new Map(ins.map((c) => [c.userId, { at: c.at.toISOString(), by: c.by, deviceId: c.deviceId }]));
  // Someone checked in on a team they have since left still shows, so the door sees everyone let in.
  const listed = new Set(people.map((p) => p.userId));
  const departed = ins.filter((c) => !listed.has(c.userId)).map((c) => c.userId);
  const extra = departed.length
    ? await db.select({ userId: users.id, anweshaId: users.anweshaId, name: users.name }).from(users).where(inArray(users.id, departed))
    : [];
  return {
    registration: { id: r.id, status: r.status, eventId: r.eventId, userId: r.userId, teamId: r.teamId },
    event: { id: row.event.id, slug: row.event.slug, name: row.event.name },
    holder: r.teamId
      ? { kind: "team", name: row.teamName ?? "Team", anweshaId: null }
      : { kind: "user", name: row.userName!, anweshaId: row.anweshaId },
    members: [...people, ...extra].map((p) => ({ ...p, checkedIn: inOf.get(p.userId) ?? null })),
  };
}

/**
 * The registration a person holds for the event, for check-in by Anwesha ID: their solo registration or their
 * team's. A paid one first; else the latest (so the door can say "refunded" rather than "not registered").
 */
export async function registrationOfPerson(
  db: Db | Tx,
  eventId: string,
  userId: string,
): Promise<Pick<Registration, "id" | "status"> | null> {
  const solo = await db
    .select({ id: registrations.id, status: registrations.status, createdAt: registrations.createdAt })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.userId, userId)));
  const team = await db
    .select({ id: registrations.id, status: registrations.status, createdAt: registrations.createdAt })
    .from(registrations)
    .innerJoin(teamMembers, eq(teamMembers.teamId, registrations.teamId))
    .where(and(eq(registrations.eventId, eventId), eq(teamMembers.userId, userId)));
  const all = [...solo, ...team].sort(
    (a, b) => Number(b.status === "paid") - Number(a.status === "paid") || b.createdAt.getTime() - a.createdAt.getTime(),
  );
  return all[0] ?? null;
}
