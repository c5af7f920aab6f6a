// Invitations: the only way into a team. Accepting takes the team's row lock, so the roster's size and lock are
// checked against what is really there; the database's one-team-per-person-per-event index has the last word.
// Whether an invitation is still open is derived when it is read (invitationState), never stored: one that was
// pending when its team paid or disbanded is closed, and says why.
import { and, desc, eq, exists, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { events, type Invitation, invitations, registrations, type Team, teamMembers, teams, users } from "@/db/schema";
import { answerOn } from "@/lib/answers/answers";
import type { CurrentUser } from "@/lib/auth/require-user";
import { conflict, notFound, uniqueViolation } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { ensureRegistration } from "@/lib/registrations/registrations";
import { lockRoster } from "@/lib/rosters/lock";
import { queueTeamChangeMail } from "./team-mail";

export interface InvitationView {
  id: string;
  teamId: string;
  teamName: string;
  event: { slug: string; name: string };
  captainName: string;
  /** It can be accepted or declined. */
  open: boolean;
  /** Why it cannot be any more ("The team has already paid."), or null while it is open. */
  closedReason: string | null;
}

/** Where an invitation stands: open, ended by its team (paid, disbanded), or answered or withdrawn. */
export type InvitationState = "open" | "team-paid" | "team-disbanded" | Exclude<Invitation["status"], "pending">;

const CLOSED_BY_TEAM = {
  "team-paid": "The team has already paid.",
  "team-disbanded": "The team was disbanded.",
} as const;

/**
 * The one answer to "can this invitation still be answered, and if not, why": open only while it is pending, its
 * team is not disbanded and the team's registration is not paid. Disbanding withdraws the team's pending
 * invitations at the moment it disbands, so such a one reads as ended by the disband, not by the captain.
 */
export function invitationState(
  inv: Pick<Invitation, "status" | "respondedAt">,
  team: Pick<Team, "disbandedAt"> & { paid: boolean },
): InvitationState {
  const { disbandedAt } = team;
  if (disbandedAt && (inv.status === "pending" || (inv.status === "withdrawn" && inv.respondedAt && inv.respondedAt >= disbandedAt))) {
    return "team-disbanded";
  }
  if (inv.status !== "pending") return inv.status;
  return team.paid ? "team-paid" : "open";
}

/** 409 unless the invitation is open, saying why it is not. */
function assertOpen(state: InvitationState, verb: "accepted" | "declined"): void {
  if (state === "open") return;
  if (state === "team-paid" || state === "team-disbanded") {
    throw conflict(`${CLOSED_BY_TEAM[state]} This invitation can no longer be ${verb}.`);
  }
  throw conflict(`This invitation was already ${state}.`);
}

/**
 * The invitations that are this person's: those naming their account, and those addressed to their email once
 * they have verified it (lib/users/email-verification.ts); read from the database, so a verification counts at
 * once. Before that, whoever signed up with the address first sees nothing sent to it.
 */
const mine = (user: Pick<CurrentUser, "id">) =>
  or(
    eq(invitations.inviteeId, user.id),
    and(
      isNull(invitations.inviteeId),
      exists(
        sql`(select 1 from ${users} where ${users.id} = ${user.id} and ${users.emailVerifiedAt} is not null and lower(${users.email}) = lower(${invitations.inviteeEmail}))`,
      ),
    ),
  );

/** The team's registration is paid (the roster's "paid", lib/teams/teams.ts rosterFrozen). */
const teamPaid = (db: Db | Tx) =>
  exists(
    db
      .select({ one: sql`1` })
      .from(registrations)
      .where(and(eq(registrations.teamId, teams.id), eq(registrations.eventId, teams.eventId), eq(registrations.status, "paid"))),
  );

/**
 * The user's invitations that are open, and those their team closed by paying or disbanding (with the reason),
 * open ones first; also those sent to their email before they had an account. Answered and withdrawn ones are left
 * out: the person knows what they did.
 */
export async function invitationsOf(db: Db, user: Pick<CurrentUser, "id" | "email">, eventId?: string): Promise<InvitationView[]> {
  const captain = db.$with("captain").as(db.select({ id: users.id, name: users.name }).from(users));
  const rows = await db
    .with(captain)
    .select({
      id: invitations.id,
      status: invitations.status,
      respondedAt: invitations.respondedAt,
      teamId: teams.id,
      teamName: teams.name,
      disbandedAt: teams.disbandedAt,
      paid: teamPaid(db).mapWith(Boolean),
      slug: events.slug,
      eventName: events.name,
      captainName: captain.name,
    })
    .from(invitations)
    .innerJoin(teams, eq(teams.id, invitations.teamId))
    .innerJoin(events, eq(events.id, invitations.eventId))
    .innerJoin(captain, eq(captain.id, teams.captainId))
    .where(and(mine(user), inArray(invitations.status, ["pending", "withdrawn"]), eventId ? eq(invitations.eventId, eventId) : undefined))
    .orderBy(desc(invitations.createdAt));
  const views: InvitationView[] = [];
  for (const r of rows) {
    const state = invitationState(r, r);
    if (state !== "open" && state !== "team-paid" && state !== "team-disbanded") continue;
    views.push({
      id: r.id,
      teamId: r.teamId,
      teamName: r.teamName,
      event: { slug: r.slug, name: r.eventName },
      captainName: r.captainName,
      open: state === "open",
      closedReason: state === "open" ? null : CLOSED_BY_TEAM[state],
    });
  }
  // Open ones first, oldest first; then the closed ones, newest first.
  const open = views.filter((v) => v.open).reverse();
  return [...open, ...views.filter((v) => !v.open)];
}

/** How many invitations the user can answer now: the header's badge, and whether sign-in leads to them. */
export async function openInvitationCount(db: Db, user: Pick<CurrentUser, "id" | "email">): Promise<number> {
  return (await invitationsOf(db, user)).filter((v) => v.open).length;
}

/** The user's invitation (someone else's is "not found", so ids cannot be probed), not locked. */
async function findMine(tx: Tx, user: Pick<CurrentUser, "id" | "email">, id: string) {
  if (!isUuid(id)) throw notFound("No such invitation.");
  const [row] = await tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.id, id), mine(user)));
  if (!row) throw notFound("No such invitation.");
  return row;
}

