// Invitations: the only way into a team. Accepting takes the team's row lock (lockRoster), so the roster's size and lock are
// checked against what is really there; the database's one-team-per-person-per-event index has the last word.
import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { events, invitations, teamMembers, teams, users } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/require-user";
import { conflict, notFound, uniqueViolation } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { lockRoster } from "./roster";

export interface InvitationView {
  id: string;
  teamId: string;
  teamName: string;
  event: { slug: string; name: string };
  captainName: string;
}

const mine = (user: Pick<CurrentUser, "id" | "email">) =>
  or(
    eq(invitations.inviteeId, user.id),
    and(isNull(invitations.inviteeId), sql`lower(${invitations.inviteeEmail}) = ${user.email.toLowerCase()}`),
  );

/** The user's pending invitations (also those sent to their email before they had an account). */
export async function invitationsOf(db: Db, user: Pick<CurrentUser, "id" | "email">, eventId?: string): Promise<InvitationView[]> {
  const captain = db.$with("captain").as(db.select({ id: users.id, name: users.name }).from(users));
  const rows = await db
    .with(captain)
    .select({
      id: invitations.id,
      teamId: teams.id,
      teamName: teams.name,
      slug: events.slug,
      eventName: events.name,
      captainName: captain.name,
    })
    .from(invitations)
    .innerJoin(teams, eq(teams.id, invitations.teamId))
    .innerJoin(events, eq(events.id, invitations.eventId))
    .innerJoin(captain, eq(captain.id, teams.captainId))
    .where(
      and(mine(user), eq(invitations.status, "pending"), isNull(teams.disbandedAt), eventId ? eq(invitations.eventId, eventId) : undefined),
    )
    .orderBy(invitations.createdAt);
  return rows.map((r) => ({
    id: r.id,
    teamId: r.teamId,
    teamName: r.teamName,
    event: { slug: r.slug, name: r.eventName },
    captainName: r.captainName,
  }));
}

/** Locks and returns the user's invitation; someone else's is "not found", so ids cannot be probed. */
async function lockMine(tx: Tx, user: Pick<CurrentUser, "id" | "email">, id: string) {
  if (!isUuid(id)) throw notFound("No such invitation.");
  const [row] = await tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.id, id), mine(user)))
    .for("update");
  if (!row) throw notFound("No such invitation.");
  if (row.status !== "pending") throw conflict(`This invitation was already ${row.status}.`);
  return row;
}

export async function acceptInvitation(db: Db, user: CurrentUser, id: string, now = new Date()): Promise<{ teamId: string }> {
  return db.transaction(async (tx) => {
    const invitation = await lockMine(tx, user, id);
    // A disbanded team is "no such team" to the roster; here the invitation says what happened.
    const [gone] = await tx.select({ disbandedAt: teams.disbandedAt }).from(teams).where(eq(teams.id, invitation.teamId));
    if (!gone || gone.disbandedAt) throw conflict("This team has been disbanded.");
    const { team, event } = await lockRoster(tx, invitation.teamId, now);
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::integer`.mapWith(Number) })
      .from(teamMembers)
      .where(eq(teamMembers.teamId, team.id));
    if (n >= event.maxTeamSize) throw conflict(`Team ${team.name} is full: ${event.name} allows ${event.maxTeamSize} members.`);
    try {
      await tx.transaction((sp) => sp.insert(teamMembers).values({ teamId: team.id, eventId: event.id, userId: user.id, createdAt: now }));
    } catch (error) {
      if (uniqueViolation(error)) throw conflict(`You are already in a team for ${event.name}. Leave that team first, then accept.`);
      throw error;
    }
    await tx
      .update(invitations)
      .set({ status: "accepted", inviteeId: user.id, respondedAt: now, updatedAt: now })
      .where(eq(invitations.id, invitation.id));
    return { teamId: team.id };
  });
}

export async function declineInvitation(db: Db, user: CurrentUser, id: string, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const invitation = await lockMine(tx, user, id);
    await tx
      .update(invitations)
      .set({ status: "declined", inviteeId: user.id, respondedAt: now, updatedAt: now })
      .where(eq(invitations.id, invitation.id));
  });
}
