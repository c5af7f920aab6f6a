// An entrant's standing for one event, for the event page: the live registration, its latest payment (a successful
// one first), and the last ended registration (refunded or cancelled) when there is no live one.
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type PaymentStatus, paymentItems, payments, type Registration, registrations } from "@/db/schema";
import type { Entrant } from "./registrations";

export interface EntrantState {
  registration: Registration | null;
  /** The registration's latest attempt, as its item stands: what the words are made of (lib/payments/labels.ts). */
  latest: {
    merchTxnId: string;
    status: PaymentStatus;
    refundedPaise: number;
    /** The item's amount: what a success took for it, so a refund of all of it reads "Refunded". */
    paidPaise: number;
    gatewayStatusCode: string | null;
    gatewayMessage: string | null;
  } | null;
  ended: Registration | null;
}

export async function entrantState(db: Db, eventId: string, entrant: Entrant): Promise<EntrantState> {
  const rows = await db
    .select()
    .from(registrations)
    .where(
      and(
        eq(registrations.eventId, eventId),
        entrant.teamId
          ? eq(registrations.teamId, entrant.teamId)
          : and(eq(registrations.userId, entrant.userId!), isNull(registrations.teamId)),
      ),
    )
    .orderBy(desc(registrations.createdAt))
    .limit(5);
  const registration = rows.find((r) => r.status === "awaiting_payment" || r.status === "paid") ?? null;
  const ended = registration ? null : (rows[0] ?? null);
  const subject = registration ?? ended;
  let latest: EntrantState["latest"] = null;
  if (subject) {
    const [row] = await db
      .select({
        merchTxnId: payments.merchTxnId,
        status: paymentItems.status,
        refundedPaise: paymentItems.refundedPaise,
        paidPaise: paymentItems.amountPaise,
        gatewayStatusCode: payments.gatewayStatusCode,
        gatewayMessage: payments.gatewayMessage,
      })
      .from(paymentItems)
      .innerJoin(payments, eq(payments.id, paymentItems.paymentId))
      .where(inArray(paymentItems.registrationId, [subject.id]))
      .orderBy(desc(sql`${paymentItems.status} = 'success'`), desc(payments.createdAt))
      .limit(1);
    latest = row ?? null;
  }
  return { registration, latest, ended };
}
