// Everything about one attempt: the payment, its items with their events and teams, its refunds, and one timeline of what the
// gateway said (decrypted, secrets removed) and what organisers did.
import { asc, eq, inArray, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  events,
  gatewayMessages,
  type Payment,
  type PaymentExtraCharge,
  type PaymentItem,
  paymentExtraCharges,
  paymentItems,
  payments,
  type Refund,
  type RegistrationStatus,
  refunds,
  registrations,
  teamMembers,
  teams,
  users,
} from "@/db/schema";
import { redactMessage } from "@/lib/atompay";
import { type ConsoleScope, EVERY_EVENT, scopeCovers } from "@/lib/coordinators/access";
import { formatINR } from "@/lib/format";
import { PAYMENT_LABELS } from "@/lib/payments/labels";
import { isMerchTxnId } from "@/lib/payments/merch-txn-id";
import { itemRefundable, type RefundableView, refundable } from "@/lib/payments/refund";
import { type AuditView, auditOfPayment } from "./audit";

export interface TimelineEntry {
  key: string;
  at: Date;
  source: "payment" | "gateway" | "organiser";
  title: string;
  /** A short line under the title. */
  summary?: string;
  /** Structured detail (already free of secrets), shown folded. */
  data?: unknown;
}

export interface PaymentDetail {
  payment: Payment;
  /** What the payment pays: one item per registration (its event and team), each refunded on its own. */
  items: ItemDetail[];
  refunds: (Refund & { requestedByName: string | null })[];
  /** The payment's only item's refundable amount (null when it has several: see each item). */
  refundable: RefundableView | null;
  /** What can still be refunded, summed over the items that can be refunded (0: nothing is left on any). */
  refundLeftPaise: number;
  /** Further successful gateway transactions for this payment (possible double charges), oldest first. */
  extraCharges: PaymentExtraCharge[];
  timeline: TimelineEntry[];
}

export interface ItemDetail {
  item: PaymentItem;
  registration: { id: string; status: RegistrationStatus; eventSlug: string; eventName: string; eventKind: "solo" | "team" };
  /** The registration's team and its members, for a team event. */
  team: TeamDetail | null;
  /** Null when this item cannot be refunded (not paid, or paid for another amount). */
  refundable: RefundableView | null;
  /**
   * Said in place of the refund form when nothing is left to refund on this item: "on this payment" only when no
   * item of it has anything left (a basket's other items may still be refunded).
   */
  nothingLeft: string;
}

export interface TeamDetail {
  id: string;
  name: string;
  members: { name: string; anweshaId: string }[];
}

async function teamsOf(db: Db, teamIds: string[]): Promise<Map<string, TeamDetail>> {
  if (!teamIds.length) return new Map();
  const found = await db.select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.id, teamIds));
  const members = await db
    .select({ teamId: teamMembers.teamId, name: users.name, anweshaId: users.anweshaId })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(inArray(teamMembers.teamId, teamIds))
    .orderBy(asc(teamMembers.createdAt), asc(users.name));
  return new Map(
    found.map((t) => [
      t.id,
      { ...t, members: members.filter((m) => m.teamId === t.id).map(({ name, anweshaId }) => ({ name, anweshaId })) },
    ]),
  );
}

/**
 * The payment as `scope` may see it (an organiser: all of it). A coordinator sees a payment with an item for one of
 * their events, and only those items and their refunds (a basket's other events are not theirs); none: null (404).
 */
export async function paymentDetail(db: Db, merchTxnId: string, scope: ConsoleScope = EVERY_EVENT): Promise<PaymentDetail | null> {
  if (!isMerchTxnId(merchTxnId)) return null;
  const [payment] = await db.select().from(payments).where(eq(payments.merchTxnId, merchTxnId)).limit(1);
  if (!payment) return null;

  const refundRows = await db
    .select({ refund: refunds, requestedByName: users.name })
    .from(refunds)
    .leftJoin(users, eq(users.id, refunds.requestedBy))
    .where(eq(refunds.paymentId, payment.id))
    .orderBy(asc(refunds.createdAt));
  const messages = await db
    .select()
    .from(gatewayMessages)
    .where(or(eq(gatewayMessages.paymentId, payment.id), eq(gatewayMessages.merchTxnId, payment.merchTxnId)))
    .orderBy(asc(gatewayMessages.receivedAt), asc(gatewayMessages.id))
    .limit(500);
  const audit = await auditOfPayment(db, payment.id);
  const allItemRows = await db
    .select({
      item: paymentItems,
      registrationId: registrations.id,
      status: registrations.status,
      teamId: registrations.teamId,
      eventSlug: events.slug,
      eventName: events.name,
      eventKind: events.kind,
      eventId: events.id,
    })
    .from(paymentItems)
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .innerJoin(events, eq(events.id, registrations.eventId))
    .where(eq(paymentItems.paymentId, payment.id))
    .orderBy(asc(events.name));
  const itemRows = allItemRows.filter((r) => scopeCovers(scope, r.eventId));
  if (!itemRows.length) return null;
  const seen = new Set(itemRows.map((r) => r.item.id));
  const extraCharges = await db
    .select()
    .from(paymentExtraCharges)
    .where(eq(paymentExtraCharges.paymentId, payment.id))
    .orderBy(asc(paymentExtraCharges.receivedAt));
  const teamsById = await teamsOf(db, [...new Set(itemRows.map((r) => r.teamId).filter((id): id is string => id !== null))]);
  const canRefund = payment.atomTxnId != null && payment.totalPaise != null;
  const views = await Promise.all(
    itemRows.map((r) => (canRefund && itemRefundable(payment, r.item) ? refundable(db, payment, r.item, allItemRows.length === 1) : null)),
  );
  const refundLeftPaise = views.reduce((n, v) => n + (v?.remainingPaise ?? 0), 0);
  const nothingLeft = `Nothing is left to refund on this ${refundLeftPaise > 0 ? "item" : "payment"}.`;
  const items: ItemDetail[] = itemRows.map((r, i) => ({
    item: r.item,
    registration: { id: r.registrationId, status: r.status, eventSlug: r.eventSlug, eventName: r.eventName, eventKind: r.eventKind },
    team: r.teamId ? (teamsById.get(r.teamId) ?? null) : null,
    refundable: views[i] ?? null,
    nothingLeft,
  }));

  return {
    payment,
    items,
    refunds: refundRows.filter((r) => seen.has(r.refund.itemId)).map((r) => ({ ...r.refund, requestedByName: r.requestedByName })),
    refundable:
      allItemRows.length === 1 && items.length === 1
        ? (items[0]!.refundable ?? {
            totalPaise: payment.totalPaise ?? 0,
            refundedPaise: payment.refundedPaise,
            inFlightPaise: 0,
            remainingPaise: 0,
          })
        : null,
    refundLeftPaise,
    extraCharges,
    timeline: buildTimeline(payment, messages, audit),
  };
}

