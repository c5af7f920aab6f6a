// Who holds a registration: its solo entrant, or a member of its team. The one answer under "who may see this
// registration's pass and calendar entry" and under the payments' viewer rule (lib/payments/viewer.ts), which adds
// the payer's whole view. A team's registration has a pass per member besides the team's own: teamPassesFor says
// which of them a person may see.
import { eq, or, type SQL, sql } from "drizzle-orm";
import { registrations, teamMembers, type User } from "@/db/schema";

export type Viewer = Pick<User, "id" | "role">;

/** SQL over `registrations`: this person holds the registration (its solo entrant, or a member of its team). */
export function holdsRegistration(userId: string): SQL {
  return or(
    eq(registrations.userId, userId),
    sql`exists (select 1 from ${teamMembers} where ${teamMembers.teamId} = ${registrations.teamId} and ${teamMembers.userId} = ${userId})`,
  )!;
}

/** SQL over `registrations`: the viewer may see this registration (its pass, its calendar entry): its holder, or an organiser. */
export function registrationVisibleTo(viewer: Viewer): SQL {
  if (viewer.role === "organiser") return sql`true`;
  return holdsRegistration(viewer.id);
}

/**
 * What of a paid team registration this person gets, once they may see the registration at all: their own member's
 * pass while they are on its roster (never another member's); the team's roster to show at the door when they
 * captain it; and the team's pass (which lets in every member not yet in) only as an organiser. A captain gets no
 * such pass: a team pass on the captain's phone let in members who never came (issue 27). Team passes issued before
 * member passes keep working at the door.
 */
export function teamPassesFor(
  viewer: Viewer,
  team: { captainId: string; memberIds: readonly string[] },
): { ownPass: boolean; roster: boolean; teamPass: boolean } {
  return { ownPass: team.memberIds.includes(viewer.id), roster: team.captainId === viewer.id, teamPass: viewer.role === "organiser" };
}
