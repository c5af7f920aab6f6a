// One payment as its viewers see it: the owner, members of the paying team, and organisers. Anyone else
// gets "not found" (not "forbidden"), so merchTxnIds cannot be probed.
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, paymentItems, payments, registrations, teamMembers, teams } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/require-user";
import { isMerchTxnId } from "./merch-txn-id";

export async function paymentForViewer(db: Db, merchTxnId: string, viewer: Pick<CurrentUser, "id" | "role">) {
  if (!isMerchTxnId(merchTxnId)) return null;
  const [row] = await db
    .select({ p: payments, eventName: events.name, eventSlug: events.slug, teamName: teams.name })
    .from(payments)
    .innerJoin(events, eq(events.id, payments.eventId))
    .leftJoin(teams, eq(teams.id, payments.teamId))
    .where(eq(payments.merchTxnId, merchTxnId))
    .limit(1);
  if (!row) return null;
  const { p } = row;
  let allowed = viewer.role === "organiser" || p.userId === viewer.id;
  if (!allowed) {
    // A member of any team this payment pays for (a basket may pay for a team that is not its first item).
    const [member] = await db
      .select({ userId: teamMembers.userId })
      .from(paymentItems)
      .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
      .innerJoin(teamMembers, and(eq(teamMembers.teamId, registrations.teamId), eq(teamMembers.userId, viewer.id)))
      .where(eq(paymentItems.paymentId, p.id))
      .limit(1);
    allowed = !!member;
  }
  if (!allowed) return null;
  const items = await db
    .select({
      registrationId: paymentItems.registrationId,
      amountPaise: paymentItems.amountPaise,
      status: paymentItems.status,
      refundedPaise: paymentItems.refundedPaise,
      registrationStatus: registrations.status,
      eventSlug: events.slug,
      eventName: events.name,
    })
    .from(paymentItems)
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .innerJoin(events, eq(events.id, registrations.eventId))
    .where(eq(paymentItems.paymentId, p.id))
    .orderBy(asc(events.name));
  return {
    merchTxnId: p.merchTxnId,
    status: p.status,
    amountPaise: p.expectedPaise,
    paidPaise: p.status === "success" || p.status === "flagged" ? p.totalPaise : null,
    surchargePaise: p.surchargePaise,
    refundedPaise: p.refundedPaise,
    atompayTransactionId: p.atompayTransactionId,
    bankTransactionId: p.bankTransactionId,
    paymentMode: p.paymentMode,
    gatewayMessage: p.gatewayMessage,
    payer: { name: p.name, anweshaId: p.anweshaId, isViewer: p.userId === viewer.id },
    event: { slug: row.eventSlug, name: row.eventName, kind: p.eventType },
    team: p.teamId ? { id: p.teamId, name: row.teamName } : null,
    createdAt: p.createdAt.toISOString(),
    settledAt: p.settledAt?.toISOString() ?? null,
    /** Set when the bank reversed the payment after it succeeded (the status API said so). */
    reversedAt: p.reversedAt?.toISOString() ?? null,
    lastCheckedAt: p.lastCheckedAt?.toISOString() ?? null,
    /** What the payment pays, each with its registration's status (a refund can end one). */
    items,
  };
}
export type PaymentView = NonNullable<Awaited<ReturnType<typeof paymentForViewer>>>;
