// The move `admit`: an organiser pays a flagged item on purpose (money arrived for a registration that could not
// simply be paid: its seat's hold ran out and the event filled up), over capacity if need be; the alternative is a
// refund. Only an item none of whose money went back or is on its way back may be admitted: admitting money that
// was refunded would give a pass for nothing. One transaction, the payment's row locked, audited.
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { paymentItems, payments, refunds, registrations } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { conflict, notFound } from "@/lib/errors";
import { lockRosterToAdmit } from "@/lib/rosters/lock";
import { PaymentNotFoundError } from "../errors";
import { enqueueTeamPaidMail } from "../mail";
import { isMerchTxnId } from "../merch-txn-id";
import { REGISTRATION_MOVES, registrationSourcesOf, sourcesOf } from "./transitions";

export const admitSchema = z.object({ registrationId: z.uuid("registrationId must be a registration's id.") });

export async function admitFlaggedItem(db: Db, actor: { id: string }, merchTxnId: string, registrationId: string, now = new Date()) {
  if (!isMerchTxnId(merchTxnId)) throw new PaymentNotFoundError(merchTxnId);
  return db.transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.merchTxnId, merchTxnId)).for("update");
    if (!payment) throw new PaymentNotFoundError(merchTxnId);
    // A team's row is locked before its registration's, the order a start takes them in.
    const [team] = await tx.select({ teamId: registrations.teamId }).from(registrations).where(eq(registrations.id, registrationId));
    const teamMisfit = team?.teamId ? await lockRosterToAdmit(tx, team.teamId) : null;
    const [row] = await tx
      .select({ item: paymentItems, registration: registrations })
      .from(paymentItems)
      .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
      .where(and(eq(paymentItems.paymentId, payment.id), eq(paymentItems.registrationId, registrationId)))
      .for("update");
    if (!row) throw notFound("This payment does not pay for that registration.");
    const { item, registration } = row;
    if (item.status !== "flagged") throw conflict("Only a flagged item can be admitted.");
    if (payment.amountPaise !== payment.expectedPaise)
      throw conflict("AtomPay reported a different amount for this payment: check it with AtomPay first.");
    const [refunding] = await tx
      .select({ n: sql<number>`count(*)::integer`.mapWith(Number) })
      .from(refunds)
      .where(and(eq(refunds.itemId, item.id), inArray(refunds.status, ["requested", "accepted"])));
    if (item.refundedPaise > 0 || (refunding?.n ?? 0) > 0) {
      throw conflict("Money for this item was refunded or is being refunded: it cannot be admitted.");
    }
    if (!registrationSourcesOf("pay").includes(registration.status)) {
      throw conflict(`This registration is ${registration.status.replace("_", " ")}: refund this payment instead.`);
    }
    if (teamMisfit) throw conflict(teamMisfit);
    await tx.update(paymentItems).set({ status: "success", flagReason: null, updatedAt: now }).where(eq(paymentItems.id, item.id));
    await tx
      .update(registrations)
      .set({ status: REGISTRATION_MOVES.pay.to, paidAt: now, heldUntil: null, updatedAt: now })
      .where(eq(registrations.id, registration.id));
    const stillFlagged = await tx
      .select({ id: paymentItems.id })
      .from(paymentItems)
      .where(and(eq(paymentItems.paymentId, payment.id), eq(paymentItems.status, "flagged")));
    if (!stillFlagged.length) {
      // Nothing left for an organiser to decide: the payment counts as collected like any success (the move
      // `admit` of transitions.ts, an organiser's word).
      await tx
        .update(payments)
        .set({ status: "success", flagReason: null, updatedAt: now })
        .where(and(eq(payments.id, payment.id), inArray(payments.status, sourcesOf("admit"))));
    }
    await enqueueTeamPaidMail(tx, [registration.id], payment.userId);
    await writeAudit(tx, {
      actorId: actor.id,
      action: "registration.admitted",
      paymentId: payment.id,
      registrationId,
      details: { flagReason: item.flagReason },
    });
    return { registrationId, status: REGISTRATION_MOVES.pay.to };
  });
}
