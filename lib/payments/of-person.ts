// "My payments": the payments a person made, and the payments that paid a registration they hold (a teammate's
// team is paid by the captain, so it must show for them too). Newest first. What each shows them (items and
// amounts) follows the one viewer rule (lib/payments/viewer.ts), as the payment's own page does.
import { and, desc, eq, inArray, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, type PaymentStatus, paymentItems, payments, registrations, teams } from "@/db/schema";
import { holdsRegistration, type Viewer } from "@/lib/registrations/holders";
import { amountsFor, itemVisibleTo, seesWholePayment } from "./viewer";

export interface PersonPayment {
  merchTxnId: string;
  status: PaymentStatus;
  /** The payment's expected amount for the payer; for a teammate, their items' amounts alone. */
  expectedPaise: number;
  /** What the bank took (success or flagged), as the viewer may see it; null otherwise. */
  paidPaise: number | null;
  refundedPaise: number;
  /** The gateway's last code and message: with the status and refunds, what the words are made of (labels.ts). */
  gatewayStatusCode: string | null;
  gatewayMessage: string | null;
  createdAt: Date;
  settledAt: Date | null;
  payer: { name: string; anweshaId: string; isYou: boolean };
  /** The items the viewer may see: all of them for the payer, their teams' for a teammate. */
  items: { eventSlug: string; eventName: string; teamName: string | null; amountPaise: number }[];
}

export async function paymentsOfPerson(db: Db, viewer: Viewer, limit = 200): Promise<PersonPayment[]> {
  const held = db
    .select({ paymentId: paymentItems.paymentId })
    .from(paymentItems)
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .where(holdsRegistration(viewer.id));
  const rows = await db
    .select()
    .from(payments)
    .where(or(eq(payments.userId, viewer.id), inArray(payments.id, held)))
    .orderBy(desc(payments.createdAt))
    .limit(limit);
  if (!rows.length) return [];
  const items = await db
    .select({
      paymentId: paymentItems.paymentId,
      amountPaise: paymentItems.amountPaise,
      refundedPaise: paymentItems.refundedPaise,
      teamName: teams.name,
      eventSlug: events.slug,
      eventName: events.name,
    })
    .from(paymentItems)
    .innerJoin(payments, eq(payments.id, paymentItems.paymentId))
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .innerJoin(events, eq(events.id, registrations.eventId))
    .leftJoin(teams, eq(teams.id, registrations.teamId))
    .where(
      and(
        inArray(
          paymentItems.paymentId,
          rows.map((p) => p.id),
        ),
        itemVisibleTo(viewer),
      ),
    )
    .orderBy(events.name);
  return rows.map((p) => {
    const own = items.filter((i) => i.paymentId === p.id);
    const { amountPaise, paidPaise, refundedPaise } = amountsFor(seesWholePayment(viewer, p), p, own);
    return {
      merchTxnId: p.merchTxnId,
      status: p.status,
      expectedPaise: amountPaise,
      paidPaise,
      refundedPaise,
      gatewayStatusCode: p.gatewayStatusCode,
      gatewayMessage: p.gatewayMessage,
      createdAt: p.createdAt,
      settledAt: p.settledAt,
      payer: { name: p.name, anweshaId: p.anweshaId, isYou: p.userId === viewer.id },
      items: own.map(({ eventSlug, eventName, teamName, amountPaise }) => ({ eventSlug, eventName, teamName, amountPaise })),
    };
  });
}
