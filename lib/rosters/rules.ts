// The rules of a team's roster, as pure functions of what was read: may it change now, and may it pay.
import type { Event } from "@/db/schema";
import { isOpen } from "@/lib/events/events";

/** What decides whether a team's roster may change; read under the team's row lock where a change follows. */
export interface RosterFacts {
  disbanded: boolean;
  /** The event's registration window is open. */
  open: boolean;
  paid: boolean;
  /** A payment for the team is in flight. */
  paying: boolean;
}

export interface RosterFreeze {
  why: "disbanded" | "closed" | "paid" | "paying" | "unpaid";
  message: string;
}

/**
 * What is being changed: the ordinary changes a team makes before it pays (leaving, removing, inviting, withdrawing,
 * disbanding, accepting), or an organiser's substitution of one member for another, which is the one change a paid
 * team's roster allows (lib/teams/substitutions.ts).
 */
export type RosterChange = "members" | "substitution";

/**
 * The one answer to "may this team's roster change now?": null when it may. Leaving, removing a member, inviting,
 * withdrawing an invitation, disbanding and accepting an invitation ask it under the team's row lock
 * (lib/teams/roster.ts), and so does the start of the team's payment, which then freezes the roster until the
 * payment ends; pages ask it to decide which of those buttons to offer. A substitution asks it too: it is allowed
 * only once the team has paid, and, like every change, only while the event's registration is open.
 */
export function rosterFrozen(facts: RosterFacts, eventName: string, change: RosterChange = "members"): RosterFreeze | null {
  if (facts.disbanded) return { why: "disbanded", message: "No such team." };
  if (!facts.open) return { why: "closed", message: `Registration for ${eventName} is closed, so teams can no longer change.` };
  if (change === "substitution") {
    if (facts.paid) return null;
    return {
      why: "unpaid",
      message: "This team has not paid: only a paid team's members are substituted; its captain changes the roster.",
    };
  }
  if (facts.paid) return { why: "paid", message: `This team has paid, so its roster is locked. ${askForSubstitution(eventName)}` };
  if (facts.paying) return { why: "paying", message: "A payment for this team is in progress, so the roster is locked until it ends." };
  return null;
}

/**
 * What a paid team is told to do when someone cannot come: the team page and the roster's 409 say it. Once
 * registration has closed no substitution is possible, and the page says so instead.
 */
export function substitutionHint(event: Parameters<typeof isOpen>[0] & Pick<Event, "name">, now = new Date()): string {
  if (!isOpen(event, now)) return `Registration for ${event.name} has closed, so no member can be substituted now.`;
  return askForSubstitution(event.name);
}

/** While registration is open: how a member is replaced. */
function askForSubstitution(eventName: string): string {
  return (
    `If a member cannot come, ask an organiser to substitute someone for them before registration for ${eventName} closes; ` +
    "the new member accepts by mail and gets their own pass."
  );
}

/** Why the captain cannot pay yet, or null when the accepted roster is within the event's limits. */
export function rosterProblem(team: {
  members: readonly unknown[];
  event: Pick<Event, "name" | "minTeamSize" | "maxTeamSize">;
}): string | null {
  const n = team.members.length;
  const { minTeamSize: min, maxTeamSize: max, name } = team.event;
  if (n < min) {
    const more = min - n;
    return (
      `${name} needs at least ${min} members; ${n} ${n === 1 ? "has" : "have"} accepted so far. ` +
      `${more} more ${more === 1 ? "person" : "people"} must accept before you can pay.`
    );
  }
  if (n > max) return `${name} allows at most ${max} members; your team has ${n}.`;
  return null;
}
