// Teams: a captain creates one and invites people; a person becomes a member only by accepting (invitations.ts).
// The team's registration is made with the team, so its fee is the one the captain saw. One team per person per
// event is the database's rule (team_members); the checks here exist to give a clear message.
import { inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { type Event, invitations, teamMembers, teams, users } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/require-user";
import { env } from "@/lib/env";
import { ApiError, conflict, notFound, uniqueViolation } from "@/lib/errors";
import { getEventBySlug, notOpenReason } from "@/lib/events/events";
import { enqueueMail, invitationLink } from "@/lib/mail/outbox";
import { ensureRegistration } from "@/lib/registrations/registrations";
import { chargeInvitations, chargeTeamCreation, mailableAddresses } from "./invitation-mail";

const memberList = z
  .array(z.string().trim().min(3, "Each member needs an email or an Anwesha ID.").max(254))
  .max(20, "At most 20 people at a time.");

export const createTeamSchema = z.object({
  eventSlug: z.string().trim().min(1).max(80),
  name: z.string().trim().min(2, "Give your team a name.").max(60),
  /** People to invite, by email or Anwesha ID. The captain (you) is the first member. */
  members: memberList.default([]),
});
export type CreateTeamInput = z.infer<typeof createTeamSchema>;

export const inviteSchema = z.object({ members: memberList.min(1, "Name at least one person to invite.") });

export const fieldError = (field: string, message: string) => new ApiError(422, "validation_failed", message, { [field]: [message] });

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface Invitee {
  typed: string;
  /** Set when an Anwesha ID was typed: the invitation is that account's. */
  inviteeId: string | null;
  /** Set when an email was typed: the invitation is that address's, whoever has it (a verified owner, later). */
  inviteeEmail: string | null;
  /** Where the invitation mail goes (the account's email, or the address typed); never shown to the captain. */
  mailTo: string;
  /** The address has an account: the mail links to the invitation rather than to sign-up. */
  hasAccount: boolean;
}

/** An Anwesha ID as people type it: any case, the dash optional ("anw7k3q9p" is ANW-7K3Q9P). */
const TYPED_ANWESHA_ID = /^anw-?([0-9a-z]{6})$/;

/**
 * What the captain typed, one entry per distinct thing (case, and an Anwesha ID's dash, aside): [key, as typed]. The
 * key of an Anwesha ID is "anw-7k3q9p"; of anything else, the text lower-cased.
 */
export function distinctTyped(typed: string[]): [string, string][] {
  const seen = new Map<string, string>();
  for (const t of typed) {
    const lower = t.trim().toLowerCase();
    const id = TYPED_ANWESHA_ID.exec(lower);
    const key = id ? `anw-${id[1]}` : lower;
    if (key && !seen.has(key)) seen.set(key, t.trim());
  }
  return [...seen];
}

const YOURSELF = "That is you: as the captain you are already in the team. Name the people you are inviting.";

/**
 * Turns what the captain typed into invitees, one per distinct thing typed. An Anwesha ID invites that account
 * (an unknown one is refused: a typo, and the ID says nothing about whose it is); an email invites the address,
 * whether or not it has an account. So the answer is the same whatever the identifiers resolve to: an ID and an
 * email of one person are two invitations, exactly as for two people, and nobody learns an email or name they did
 * not type.
 */
export async function resolveInvitees(
  db: Db | Tx,
  captain: Pick<CurrentUser, "id" | "email" | "anweshaId">,
  typed: string[],
): Promise<Invitee[]> {
  const seen = new Map(distinctTyped(typed));
  // The captain typing their own email or ID is told so, not silently skipped (nor invited).
  if (seen.has(captain.email.toLowerCase()) || seen.has(captain.anweshaId.toLowerCase())) throw fieldError("members", YOURSELF);
  // Neither an email nor an Anwesha ID: say that, rather than "no account has the Anwesha ID …".
  const neither = [...seen].filter(([key]) => !key.includes("@") && !TYPED_ANWESHA_ID.test(key)).map(([, original]) => original);
  const badEmails = [...seen].filter(([key]) => key.includes("@") && !EMAIL.test(key)).map(([, original]) => original);
  if (neither.length || badEmails.length) {
    const quoted = [...neither, ...badEmails].map((t) => `“${t.length > 60 ? `${t.slice(0, 60)}…` : t}”`).join(", ");
    throw fieldError(
      "members",
      `${quoted} ${neither.length + badEmails.length === 1 ? "is" : "are"} not an email address or an Anwesha ID. Type an email like name@example.com, or an Anwesha ID like ANW-7K3Q9P.`,
    );
  }
  const keys = [...seen.keys()];
  if (!keys.length) return [];
  // Emails are stored lower-cased and Anwesha IDs upper-cased, so both look-ups can use their unique indexes.
  const emails = keys.filter((k) => k.includes("@"));
  const ids = keys.filter((k) => !k.includes("@")).map((k) => k.toUpperCase());
  const account = { id: users.id, email: users.email, anweshaId: users.anweshaId };
  const [byEmail, byId] = await Promise.all([
    emails.length ? db.select(account).from(users).where(inArray(users.email, emails)) : [],
    ids.length ? db.select(account).from(users).where(inArray(users.anweshaId, ids)) : [],
  ]);
  const out: Invitee[] = [];
  const unknown: string[] = [];
  for (const [key, original] of seen) {
    if (key.includes("@")) {
      out.push({ typed: original, inviteeId: null, inviteeEmail: key, mailTo: key, hasAccount: byEmail.some((u) => u.email === key) });
      continue;
    }
    const match = byId.find((u) => u.anweshaId.toLowerCase() === key);
    if (!match) unknown.push(original);
    else out.push({ typed: original, inviteeId: match.id, inviteeEmail: null, mailTo: match.email, hasAccount: true });
  }
  if (unknown.length) {
    throw fieldError("members", `No account has the Anwesha ID ${unknown.join(", ")}. Check it, or type their email to invite them.`);
  }
  return out;
}

export async function createTeam(
  db: Db,
  captain: CurrentUser,
  input: CreateTeamInput,
  now = new Date(),
  /** The request's client address, for the per-address invitation limit. */
  client: string | null = null,
): Promise<{ teamId: string; registrationId: string; invited: string[] }> {
  const event = await getEventBySlug(db, input.eventSlug);
  if (!event) throw notFound("No such event.");
  if (event.kind !== "team") throw conflict(`${event.name} is a solo event: register yourself, no team needed.`);
  const notOpen = notOpenReason(event, now);
  if (notOpen) throw conflict(notOpen);
  const invitees = await resolveInvitees(db, captain, input.members);
  if (1 + invitees.length > event.maxTeamSize) {
    throw fieldError(
      "members",
      `${event.name} allows at most ${event.maxTeamSize} people including you; you named ${invitees.length} others.`,
    );
  }
  await chargeTeamCreation(db, captain.id, now);
  await chargeInvitations(db, captain.id, client, invitees.length, now);
  try {
    return await db.transaction(async (tx) => {
      const [team] = await tx
        .insert(teams)
        .values({ eventId: event.id, name: input.name, captainId: captain.id, createdAt: now, updatedAt: now })
        .returning({ id: teams.id });
      await tx.insert(teamMembers).values({ teamId: team!.id, eventId: event.id, userId: captain.id, createdAt: now });
      const registration = await ensureRegistration(tx, event, { teamId: team!.id }, now);
      await sendInvitations(tx, { id: team!.id, name: input.name }, event, captain, invitees, now);
      return { teamId: team!.id, registrationId: registration.id, invited: invitees.map((i) => i.typed) };
    });
  } catch (error) {
    const constraint = uniqueViolation(error);
    if (constraint?.includes("team_members")) throw conflict(`You are already in a team for ${event.name}. Leave it first.`);
    if (constraint) throw conflict("That team name is taken for this event. Choose another.");
    throw error;
  }
}

/**
 * Records the invitations and queues a mail for each in the same transaction (lib/mail outbox, one per
 * invitation), within the mail limits (lib/teams/invitation-mail.ts). The link leads to the event's page, where the
 * invitation waits; an address with no account goes through sign-up first and comes back to it.
 */
export async function sendInvitations(
  tx: Tx,
  team: { id: string; name: string },
  event: Pick<Event, "id" | "slug" | "name">,
  captain: Pick<CurrentUser, "id" | "name">,
  invitees: Invitee[],
  now: Date,
): Promise<void> {
  if (!invitees.length) return;
  const rows = await tx
    .insert(invitations)
    .values(
      invitees.map((i) => ({
        teamId: team.id,
        eventId: event.id,
        typed: i.typed,
        inviteeId: i.inviteeId,
        inviteeEmail: i.inviteeEmail,
        invitedBy: captain.id,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .returning({ id: invitations.id });
  const appUrl = env().APP_URL;
  const mailable = await mailableAddresses(
    tx,
    team.id,
    invitees.map((i) => i.mailTo),
    now,
  );
  for (const [k, row] of rows.entries()) {
    const invitee = invitees[k]!;
    // At most one mail per address per request (an ID and an email of one person), and none to an address the
    // limits keep from being mailed; the invitation itself is made either way and waits in the app.
    if (!mailable.delete(invitee.mailTo.toLowerCase())) continue;
    await enqueueMail(tx, {
      key: `invitation:${row.id}`,
      to: invitee.mailTo,
      template: "team-invitation",
      data: {
        inviterName: captain.name,
        teamName: team.name,
        eventName: event.name,
        acceptUrl: invitationLink(appUrl, `/events/${event.slug}`, invitee.hasAccount),
        hasAccount: invitee.hasAccount,
        expiresAt: null,
      },
    });
  }
}