const KIND_LABEL: Record<string, string> = {
  auth: "AUTH (token request)",
  return: "return (browser)",
  callback: "callback (server to server)",
  status: "status API (TXNVERIFICATION)",
  refund: "refund (REFUNDINIT)",
  refund_status: "refund status (REFUNDSTATUS)",
};

const ACTION_LABEL: Record<string, string> = {
  recheck: "Re-checked with AtomPay",
  "refund.requested": "Refund requested",
  "refund.accepted": "Refund accepted by AtomPay",
  "refund.failed": "Refund refused",
  "refund.pending": "Refund not confirmed yet",
  "registration.admitted": "Admitted although the event was full",
  "refund.checked": "Refunds checked with AtomPay (REFUNDSTATUS)",
  "payment.reversed": "Reversed by the bank (AtomPay's status API said OTS0001)",
  "payment.possible_double_charge": "Possible double charge: a second successful AtomPay transaction",
};

function buildTimeline(payment: Payment, messages: (typeof gatewayMessages.$inferSelect)[], audit: AuditView[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    {
      key: "created",
      at: payment.createdAt,
      source: "payment",
      title: "Attempt started",
      summary: `fee ${formatINR(payment.expectedPaise)}`,
    },
  ];
  for (const m of messages) {
    const plain = m.plain == null ? undefined : redactMessage(m.plain);
    const parts = [
      m.outcome ? `outcome ${m.outcome}` : null,
      m.httpStatus ? `HTTP ${m.httpStatus}` : null,
      m.signatureValid === false ? "signature INVALID" : m.signatureValid ? "signature valid" : null,
    ];
    entries.push({
      key: `g${m.id}`,
      at: m.receivedAt,
      source: "gateway",
      title: `${m.direction === "outbound" ? "Sent to AtomPay" : "From AtomPay"}: ${KIND_LABEL[m.kind] ?? m.kind}`,
      summary: parts.filter(Boolean).join(" · ") || undefined,
      data: plain ?? (m.raw ? { encrypted: `${m.raw.length} hex characters (could not be read)` } : undefined),
    });
  }
  for (const a of audit) {
    // No actor: the app did it on the gateway's word (the reconciler, a requery, a message).
    const who = a.actorName ? `by ${a.actorName}${a.actorAnweshaId ? ` (${a.actorAnweshaId})` : ""}` : "automatically, on AtomPay's word";
    entries.push({
      key: `a${a.id}`,
      at: a.createdAt,
      source: a.actorName ? "organiser" : "payment",
      title: ACTION_LABEL[a.action] ?? a.action,
      summary: who,
      data: a.details ?? undefined,
    });
  }
  const sortAt = new Map<TimelineEntry, number>();
  if (payment.settledAt) {
    // A reversed payment was settled as a success first; its reversal is an entry of its own (the audit log's).
    const settledAs = payment.status === "reversed" ? "success" : payment.status;
    const code = payment.status === "reversed" ? undefined : payment.gatewayStatusCode;
    const settled: TimelineEntry = {
      key: "settled",
      at: payment.settledAt,
      source: "payment",
      title: `Settled as ${PAYMENT_LABELS[settledAs]}`,
      summary: code ? `gateway code ${code}` : undefined,
    };
    // settledAt is stamped when the deciding request started; the answer it was decided on is logged a moment
    // later. Show the settlement after that answer, so the timeline reads as cause, then effect.
    const t = payment.settledAt.getTime();
    const answer = messages.find((m) => m.direction === "inbound" && m.receivedAt.getTime() >= t && m.receivedAt.getTime() - t <= 30_000);
    if (answer) sortAt.set(settled, answer.receivedAt.getTime());
    entries.push(settled);
  }
  // Stable: by time, then gateway messages before payment milestones before organiser actions.
  const rank = { gateway: 0, payment: 1, organiser: 2 };
  const time = (e: TimelineEntry) => sortAt.get(e) ?? e.at.getTime();
  return entries
    .map((e, i) => ({ e, i }))
    .sort(
      (a, b) =>
        time(a.e) - time(b.e) ||
        (a.e.key === "created" ? -1 : b.e.key === "created" ? 1 : 0) ||
        rank[a.e.source] - rank[b.e.source] ||
        a.i - b.i,
    )
    .map(({ e }) => e);
}
