// A registration's entry pass as its holder sees it: the solo entrant, or any member of the team. Anyone else gets
// "not found", so registration ids cannot be probed. Only an entered registration (status `paid`: paid for, or free
// and confirmed) has a pass.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, type Registration, registrations, teams, users } from "@/db/schema";
import { conflict, notFound } from "@/lib/errors";
import type { PaymentView } from "@/lib/payments/view";
import { holdsRegistration } from "@/lib/payments/viewer";
import { isPaid } from "@/lib/registrations/status";
import { passQrSvg } from "./qr";
import { issuePassToken } from "./sign";

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export interface EntryPass {
  registrationId: string;
  token: string;
  qrSvg: string;
  event: { slug: string; name: string; startsAt: string | null; venue: string };
  /** A person's name and Anwesha ID, or a team's name. */
  holder: { kind: "user" | "team"; name: string; anweshaId: string | null };
  /** Its fee was 0: its holder can cancel it (lib/payments/cancel-free.ts) rather than ask for a refund. */
  free: boolean;
}

const WHY_NO_PASS: Record<Exclude<Registration["status"], "paid">, string> = {
  awaiting_payment: "This registration is not paid yet, so it has no entry pass.",
  refunded: "This registration was refunded, so its entry pass is no longer valid.",
  cancelled: "This registration was cancelled, so it has no entry pass.",
};

/** The passes of these registrations that are still good (others have none), in the order the events happen. */
export async function passesOfRegistrations(db: Db, registrationIds: string[]): Promise<EntryPass[]> {
  if (!registrationIds.length) return [];
  const rows = await db
    .select({ r: registrations, event: events, teamName: teams.name, userName: users.name, anweshaId: users.anweshaId })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .leftJoin(teams, eq(teams.id, registrations.teamId))
    .leftJoin(users, eq(users.id, registrations.userId))
    .where(and(inArray(registrations.id, registrationIds), eq(registrations.status, "paid")))
    // In the order they happen, as at the festival (an event with no date yet last), then by name.
    .orderBy(sql`${events.startsAt} asc nulls last`, asc(events.name));
  return Promise.all(
    rows.map(async ({ r, event, teamName, userName, anweshaId }) => {
      const token = issuePassToken(r);
      return {
        registrationId: r.id,
        token,
        qrSvg: await passQrSvg(token),
        event: { slug: event.slug, name: event.name, startsAt: event.startsAt?.toISOString() ?? null, venue: event.venue },
        holder: r.teamId
          ? { kind: "team" as const, name: teamName ?? "Team", anweshaId: null }
          : { kind: "user" as const, name: userName ?? "", anweshaId },
        free: r.feePaise === 0,
      };
    }),
  );
}

/** GET /api/registrations/{id}/pass: 404 unless the viewer holds it, 409 unless it is paid. */
export async function passForViewer(db: Db, registrationId: string, viewerId: string): Promise<EntryPass> {
  if (!isUuid(registrationId)) throw notFound("No such registration.");
  const [r] = await db
    .select()
    .from(registrations)
    .where(and(eq(registrations.id, registrationId), holdsRegistration(viewerId)))
    .limit(1);
  if (!r) throw notFound("No such registration.");
  if (!isPaid(r)) throw conflict(WHY_NO_PASS[r.status as Exclude<Registration["status"], "paid">]);
  const [pass] = await passesOfRegistrations(db, [r.id]);
  // Refunded between the two reads: say so rather than hand out a pass.
  if (!pass) throw conflict(WHY_NO_PASS.refunded);
  return pass;
}

/**
 * The passes still good among the items of a payment its viewer may see, for its receipt page: built from the view
 * (lib/payments/view.ts paymentForViewer), so a teammate gets their team's pass and never the payer's others.
 */
export async function passesOfPayment(db: Db, view: Pick<PaymentView, "items">): Promise<EntryPass[]> {
  return passesOfRegistrations(
    db,
    view.items.filter((i) => i.status === "success").map((i) => i.registrationId),
  );
}
