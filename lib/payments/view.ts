// One payment as its viewer may see it (lib/payments/viewer.ts decides which items and which amounts): the payer
// and organisers see it whole, a member of a team it paid for sees that team's item. Anyone else gets "not found"
// (not "forbidden"), so merchTxnIds cannot be probed. The page, the JSON, the receipt PDF and the entry passes are
// all built from this view.
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, paymentItems, payments, refunds, registrations, teams } from "@/db/schema";
import type { Viewer } from "@/lib/registrations/holders";
import { paymentWords } from "./labels";
import { isMerchTxnId } from "./merch-txn-id";
import { amountsFor, itemVisibleTo, seesWholePayment } from "./viewer";

export async function paymentForViewer(db: Db, merchTxnId: string, viewer: Viewer) {
  if (!isMerchTxnId(merchTxnId)) return null;
  const [p] = await db.select().from(payments).where(eq(payments.merchTxnId, merchTxnId)).limit(1);
  if (!p) return null;
  const rows = await db
    .select({
      itemId: paymentItems.id,
      registrationId: paymentItems.registrationId,
      amountPaise: paymentItems.amountPaise,
      status: paymentItems.status,
      refundedPaise: paymentItems.refundedPaise,
      registrationStatus: registrations.status,
      eventSlug: events.slug,
      eventName: events.name,
      eventId: events.id,
      eventKind: events.kind,
      eventStartsAt: events.startsAt,
      eventVenue: events.venue,
      teamId: registrations.teamId,
      teamName: teams.name,
    })
    .from(paymentItems)
    .innerJoin(payments, eq(payments.id, paymentItems.paymentId))
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .innerJoin(events, eq(events.id, registrations.eventId))
    .leftJoin(teams, eq(teams.id, registrations.teamId))
    .where(and(eq(paymentItems.paymentId, p.id), itemVisibleTo(viewer)))
    .orderBy(asc(events.name));
  // Every payment has an item; none visible means this viewer may not see the payment at all. The payment names no
  // event itself (a basket pays several): where one is needed, it is the first visible item's.
  const main = rows[0];
  if (!main) return null;
  const withTeam = rows.find((r) => r.teamId);
  const whole = seesWholePayment(viewer, p);
  const items = rows.map(({ eventId: _e, itemId: _i, teamId, teamName, eventStartsAt, eventVenue, ...item }) => ({
    ...item,
    /** When and where the event is (India time is for the edges: lib/format.ts). */
    eventStartsAt: eventStartsAt?.toISOString() ?? null,
    eventVenue,
    team: teamId ? { id: teamId, name: teamName } : null,
  }));
  const amounts = amountsFor(whole, p, rows);
  // The refunds of the items this viewer sees (a teammate: their team's only), sent or on their way; a refund the
  // gateway refused moved no money and is not shown.
  const eventOfItem = new Map(rows.map((r) => [r.itemId, r.eventName]));
  const refundRows = await db
    .select({ itemId: refunds.itemId, amountPaise: refunds.amountPaise, reason: refunds.reason, at: refunds.createdAt })
    .from(refunds)
    .where(and(inArray(refunds.itemId, [...eventOfItem.keys()]), ne(refunds.status, "failed")))
    .orderBy(asc(refunds.createdAt));
  const { shownAs, offer } = paymentWords({ ...p, ...amounts });
  return {
    merchTxnId: p.merchTxnId,
    status: p.status,
    /** What every page shows it as and offers beside it (lib/payments/labels.ts paymentWords). */
    shownAs,
    offer,
    /** False for a teammate: only their team's items are shown, and the amounts are those items' alone. */
    wholePayment: whole,
    ...amounts,
    /** The gateway's last code: a pending payment with a "bank still deciding" code holds the attendee's money. */
    gatewayStatusCode: p.gatewayStatusCode,
    atomTxnId: p.atomTxnId,
    bankTxnId: p.bankTxnId,
    subChannel: p.subChannel,
    /** Taken at the desk (cash, or UPI with its UTR) rather than through AtomPay. */
    desk: p.method === "desk" && p.deskKind ? { kind: p.deskKind, utr: p.utr } : null,
    gatewayMessage: p.gatewayMessage,
    payer: { name: p.name, anweshaId: p.anweshaId, isViewer: p.userId === viewer.id },
    /** The first visible item's event (by name): a basket pays several, each named in `items`. */
    event: { slug: main.eventSlug, name: main.eventName, kind: main.eventKind },
    /** The first visible item's team that has one; each item carries its own. */
    team: withTeam?.teamId ? { id: withTeam.teamId, name: withTeam.teamName } : null,
    createdAt: p.createdAt.toISOString(),
    settledAt: p.settledAt?.toISOString() ?? null,
    /** Set when the bank reversed the payment after it succeeded (the status API said so). */
    reversedAt: p.reversedAt?.toISOString() ?? null,
    lastCheckedAt: p.lastCheckedAt?.toISOString() ?? null,
    /** What the payment pays that the viewer may see, each with its registration's status (a refund can end one). */
    items,
    /** Money sent back on those items: when, how much, for which event and the organisers' reason. */
    refunds: refundRows.map((r) => ({
      eventName: eventOfItem.get(r.itemId) ?? "",
      amountPaise: r.amountPaise,
      reason: r.reason,
      at: r.at.toISOString(),
    })),
  };
}
export type PaymentView = NonNullable<Awaited<ReturnType<typeof paymentForViewer>>>;
