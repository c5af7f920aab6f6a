// A registration's entry pass as its holder sees it: the solo entrant's own; for a team, each member's own pass (it
// admits that member only), with the team's pass (the team view) for its captain. Anyone else gets "not found", so
// registration ids cannot be probed. Only an entered registration (status `paid`: paid for, or free and confirmed)
// has a pass.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, type Registration, registrations, teamMembers, teams, users } from "@/db/schema";
import { conflict, notFound } from "@/lib/errors";
import { holdsRegistration, teamPassesFor, type Viewer } from "@/lib/registrations/holders";
import { isPaid } from "@/lib/registrations/status";
import type { PassHolder } from "./holder";
import { passQrSvg } from "./qr";
import { issueMemberPassToken, issuePassToken } from "./sign";

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export interface EntryPass {
  /** Tells one pass from another: the registration's id, and for a member's pass the member's id after it. */
  key: string;
  registrationId: string;
  token: string;
  event: { slug: string; name: string; startsAt: string | null; venue: string };
  /**
   * A person's name and Anwesha ID (a solo entrant, or the member whose own pass it is, with `team` their team's
   * name), or a team's name (the team's pass, shown as the main pass only to an organiser who is not on the team).
   */
  holder: PassHolder;
  /** For the team's captain (and organisers): the team's pass, which shows the roster at the door and admits the members not yet in. */
  teamView: TeamView | null;
  /** Its fee was 0: its holder can cancel it (lib/payments/cancel-free.ts) rather than ask for a refund. */
  free: boolean;
}

/** A pass as a page shows it: with its QR code as SVG (the mail and the PDF draw theirs as PNG, lib/passes/qr.ts). */
export type ShownPass = EntryPass & { qrSvg: string };

/** The passes with their QR codes drawn, for a page or the pass's JSON; drawn only where shown, as each costs CPU. */
export async function shownPasses(passes: EntryPass[]): Promise<ShownPass[]> {
  return Promise.all(passes.map(async (pass) => ({ ...pass, qrSvg: await passQrSvg(pass.token) })));
}

/** The captain's view of their team at the door: who is on it (the members enter on their own passes). */
export interface TeamView {
  name: string;
  roster: { name: string; anweshaId: string }[];
}

const WHY_NO_PASS: Record<Exclude<Registration["status"], "paid">, string> = {
  awaiting_payment: "This registration is not paid yet, so it has no entry pass.",
  refunded: "This registration was refunded, so its entry pass is no longer valid.",
  cancelled: "This registration was cancelled, so it has no entry pass.",
};

/**
 * The passes of these registrations that are still good (others have none) that this viewer gets (for a team, by
 * lib/registrations/holders.ts teamPassesFor), in the order the events happen. The caller has decided the viewer may
 * see the registrations; a solo one's pass is its entrant's, whoever looks.
 */
export async function passesOfRegistrations(db: Db, registrationIds: string[], viewer: Viewer): Promise<EntryPass[]> {
  if (!registrationIds.length) return [];
  const rows = await db
    .select({ r: registrations, event: events, team: teams, userName: users.name, anweshaId: users.anweshaId })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .leftJoin(teams, eq(teams.id, registrations.teamId))
    .leftJoin(users, eq(users.id, registrations.userId))
    .where(and(inArray(registrations.id, registrationIds), eq(registrations.status, "paid")))
    // In the order they happen, as at the festival (an event with no date yet last), then by name.
    .orderBy(sql`${events.startsAt} asc nulls last`, asc(events.name));
  const teamIds = rows.flatMap(({ team }) => (team ? [team.id] : []));
  const members = teamIds.length
    ? await db
        .select({ teamId: teamMembers.teamId, userId: users.id, name: users.name, anweshaId: users.anweshaId })
        .from(teamMembers)
        .innerJoin(users, eq(users.id, teamMembers.userId))
        .where(inArray(teamMembers.teamId, teamIds))
        .orderBy(asc(teamMembers.createdAt))
    : [];
  const passes = rows.map(({ r, event, team, userName, anweshaId }): EntryPass | null => {
    const base = {
      registrationId: r.id,
      event: { slug: event.slug, name: event.name, startsAt: event.startsAt?.toISOString() ?? null, venue: event.venue },
      free: r.feePaise === 0,
    };
    if (!team) {
      const token = issuePassToken(r);
      const holder = { kind: "user" as const, name: userName ?? "", anweshaId };
      return { ...base, key: r.id, token, holder, teamView: null };
    }
    const roster = members.filter((m) => m.teamId === team.id);
    const sees = teamPassesFor(viewer, { captainId: team.captainId, memberIds: roster.map((m) => m.userId) });
    const teamView = sees.roster ? teamViewOf(team.name, roster) : null;
    const me = sees.ownPass ? roster.find((m) => m.userId === viewer.id) : undefined;
    if (me) {
      const token = issueMemberPassToken(r, me.userId);
      const holder = { kind: "member" as const, name: me.name, anweshaId: me.anweshaId, team: team.name };
      return { ...base, key: `${r.id}:${me.userId}`, token, holder, teamView };
    }
    // Not on the roster: an organiser sees the team's pass as the pass itself.
    if (!sees.teamPass) return null;
    const token = issuePassToken(r);
    const holder = { kind: "team" as const, name: team.name, anweshaId: null };
    return { ...base, key: r.id, token, holder, teamView: null };
  });
  return passes.filter((p) => p !== null);
}

function teamViewOf(name: string, roster: { name: string; anweshaId: string }[]): TeamView {
  return { name, roster: roster.map((m) => ({ name: m.name, anweshaId: m.anweshaId })) };
}

/**
 * GET /api/registrations/{id}/pass: 404 unless the viewer holds it, 409 unless it is paid. The holder's own pass (and
 * a captain's team view): being an organiser as well adds nothing here.
 */
export async function passForViewer(db: Db, registrationId: string, viewerId: string): Promise<ShownPass> {
  const viewer: Viewer = { id: viewerId, role: "attendee" };
  if (!isUuid(registrationId)) throw notFound("No such registration.");
  const [r] = await db
    .select()
    .from(registrations)
    .where(and(eq(registrations.id, registrationId), holdsRegistration(viewer.id)))
    .limit(1);
  if (!r) throw notFound("No such registration.");
  if (!isPaid(r)) throw conflict(WHY_NO_PASS[r.status as Exclude<Registration["status"], "paid">]);
  const [pass] = await passesOfRegistrations(db, [r.id], viewer);
  // Refunded between the two reads: say so rather than hand out a pass.
  if (!pass) throw conflict(WHY_NO_PASS.refunded);
  const [shown] = await shownPasses([pass]);
  return shown!;
}

/**
 * The passes still good among the items of a payment its viewer may see, for its receipt page: built from the view
 * (lib/payments/view.ts paymentForViewer), so a teammate gets their own pass for the team and never the payer's
 * others.
 */
export async function passesOfPayment(
  db: Db,
  view: { items: readonly { status: string; registrationId: string }[] },
  viewer: Viewer,
): Promise<EntryPass[]> {
  return passesOfRegistrations(
    db,
    view.items.filter((i) => i.status === "success").map((i) => i.registrationId),
    viewer,
  );
}