/** Locks the invitation's row (after its team's, the order disbanding and withdrawing take them in) and re-reads it. */
async function lockInvitation(tx: Tx, id: string): Promise<Invitation> {
  const [row] = await tx.select().from(invitations).where(eq(invitations.id, id)).for("update");
  return row!;
}

async function isTeamPaid(tx: Tx, teamId: string): Promise<boolean> {
  const [row] = await tx
    .select({ paid: teamPaid(tx).mapWith(Boolean) })
    .from(teams)
    .where(eq(teams.id, teamId));
  return !!row?.paid;
}

/**
 * Joins the team. `answers` ({key: value}) answers the event's per-member questions, checked like every answer
 * (a bad one is 422 and nothing changes); a required one may also be given later, on the event page, and the
 * captain cannot pay until it is.
 */
export async function acceptInvitation(
  db: Db,
  user: CurrentUser,
  id: string,
  now = new Date(),
  answers?: unknown,
): Promise<{ teamId: string }> {
  return db.transaction(async (tx) => {
    const { teamId } = await findMine(tx, user, id);
    // The team's lock first, then the invitation's: the order the captain's changes take them in, so none deadlocks.
    const [team] = await tx.select().from(teams).where(eq(teams.id, teamId)).for("update");
    const invitation = await lockInvitation(tx, id);
    assertOpen(invitationState(invitation, { disbandedAt: team!.disbandedAt, paid: await isTeamPaid(tx, teamId) }), "accepted");
    const { event } = await lockRoster(tx, teamId, now);
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::integer`.mapWith(Number) })
      .from(teamMembers)
      .where(eq(teamMembers.teamId, teamId));
    if (n >= event.maxTeamSize) throw conflict(`Team ${team!.name} is full: ${event.name} allows ${event.maxTeamSize} members.`);
    try {
      await tx.transaction((sp) => sp.insert(teamMembers).values({ teamId, eventId: event.id, userId: user.id, createdAt: now }));
    } catch (error) {
      if (uniqueViolation(error)) throw conflict(`You are already in a team for ${event.name}. Leave that team first, then accept.`);
      throw error;
    }
    if (answers != null) {
      const registration = await ensureRegistration(tx, event, { teamId }, now);
      await answerOn(tx, event, registration.id, user.id, "member", answers, now, { requireAll: false });
    }
    await tx
      .update(invitations)
      .set({ status: "accepted", inviteeId: user.id, respondedAt: now, updatedAt: now })
      .where(eq(invitations.id, invitation.id));
    // The captain may have invited this person twice (by Anwesha ID and by email): one answer settles both.
    await tx
      .update(invitations)
      .set({ status: "accepted", respondedAt: now, updatedAt: now })
      .where(and(eq(invitations.teamId, teamId), eq(invitations.status, "pending"), mine(user)));
    await queueTeamChangeMail(tx, teamId, user, { joined: true, key: `team-member-joined:${invitation.id}` });
    return { teamId };
  });
}

export async function declineInvitation(db: Db, user: CurrentUser, id: string, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const { teamId } = await findMine(tx, user, id);
    const invitation = await lockInvitation(tx, id);
    const [team] = await tx.select({ disbandedAt: teams.disbandedAt }).from(teams).where(eq(teams.id, teamId));
    assertOpen(invitationState(invitation, { disbandedAt: team!.disbandedAt, paid: await isTeamPaid(tx, teamId) }), "declined");
    await tx
      .update(invitations)
      .set({ status: "declined", inviteeId: user.id, respondedAt: now, updatedAt: now })
      .where(eq(invitations.id, invitation.id));
  });
}
