// The move `payAtDesk` (transitions.ts): money taken in person at the festival's desk, cash or UPI with its UTR. The
// payment is recorded and paid in one transaction, so no desk payment is ever seen pending: nothing of it reaches
// the gateway, the reconciler or the status sweeps. Its registration moves by `pay`, as a gateway success's does.
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  type DeskKind,
  type Event,
  type EventPrice,
  type Payment,
  paymentItems,
  payments,
  type Registration,
  registrations,
} from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/require-user";
import { enqueuePaymentMail } from "../mail";
import { newMerchTxnId } from "../merch-txn-id";
import { PAYMENT_MOVES, REGISTRATION_MOVES, registrationSourcesOf, sourcesOf } from "./transitions";

export interface DeskTake {
  event: Pick<Event, "id">;
  price: Pick<EventPrice, "key" | "label" | "feePaise">;
  code: { id: string } | null;
  discountPaise: number;
  /** The person's live registration awaiting payment (answers given online, say), or null to make one. */
  registration: Pick<Registration, "id"> | null;
  kind: DeskKind;
  /** A UPI payment's UTR (12 digits); null for cash. */
  utr: string | null;
  /** Who took the money. */
  recordedBy: string;
}

/** Thrown inside the transaction when the registration moved meanwhile (paid online, a payment started): nothing is kept. */
export class DeskRaced extends Error {}

/**
 * Records and pays a desk payment for `payer`, in the caller's transaction (which has locked the event and counted
 * its seats and the code's uses, as a start does). A reused UTR breaks payments_utr_uq and a second live
 * registration breaks registrations_solo_live_uq: the caller says which.
 */
export async function payAtDesk(
  tx: Tx,
  payer: CurrentUser,
  take: DeskTake,
  now: Date,
): Promise<{ payment: Payment; registration: Registration }> {
  const feePaise = take.price.feePaise - take.discountPaise;
  if (feePaise <= 0) throw new Error("payAtDesk: a free registration takes no money (confirmFreeRegistrations)");
  const pricing = {
    feePaise,
    priceKey: take.price.key,
    priceLabel: take.price.label,
    codeId: take.code?.id ?? null,
    discountPaise: take.discountPaise,
  };
  let registrationId: string;
  if (take.registration) {
    // Priced as the desk priced it; only while it awaits payment with no payment in flight for it.
    const [held] = await tx
      .update(registrations)
      .set({ ...pricing, heldUntil: null, updatedAt: now })
      .where(
        and(
          eq(registrations.id, take.registration.id),
          eq(registrations.status, "awaiting_payment"),
          sql`not exists (select 1 from payment_items i where i.registration_id = ${registrations.id} and i.status = 'pending')`,
        ),
      )
      .returning({ id: registrations.id });
    if (!held) throw new DeskRaced();
    registrationId = held.id;
  } else {
    registrationId = randomUUID();
    await tx
      .insert(registrations)
      .values({ id: registrationId, eventId: take.event.id, userId: payer.id, ...pricing, createdAt: now, updatedAt: now });
  }
  const [made] = await tx
    .insert(payments)
    .values({
      merchTxnId: newMerchTxnId(now.getTime()),
      userId: payer.id,
      anweshaId: payer.anweshaId,
      email: payer.email,
      name: payer.name,
      phone: payer.phone,
      expectedPaise: feePaise,
      method: "desk",
      deskKind: take.kind,
      utr: take.utr,
      recordedBy: take.recordedBy,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: payments.id });
  await tx.insert(paymentItems).values({ paymentId: made!.id, registrationId, amountPaise: feePaise, createdAt: now, updatedAt: now });

  const move = PAYMENT_MOVES.payAtDesk;
  const [paid] = await tx
    .update(payments)
    .set({
      status: move.to,
      amountPaise: feePaise,
      surchargePaise: 0,
      totalPaise: feePaise,
      settledAt: now,
      updatedAt: now,
      // Nothing to re-verify with AtomPay: the success leaves the re-verification index at once.
      reverifyDoneAt: now,
    })
    .where(and(eq(payments.id, made!.id), inArray(payments.status, sourcesOf("payAtDesk"))))
    .returning();
  await tx
    .update(paymentItems)
    .set({ status: move.to, updatedAt: now })
    .where(and(eq(paymentItems.paymentId, made!.id), inArray(paymentItems.status, sourcesOf("payAtDesk"))));
  const [registration] = await tx
    .update(registrations)
    .set({ status: REGISTRATION_MOVES.pay.to, paidAt: now, heldUntil: null, updatedAt: now })
    .where(and(eq(registrations.id, registrationId), inArray(registrations.status, registrationSourcesOf("pay"))))
    .returning();
  if (!paid || !registration) throw new DeskRaced();
  // The receipt with the pass, as for a gateway success (lib/payments/mail.ts).
  await enqueuePaymentMail(tx, paid);
  return { payment: paid, registration };
}
