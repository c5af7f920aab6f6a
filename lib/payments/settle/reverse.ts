// The move `reverse`: NDPS's AUTO REVERSAL, the bank gave the money back after the payment succeeded. The one move
// back, on the status API's word only (transitions.ts).
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { events, gatewayMessages, type Payment, paymentItems, payments, refunds, registrations } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { enqueueMail } from "@/lib/mail/outbox";
import { canTransition, REGISTRATION_MOVES, registrationSourcesOf } from "./transitions";
import type { GatewayVerdict, SettleResult, Verdict } from "./verdict";

/** NDPS's "AUTO REVERSAL" code. */
const REVERSAL_CODE = "OTS0001";

/**
 * A status-API answer saying the bank reversed the transaction we recorded as a success. Only OTS0001 counts (other
 * failure codes for a recorded success, e.g. "no data", are logged and left alone), and the answer must be about the
 * same gateway transaction when it names one.
 */
export function isReversal(v: Verdict, payment: Payment): boolean {
  return (
    v.kind === "gateway" &&
    v.statusCode.trim().toUpperCase() === REVERSAL_CODE &&
    canTransition(payment.status, "reversed", v.source === "status" ? "status-api" : "message") &&
    (!v.atomTxnId || !payment.atomTxnId || v.atomTxnId === payment.atomTxnId)
  );
}

/** The names of the events a payment pays for, for its mails. */
async function eventNamesOf(tx: Tx, paymentId: string): Promise<string[]> {
  const rows = await tx
    .select({ name: events.name })
    .from(paymentItems)
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .innerJoin(events, eq(events.id, registrations.eventId))
    .where(eq(paymentItems.paymentId, paymentId));
  return rows.map((r) => r.name);
}

/**
 * success → reversed, in one transaction with the payment's row locked: its paid items are reversed and their
 * registrations go back to awaiting payment (the seat is no longer taken; the person may pay again). A registration
 * already refunded in full has ended and stays refunded; a partly refunded one goes back to awaiting payment like
 * the rest (the bank returned the whole payment); its entry pass is revoked like a refunded one's. Refunds already
 * accepted or still in flight are not touched: the audit entry counts them, so an organiser can ask NDPS which money
 * reached the attendee. Written to the audit log (no actor: the bank did it) and to the gateway log entry of the
 * status answer that said so; the payer is mailed (payment-reversed) in the same transaction.
 */
export async function reverse(db: Db, merchTxnId: string, verdict: GatewayVerdict, now: Date, before: Payment): Promise<SettleResult> {
  const result = await db.transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.merchTxnId, merchTxnId)).for("update");
    if (!payment || !isReversal(verdict, payment)) return { payment: payment ?? before, changed: false };
    const items = await tx
      .update(paymentItems)
      .set({ status: "reversed", updatedAt: now })
      .where(and(eq(paymentItems.paymentId, payment.id), eq(paymentItems.status, "success")))
      .returning({
        registrationId: paymentItems.registrationId,
        amountPaise: paymentItems.amountPaise,
        refundedPaise: paymentItems.refundedPaise,
      });
    const reopened = items.length
      ? await tx
          .update(registrations)
          // paidAt stays: "was paid, no longer is" puts the registration on the door devices' revocation list.
          .set({ status: REGISTRATION_MOVES.reverse.to, heldUntil: null, updatedAt: now })
          .where(
            and(
              inArray(
                registrations.id,
                items.map((i) => i.registrationId),
              ),
              inArray(registrations.status, registrationSourcesOf("reverse")),
            ),
          )
          .returning({ id: registrations.id })
      : [];
    const [inFlight] = await tx
      .select({
        count: sql<number>`count(*)::integer`.mapWith(Number),
        paise: sql<number>`coalesce(sum(${refunds.amountPaise}), 0)::integer`.mapWith(Number),
      })
      .from(refunds)
      .where(and(eq(refunds.paymentId, payment.id), eq(refunds.status, "requested")));
    const [row] = await tx
      .update(payments)
      .set({
        status: "reversed",
        reversedAt: now,
        gatewayStatusCode: verdict.statusCode,
        gatewayMessage: verdict.message?.slice(0, 300) ?? "AUTO REVERSAL",
        lastCheckedAt: now,
        updatedAt: now,
      })
      .where(eq(payments.id, payment.id))
      .returning();
    // The payer hears of it in the same transaction (lib/mail outbox, once per payment).
    await enqueueMail(tx, {
      key: `payment-reversed:${payment.merchTxnId}`,
      to: payment.email,
      template: "payment-reversed",
      data: {
        name: payment.name,
        merchTxnId: payment.merchTxnId,
        atomTxnId: payment.atomTxnId,
        description: (await eventNamesOf(tx, payment.id)).join(", "),
        amountPaise: payment.totalPaise ?? payment.expectedPaise,
        reversedAt: now.toISOString(),
        paymentUrl: `${env().APP_URL}/payments/${encodeURIComponent(payment.merchTxnId)}`,
      },
    });
    await writeAudit(tx, {
      actorId: null,
      action: "payment.reversed",
      paymentId: payment.id,
      details: {
        statusCode: verdict.statusCode,
        atomTxnId: payment.atomTxnId,
        totalPaise: payment.totalPaise,
        reopenedRegistrations: reopened.map((r) => r.id),
        refundedPaise: payment.refundedPaise,
        refundsInFlight: inFlight?.count ?? 0,
        refundsInFlightPaise: inFlight?.paise ?? 0,
      },
    });
    // The status answer that said so was logged a moment ago (lib/payments/requery.ts): say what it did.
    const answer = tx
      .select({ id: gatewayMessages.id })
      .from(gatewayMessages)
      .where(and(eq(gatewayMessages.paymentId, payment.id), eq(gatewayMessages.kind, "status"), eq(gatewayMessages.direction, "inbound")))
      .orderBy(desc(gatewayMessages.id))
      .limit(1);
    await tx
      .update(gatewayMessages)
      .set({ outcome: sql`coalesce(${gatewayMessages.outcome} || ' ', '') || 'settled:success->reversed'` })
      .where(inArray(gatewayMessages.id, answer));
    return { payment: row!, changed: true };
  });
  if (result.changed) {
    log.warn({ merchTxnId, atomTxnId: result.payment.atomTxnId, code: verdict.statusCode }, "the bank reversed a successful payment");
  }
  return {
    payment: result.payment,
    changed: result.changed,
    from: result.changed ? "success" : result.payment.status,
    to: result.payment.status,
  };
}
