// The moves that pay nobody: `fail`, `cancel`, `expire`, and `flag` for a success that does not match the attempt.
// The payment and its items move together in one statement, and the items' registrations give back their held
// seats (a success that still arrives later is decided like any late success: pay.ts).
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Payment, paymentItems, payments, registrations } from "@/db/schema";
import { enqueuePaymentMail, paymentMailFor } from "../mail";
import { PAYMENT_MOVES, type PaymentMoveName, sourcesOf } from "./transitions";

type Change = Partial<typeof payments.$inferInsert>;

export type EndMove = Extract<PaymentMoveName, "fail" | "cancel" | "expire" | "flag">;

/** With `mail`, the payer's mail (a failure note) is queued in the same transaction. */
export async function endPayment(
  db: Db,
  merchTxnId: string,
  change: Change,
  move: EndMove,
  now: Date,
  mail: boolean,
): Promise<Payment | undefined> {
  const to = PAYMENT_MOVES[move].to;
  if (mail && paymentMailFor(to)) {
    return db.transaction(async (tx) => {
      const row = await endPayment(tx as unknown as Db, merchTxnId, change, move, now, false);
      if (row) await enqueuePaymentMail(tx, row);
      return row;
    });
  }
  const sources = sourcesOf(move);
  const target = db.$with("target").as(
    db
      .select({ id: payments.id })
      .from(payments)
      .where(and(eq(payments.merchTxnId, merchTxnId), inArray(payments.status, sources))),
  );
  const items = db.$with("items").as(
    db
      .update(paymentItems)
      .set({ status: to, flagReason: to === "flagged" ? (change.flagReason ?? null) : null, updatedAt: now })
      .where(and(sql`${paymentItems.paymentId} in (select id from ${target})`, inArray(paymentItems.status, sources)))
      .returning({ registrationId: paymentItems.registrationId }),
  );
  const released = db.$with("released").as(
    db
      .update(registrations)
      .set({ heldUntil: null, updatedAt: now })
      .where(and(sql`${registrations.id} in (select registration_id from ${items})`, eq(registrations.status, "awaiting_payment")))
      .returning({ id: registrations.id }),
  );
  const [row] = await db
    .with(target, items, released)
    .update(payments)
    .set({ ...change, status: to, updatedAt: now })
    .where(and(sql`${payments.id} in (select id from ${target})`, inArray(payments.status, sources)))
    .returning();
  return row;
}
