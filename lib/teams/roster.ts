// What changes a team's roster before it pays: members leave, the captain invites, withdraws invitations, removes
// members or disbands the team. Once the team has paid (or while a payment is in flight) the roster is locked.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { events, invitations, paymentItems, registrations, teamMembers, teams } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/require-user";
import { conflict, forbidden, notFound, uniqueViolation } from "@/lib/errors";
import { isOpen } from "@/lib/events/events";
import { isUuid } from "@/lib/ids";
import { cancelTeamRegistration } from "@/lib/payments/settle/cancel";
import { LIVE_STATUSES } from "@/lib/registrations/status";
import { fieldError, resolveInvitees, sendInvitations } from "./teams";

/** Throws 409 when the team has paid or is paying: the roster is what was paid for. */
export async function rosterLock(tx: Db | Tx, teamId: string, eventId: string): Promise<void> {
  const [reg] = await tx
    .select({ id: registrations.id, status: registrations.status })
    .from(registrations)
    .where(and(eq(registrations.teamId, teamId), eq(registrations.eventId, eventId), inArray(registrations.status, LIVE_STATUSES)))
    .limit(1);
  if (reg?.status === "paid") throw conflict("This team has paid, so its roster is locked. Ask an organiser if someone must change.");
  if (reg) {
    const [paying] = await tx
      .select({ id: paymentItems.id })
      .from(paymentItems)
      .where(and(eq(paymentItems.registrationId, reg.id), eq(paymentItems.status, "pending")))
      .limit(1);
    if (paying) throw conflict("A payment for this team is in progress, so the roster is locked until it ends.");
  }
}

/** Locks the team (its row) for a roster change and checks it is live, open and unlocked. */
async function lockTeam(tx: Tx, teamId: string, now: Date) {
  if (!isUuid(teamId)) throw notFound("No such team.");
  const [row] = await tx
    .select({ team: teams, event: events })
    .from(teams)
    .innerJoin(events, eq(events.id, teams.eventId))
    .where(eq(teams.id, teamId))
    .for("update", { of: teams });
  if (!row || row.team.disbandedAt) throw notFound("No such team.");
  if (!isOpen(row.event, now)) throw conflict(`Registration for ${row.event.name} is closed, so teams can no longer change.`);
  await rosterLock(tx, teamId, row.event.id);
  return row;
}

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
    const { team } = await lockTeam(tx, teamId, now);
    if (team.captainId === user.id) throw conflict("You are the captain: disband the team instead of leaving it.");
    await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, user.id)));
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
  return lockTeam(tx, teamId, now);
}

export async function inviteMore(
  db: Db,
  captain: CurrentUser,
  teamId: string,
  typed: string[],
  now = new Date(),
): Promise<{ invited: string[] }> {
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
    await tx.update(teams).set({ disbandedAt: now, updatedAt: now }).where(eq(teams.id, team.id));
    await tx.delete(teamMembers).where(eq(teamMembers.teamId, team.id));
    await tx
      .update(invitations)
      .set({ status: "withdrawn", respondedAt: now, updatedAt: now })
      .where(and(eq(invitations.teamId, team.id), eq(invitations.status, "pending")));
    await cancelTeamRegistration(tx, team.id, now);
  });
}
