// A team as pages and the checkout see it: its members, its open invitations and its registration, read without
// locks. Below the teams' changes (lib/teams/) and the payments, which both ask it.
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { type Event, events, type Invitation, invitations, paymentItems, type Registration, teamMembers, teams, users } from "@/db/schema";
import { forbidden } from "@/lib/errors";
import { liveRegistration } from "@/lib/registrations/registrations";
import { isPaid } from "@/lib/registrations/status";

export interface TeamView {
  id: string;
  name: string;
  captainId: string;
  event: Pick<Event, "id" | "slug" | "name" | "feePaise" | "minTeamSize" | "maxTeamSize" | "kind">;
  members: { id: string; name: string; anweshaId: string }[];
  /** Pending and answered invitations, described by what the captain typed. */
  invitations: Pick<Invitation, "id" | "typed" | "status">[];
  registration: Registration | null;
  paid: boolean;
  /** A payment for the team is in flight: the roster is locked until it ends. */
  paying: boolean;
}

/** The (live) team this user is a member of for this event, or null. */
export async function teamOfUser(db: Db, userId: string, eventId: string): Promise<TeamView | null> {
  const [membership] = await db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.eventId, eventId), eq(teamMembers.userId, userId)))
    .limit(1);
  return membership ? teamView(db, membership.teamId) : null;
}

export async function teamView(db: Db | Tx, teamId: string): Promise<TeamView | null> {
  const [row] = await db
    .select({ team: teams, event: events })
    .from(teams)
    .innerJoin(events, eq(events.id, teams.eventId))
    .where(and(eq(teams.id, teamId), isNull(teams.disbandedAt)))
    .limit(1);
  if (!row) return null;
  const { team, event } = row;
  const [members, invited, registration] = await Promise.all([
    db
      .select({ id: users.id, name: users.name, anweshaId: users.anweshaId })
      .from(teamMembers)
      .innerJoin(users, eq(users.id, teamMembers.userId))
      .where(eq(teamMembers.teamId, teamId))
      .orderBy(asc(teamMembers.createdAt)),
    db
      .select({ id: invitations.id, typed: invitations.typed, status: invitations.status })
      .from(invitations)
      .where(and(eq(invitations.teamId, teamId), inArray(invitations.status, ["pending", "declined"])))
      .orderBy(asc(invitations.createdAt)),
    liveRegistration(db, event.id, { teamId }),
  ]);
  const paying = registration
    ? (
        await db
          .select({ id: paymentItems.id })
          .from(paymentItems)
          .where(and(eq(paymentItems.registrationId, registration.id), eq(paymentItems.status, "pending")))
          .limit(1)
      ).length > 0
    : false;
  // The captain sorts first.
  members.sort((a, b) => Number(b.id === team.captainId) - Number(a.id === team.captainId));
  return {
    id: team.id,
    name: team.name,
    captainId: team.captainId,
    event,
    members,
    invitations: invited,
    registration: registration ?? null,
    paid: !!registration && isPaid(registration),
    paying,
  };
}

export function assertCaptain(team: Pick<TeamView, "captainId">, userId: string, action = "pay for the team") {
  if (team.captainId !== userId) throw forbidden(`Only the team's captain can ${action}.`);
}
