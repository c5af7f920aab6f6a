// What changes a team's roster before it pays: members leave, the captain invites, withdraws invitations, removes
// members or disbands the team. Once the team has paid (or while a payment is in flight) the roster is locked.
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { invitations, teamMembers, teams } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/require-user";
import { conflict, forbidden, notFound, uniqueViolation } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { cancelTeamRegistration } from "@/lib/payments/settle/cancel";
import { lockRoster, lockTeamRow, rosterFacts } from "@/lib/rosters/lock";
import { chargeInvitations } from "./invitation-mail";
import { queueTeamChangeMail } from "./team-mail";
import { distinctTyped, fieldError, resolveInvitees, sendInvitations } from "./teams";

async function isMember(tx: Tx, teamId: string, userId: string) {
  const [m] = await tx
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
  return !!m;
}

export async function leaveTeam(db: Db, user: CurrentUser, teamId: string, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    // A stranger learns nothing about the team, not even that it is locked.
    if (!isUuid(teamId) || !(await isMember(tx, teamId, user.id))) throw notFound("No such team.");
    const { team } = await lockRoster(tx, teamId, now);
    if (team.captainId === user.id) throw conflict("You are the captain: disband the team instead of leaving it.");
    const [gone] = await tx
      .delete(teamMembers)
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, user.id)))
      .returning({ joinedAt: teamMembers.createdAt });
    // One membership, one mail: joining again later and leaving again is another membership.
    const key = `team-member-left:${teamId}:${user.id}:${gone!.joinedAt.getTime()}`;
    await queueTeamChangeMail(tx, teamId, user, { joined: false, key });
  });
}

async function lockAsCaptain(tx: Tx, captain: CurrentUser, teamId: string, now: Date, action: string) {
  if (!isUuid(teamId)) throw notFound("No such team.");
  const [t] = await tx.select({ captainId: teams.captainId }).from(teams).where(eq(teams.id, teamId));
  if (!t) throw notFound("No such team.");
  if (t.captainId !== captain.id) {
    if (await isMember(tx, teamId, captain.id)) throw forbidden(`Only the team's captain can ${action}.`);
    throw notFound("No such team.");
  }
  return lockRoster(tx, teamId, now);
}

export async function inviteMore(
  db: Db,
  captain: CurrentUser,
  teamId: string,
  typed: string[],
  now = new Date(),
  /** The request's client address, for the per-address invitation limit. */
  client: string | null = null,
): Promise<{ invited: string[] }> {
  // Counted before the team is even looked at, by what was typed: a refused request writes nothing else.
  await chargeInvitations(db, captain.id, client, distinctTyped(typed).length, now);
  try {
    return await db.transaction(async (tx) => {
      const { team, event } = await lockAsCaptain(tx, captain, teamId, now, "invite people");
      const invitees = await resolveInvitees(tx, captain, typed);
      if (!invitees.length) throw fieldError("members", "Name at least one person other than you.");
      const [{ members = 0, pending = 0 } = {}] = await tx
        .select({
          members: sql<number>`(select count(*)::integer from ${teamMembers} where ${teamMembers.teamId} = ${team.id})`.mapWith(Number),
          pending:
            sql<number>`(select count(*)::integer from ${invitations} where ${invitations.teamId} = ${team.id} and ${invitations.status} = 'pending')`.mapWith(
              Number,
            ),
        })
        .from(teams)
        .where(eq(teams.id, team.id));
      if (members + pending + invitees.length > event.maxTeamSize) {
        throw fieldError(
          "members",
          `${event.name} allows at most ${event.maxTeamSize} people; your team has ${members} members and ${pending} pending invitations.`,
        );
      }
      await sendInvitations(tx, team, event, captain, invitees, now);
      return { invited: invitees.map((i) => i.typed) };
    });
  } catch (error) {
    if (uniqueViolation(error)) throw conflict("One of these people has already been invited and has not answered yet.");
    throw error;
  }
}

export async function withdrawInvitation(
  db: Db,
  captain: CurrentUser,
  teamId: string,
  invitationId: string,
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    await lockAsCaptain(tx, captain, teamId, now, "withdraw invitations");
    if (!isUuid(invitationId)) throw notFound("No such invitation.");
    const [inv] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.id, invitationId), eq(invitations.teamId, teamId)));
    if (!inv) throw notFound("No such invitation.");
    if (inv.status !== "pending") throw conflict(`This invitation was already ${inv.status}.`);
    await tx.update(invitations).set({ status: "withdrawn", respondedAt: now, updatedAt: now }).where(eq(invitations.id, inv.id));
  });
}

export async function removeMember(db: Db, captain: CurrentUser, teamId: string, userId: string, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    await lockAsCaptain(tx, captain, teamId, now, "remove members");
    if (userId === captain.id) throw conflict("You are the captain: disband the team instead.");
    if (!isUuid(userId) || !(await isMember(tx, teamId, userId))) throw notFound("No such member.");
    await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
  });
}

/** Frees every member and the team's name, withdraws its invitations and cancels its unpaid registration. */
export async function disbandTeam(db: Db, captain: CurrentUser, teamId: string, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const { team } = await lockAsCaptain(tx, captain, teamId, now, "disband the team");
    await disbandLocked(tx, team.id, now);
  });
}

/** Disbands a team whose row this transaction has locked. */
async function disbandLocked(tx: Tx, teamId: string, now: Date): Promise<void> {
  await tx.update(teams).set({ disbandedAt: now, updatedAt: now }).where(eq(teams.id, teamId));
  await tx.delete(teamMembers).where(eq(teamMembers.teamId, teamId));
  await tx
    .update(invitations)
    .set({ status: "withdrawn", respondedAt: now, updatedAt: now })
    .where(and(eq(invitations.teamId, teamId), eq(invitations.status, "pending")));
  await cancelTeamRegistration(tx, teamId, now);
}

/**
 * A person's teams when they delete their account, in its transaction, each team's row locked as every roster change
 * locks it: a team they captain is disbanded, a membership removed, unless money is on the team. Returns the teams
 * that stop it (paid, or a payment in flight, with the person as captain; a payment in flight, as a member: the
 * roster is being paid for); a paid team keeps the member, as its pass and the accounts need it.
 */
export async function leaveTeamsForDeletion(tx: Tx, userId: string, now: Date): Promise<{ blocking: string[] }> {
  const mine = await tx
    .select({ id: teams.id, captainId: teams.captainId })
    .from(teams)
    .where(
      and(
        sql`${teams.disbandedAt} is null`,
        sql`(${teams.captainId} = ${userId} or exists (select 1 from ${teamMembers} m where m.team_id = ${teams.id} and m.user_id = ${userId}))`,
      ),
    )
    .orderBy(teams.id);
  const blocking: string[] = [];
  for (const { id, captainId } of mine) {
    const locked = (await lockTeamRow(tx, id))!;
    const facts = await rosterFacts(tx, locked, now);
    const named = `team ${locked.team.name} (${locked.event.name})`;
    if (captainId === userId) {
      if (facts.paid || facts.paying) blocking.push(named);
      else await disbandLocked(tx, id, now);
    } else if (facts.paying) blocking.push(named);
    else if (!facts.paid) await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, id), eq(teamMembers.userId, userId)));
  }
  return { blocking };
}
