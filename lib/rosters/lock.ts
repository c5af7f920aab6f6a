// The team's row lock, taken by every roster change (lib/teams/) and by the start of the team's payment
// (lib/payments/start.ts), so they happen one after another and each sees what the one before it did.
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { type Event, events, paymentItems, registrations, type Team, teamMembers, teams } from "@/db/schema";
import { conflict, notFound } from "@/lib/errors";
import { isOpen } from "@/lib/events/events";
import { isUuid } from "@/lib/ids";
import { isPaid, LIVE_STATUSES } from "@/lib/registrations/status";
import { type RosterFacts, rosterFrozen, rosterProblem } from "./rules";

export interface LockedTeam {
  team: Team;
  event: Event;
}

/**
 * Takes the team's row lock (FOR UPDATE of its row). Every roster change and the start of the team's payment take
 * it, so they happen one after another and each sees what the one before it did. Null when there is no such team.
 */
export async function lockTeamRow(tx: Tx, teamId: string): Promise<LockedTeam | null> {
  if (!isUuid(teamId)) return null;
  const [row] = await tx
    .select({ team: teams, event: events })
    .from(teams)
    .innerJoin(events, eq(events.id, teams.eventId))
    .where(eq(teams.id, teamId))
    .for("update", { of: teams });
  return row ?? null;
}

/** What rosterFrozen decides on, for a team whose row this transaction has locked. */
export async function rosterFacts(tx: Tx, { team, event }: LockedTeam, now: Date): Promise<RosterFacts> {
  const [reg] = await tx
    .select({ id: registrations.id, status: registrations.status })
    .from(registrations)
    .where(and(eq(registrations.teamId, team.id), eq(registrations.eventId, event.id), inArray(registrations.status, LIVE_STATUSES)))
    .limit(1);
  const paying =
    !!reg &&
    !isPaid(reg) &&
    (
      await tx
        .select({ id: paymentItems.id })
        .from(paymentItems)
        .where(and(eq(paymentItems.registrationId, reg.id), eq(paymentItems.status, "pending")))
        .limit(1)
    ).length > 0;
  return { disbanded: !!team.disbandedAt, open: isOpen(event, now), paid: !!reg && isPaid(reg), paying };
}

/** Locks the team for a roster change: 404 when there is no such team, 409 when its roster may not change now. */
export async function lockRoster(tx: Tx, teamId: string, now: Date): Promise<LockedTeam> {
  const locked = await lockTeamRow(tx, teamId);
  const frozen = locked ? rosterFrozen(await rosterFacts(tx, locked, now), locked.event.name) : null;
  if (!locked || frozen?.why === "disbanded") throw notFound("No such team.");
  if (frozen) throw conflict(frozen.message);
  return locked;
}

/**
 * For the start of a team's payment, in its transaction: locks each team's row (in id order, after the events'
 * seat locks, the order every start takes them in) and asks again, of the roster as it is now, whether it may still
 * change and whether it is within the event's size limits, since a member may have left since the start first
 * looked. False when a team has paid or a payment for it started meanwhile: the caller looks again.
 */
export async function lockRostersToPay(tx: Tx, teamIds: string[], now: Date): Promise<boolean> {
  for (const teamId of [...new Set(teamIds)].sort()) {
    const locked = await lockTeamRow(tx, teamId);
    const frozen = locked ? rosterFrozen(await rosterFacts(tx, locked, now), locked.event.name) : null;
    if (!locked || frozen?.why === "disbanded") throw notFound("No such team for this event.");
    if (frozen?.why === "paid" || frozen?.why === "paying") return false;
    if (frozen) throw conflict(frozen.message);
    const members = await tx.select({ userId: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, teamId));
    const problem = rosterProblem({ members, event: locked!.event });
    if (problem) throw conflict(problem);
  }
  return true;
}

/**
 * For an organiser's admit of a team's flagged payment, in its transaction: locks the team's row (before the
 * registration's, the order a start takes them in) and says why the team cannot be paid as it is now, or null. A
 * member may have left after the payment ended and before its late success arrived; paying that team would lock a
 * roster outside the event's sizes.
 */
export async function lockRosterToAdmit(tx: Tx, teamId: string): Promise<string | null> {
  const locked = await lockTeamRow(tx, teamId);
  if (!locked || locked.team.disbandedAt) return "This team was disbanded: refund this payment instead.";
  const members = await tx.select({ userId: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, teamId));
  if (!rosterProblem({ members, event: locked.event })) return null;
  const { minTeamSize: min, maxTeamSize: max, name } = locked.event;
  const has = `${members.length} ${members.length === 1 ? "member" : "members"}`;
  return `This team has ${has}; ${name} takes teams of ${min} to ${max}. Admit it once its captain's roster fits, or refund this payment.`;
}
