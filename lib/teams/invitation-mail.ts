// How much invitation mail anyone can cause. An invitation names an address someone typed, so without limits a
// captain (or a script with many accounts) could mail any stranger as often as they like. The numbers are in the
// README ("Mail limits").
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { invitations, outbox, users } from "@/db/schema";
import { RateLimitedError } from "@/lib/errors";
import { addressKey } from "@/lib/http/forwarding";
import { hit, type Limit } from "@/lib/rate-limit";

export const INVITATION_LIMITS = {
  /** People a captain may invite per hour, over all their teams: 429 after that. */
  perCaptain: { max: 30, windowMs: 60 * 60_000 },
  /** People invited from one client address (IPv6: its /64) per hour, whoever is signed in: 429 after that. */
  perClient: { max: 60, windowMs: 60 * 60_000 },
  /** Invitation mails one address receives per day, from everyone: beyond it the invitation is made, not mailed. */
  perRecipient: { max: 5, windowMs: 24 * 60 * 60_000 },
  /** Teams a captain may create per day (each makes a registration and invitations): 429 after that. */
  teamsPerCaptain: { max: 10, windowMs: 24 * 60 * 60_000 },
} satisfies Record<string, Limit>;

class TooManyInvitationsError extends RateLimitedError {
  constructor(retryAfterSeconds: number) {
    super("You have invited too many people for now. Please try again later.", retryAfterSeconds);
  }
}

class TooManyTeamsError extends RateLimitedError {
  constructor(retryAfterSeconds: number) {
    super("You have created too many teams today. Please try again tomorrow.", retryAfterSeconds);
  }
}

/** Counts a team being created by this captain; 429 beyond INVITATION_LIMITS.teamsPerCaptain. */
export async function chargeTeamCreation(db: Db, captainId: string, now = new Date()): Promise<void> {
  const r = await hit(db, `team-create:captain:${captainId}`, INVITATION_LIMITS.teamsPerCaptain, now);
  if (!r.allowed) throw new TooManyTeamsError(r.retryAfterSeconds);
}

/**
 * Counts `people` invitations against the captain's and the client address's limits, before anything is written
 * (so a refused request changes nothing but the counts); 429 when either is spent.
 */
export async function chargeInvitations(db: Db, captainId: string, client: string | null, people: number, now = new Date()): Promise<void> {
  for (let i = 0; i < people; i++) {
    const [byCaptain, byClient] = [
      await hit(db, `invite:captain:${captainId}`, INVITATION_LIMITS.perCaptain, now),
      await hit(db, `invite:client:${addressKey(client)}`, INVITATION_LIMITS.perClient, now),
    ];
    if (!byCaptain.allowed) throw new TooManyInvitationsError(byCaptain.retryAfterSeconds);
    if (!byClient.allowed) throw new TooManyInvitationsError(byClient.retryAfterSeconds);
  }
}

/**
 * Which of these addresses may get an invitation mail from this team now, in the inviting transaction: not one
 * who declined this team's invitation or whose invitation the captain withdrew (the team does not get to ask
 * again by mail; the new invitation still waits in the app), and not one that has had its day's invitation mail.
 */
export async function mailableAddresses(tx: Tx, teamId: string, addresses: string[], now = new Date()): Promise<Set<string>> {
  const wanted = [...new Set(addresses.map((a) => a.toLowerCase()))];
  if (!wanted.length) return new Set();
  const answered = await tx
    .select({ address: sql<string>`lower(coalesce(${users.email}, ${invitations.inviteeEmail}))` })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.inviteeId))
    .where(
      and(
        eq(invitations.teamId, teamId),
        inArray(invitations.status, ["declined", "withdrawn"]),
        inArray(sql`lower(coalesce(${users.email}, ${invitations.inviteeEmail}))`, wanted),
      ),
    );
  const since = new Date(now.getTime() - INVITATION_LIMITS.perRecipient.windowMs);
  const recent = await tx
    .select({ address: outbox.recipient, n: sql<number>`count(*)::integer`.mapWith(Number) })
    .from(outbox)
    .where(and(eq(outbox.template, "team-invitation"), inArray(outbox.recipient, wanted), gt(outbox.createdAt, since)))
    .groupBy(outbox.recipient);
  const out = new Set(wanted);
  for (const a of answered) out.delete(a.address);
  for (const r of recent) if (r.n >= INVITATION_LIMITS.perRecipient.max) out.delete(r.address);
  return out;
}
