// The captain hears when their team changes under them: someone accepted an invitation, or a member left. Queued
// in the transaction that made the change, under a key naming it (an acceptance is one invitation's; a leaving is
// one membership's, named by when it began), so each change is mailed once. "Your team is confirmed" to the
// members when the captain pays is the payment's mail (lib/payments/mail.ts).
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { events, teamMembers, teams, users } from "@/db/schema";
import { env } from "@/lib/env";
import { enqueueMail } from "@/lib/mail/outbox";

export async function queueTeamChangeMail(tx: Tx, teamId: string, member: { name: string }, change: { joined: boolean; key: string }) {
  const [row] = await tx
    .select({
      teamName: teams.name,
      captainName: users.name,
      captainEmail: users.email,
      captainDeleted: users.deletedAt,
      eventName: events.name,
      eventSlug: events.slug,
      minTeamSize: events.minTeamSize,
      maxTeamSize: events.maxTeamSize,
      members: sql<number>`(select count(*)::integer from ${teamMembers} where ${teamMembers.teamId} = ${teams.id})`.mapWith(Number),
    })
    .from(teams)
    .innerJoin(users, eq(users.id, teams.captainId))
    .innerJoin(events, eq(events.id, teams.eventId))
    .where(eq(teams.id, teamId));
  if (!row || row.captainDeleted) return;
  await enqueueMail(tx, {
    key: change.key,
    to: row.captainEmail,
    template: change.joined ? "team-member-joined" : "team-member-left",
    data: {
      captainName: row.captainName,
      memberName: member.name,
      teamName: row.teamName,
      eventName: row.eventName,
      members: row.members,
      minTeamSize: row.minTeamSize,
      maxTeamSize: row.maxTeamSize,
      teamUrl: `${env().APP_URL}/events/${row.eventSlug}`,
    },
  });
}
