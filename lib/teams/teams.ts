// Teams: a captain and members who all have accounts, within the event's size limits, one team per user per
// event (the database enforces that last rule; the checks here exist to give a clear message).
import { and, eq, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type Event, events, payments, teamMembers, teams, users } from "@/db/schema";
import { ApiError, conflict, forbidden, notFound, uniqueViolation } from "@/lib/errors";
import { getEventBySlug, isOpen } from "@/lib/events/events";

export const createTeamSchema = z.object({
  eventSlug: z.string().trim().min(1).max(80),
  name: z.string().trim().min(2, "Give your team a name.").max(60),
  /** Other members, by email or Anwesha ID. The captain (you) is added automatically. */
  members: z.array(z.string().trim().min(3).max(254)).max(20).default([]),
});
export type CreateTeamInput = z.infer<typeof createTeamSchema>;

const fieldError = (field: string, message: string) => new ApiError(422, "validation_failed", message, { [field]: [message] });

export async function createTeam(db: Db, captainId: string, input: CreateTeamInput, now = new Date()): Promise<{ teamId: string }> {
  const event = await getEventBySlug(db, input.eventSlug);
  if (!event) throw notFound("No such event.");
  if (event.kind !== "team") throw conflict(`${event.name} is a solo event: register yourself, no team needed.`);
  if (!isOpen(event, now)) throw conflict(`Registration for ${event.name} is closed.`);

  const wanted = [...new Set(input.members.map((m) => m.toLowerCase()))];
  const found = wanted.length
    ? await db
        .select({ id: users.id, email: users.email, anweshaId: users.anweshaId })
        .from(users)
        .where(or(inArray(sql`lower(${users.email})`, wanted), inArray(sql`lower(${users.anweshaId})`, wanted)))
    : [];
  const missing = wanted.filter((w) => !found.some((u) => u.email.toLowerCase() === w || u.anweshaId.toLowerCase() === w));
  if (missing.length) throw fieldError("members", `No account for ${missing.join(", ")}. Ask them to sign up first.`);

  const memberIds = [...new Set([captainId, ...found.map((u) => u.id)])];
  if (memberIds.length < event.minTeamSize || memberIds.length > event.maxTeamSize) {
    throw fieldError("members", `${event.name} needs ${event.minTeamSize}–${event.maxTeamSize} people including you; this team has ${memberIds.length}.`);
  }
  const taken = await db
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.eventId, event.id), inArray(teamMembers.userId, memberIds)));
  if (taken.length) {
    const who = taken.map((t) => (t.userId === captainId ? "you" : found.find((u) => u.id === t.userId)?.email ?? "a member"));
    throw conflict(`Already in a team for ${event.name}: ${who.join(", ")}.`);
  }

  try {
    return await db.transaction(async (tx) => {
      const [team] = await tx.insert(teams).values({ eventId: event.id, name: input.name, captainId }).returning({ id: teams.id });
      await tx.insert(teamMembers).values(memberIds.map((userId) => ({ teamId: team!.id, eventId: event.id, userId })));
      return { teamId: team!.id };
    });
  } catch (error) {
    if (uniqueViolation(error)) throw conflict("That team name is taken, or someone joined another team for this event just now.");
    throw error;
  }
}

export interface TeamView {
  id: string;
  name: string;
  captainId: string;
  event: Pick<Event, "id" | "slug" | "name" | "feePaise" | "minTeamSize" | "maxTeamSize">;
  members: { id: string; name: string; anweshaId: string; email: string }[];
  paid: boolean;
  pendingMerchTxnId: string | null;
  latestMerchTxnId: string | null;
}

/** The team this user is in for this event, with its roster and payment state; null when none. */
export async function teamOfUser(db: Db, userId: string, eventId: string): Promise<TeamView | null> {
  const [membership] = await db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.eventId, eventId), eq(teamMembers.userId, userId)))
    .limit(1);
  return membership ? teamView(db, membership.teamId) : null;
}

export async function teamView(db: Db, teamId: string): Promise<TeamView | null> {
  const [row] = await db.select({ team: teams, event: events }).from(teams).innerJoin(events, eq(events.id, teams.eventId)).where(eq(teams.id, teamId)).limit(1);
  if (!row) return null;
  const { team, event } = row;
  const members = await db
    .select({ id: users.id, name: users.name, anweshaId: users.anweshaId, email: users.email })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, teamId))
    .orderBy(teamMembers.createdAt);
  const attempts = await db
    .select({ merchTxnId: payments.merchTxnId, status: payments.status })
    .from(payments)
    .where(eq(payments.teamId, teamId))
    .orderBy(sql`${payments.createdAt} desc`);
  return {
    id: team.id,
    name: team.name,
    captainId: team.captainId,
    event,
    members,
    paid: attempts.some((a) => a.status === "success"),
    pendingMerchTxnId: attempts.find((a) => a.status === "pending")?.merchTxnId ?? null,
    latestMerchTxnId: attempts[0]?.merchTxnId ?? null,
  };
}

export function assertCaptain(team: TeamView, userId: string) {
  if (team.captainId !== userId) throw forbidden("Only the team's captain can pay for the team.");
}
