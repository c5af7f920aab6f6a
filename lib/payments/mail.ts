// Mail that a payment's ending causes: a receipt for a success, a "payment failed" note with a retry link. Queued
// through the outbox (lib/mail) in the same statement or transaction that settles the payment, keyed by the cause
// ("receipt:<merchTxnId>"), so a duplicate return, a retry or a second instance never sends it twice and a crash
// never loses it. The outbox holds only a reference ("ref:payment:<merchTxnId>"): the mail's content is read from
// the payment when it is sent (paymentMailData), so the return path's one statement can queue it.
import { asc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { events, type Payment, paymentItems, payments, registrations, teams } from "@/db/schema";
import { insertJobsSql } from "@/lib/jobs/send";
import { enqueueReference, REFERENCE_PREFIX } from "@/lib/mail/outbox";
import type { PaymentFailedData, ReceiptData, TemplateName } from "@/lib/mail/templates/types";

const REF = "payment:";
type PaymentMail = "receipt" | "payment-failed";

const keyFor = (template: PaymentMail, merchTxnId: string) => `${template}:${merchTxnId}`;

/** The mail a payment's new status calls for, if any: the gateway's success or failure is news for the payer. */
export function paymentMailFor(status: Payment["status"]): PaymentMail | null {
  return status === "success" ? "receipt" : status === "failed" ? "payment-failed" : null;
}

/** Queues the mail for a payment that just moved to `p.status`, in the transaction that moved it. */
export async function enqueuePaymentMail(tx: Tx | Db, p: Pick<Payment, "merchTxnId" | "email" | "status">): Promise<boolean> {
  const template = paymentMailFor(p.status);
  if (!template) return false;
  return enqueueReference(tx, { key: keyFor(template, p.merchTxnId), to: p.email, template, ref: `${REF}${p.merchTxnId}` });
}

/**
 * SQL for the return path's statement: a receipt for each row of the CTE `paid` (payments just moved to success,
 * with merch_txn_id and email), and its delivery job. Must equal enqueuePaymentMail's rows (payments.test.ts).
 */
export function receiptMailSql(paid: string): { mail: ReturnType<typeof sql>; job: ReturnType<typeof sql> } {
  const from = sql.raw(`"${paid}"`);
  return {
    mail: sql`insert into outbox (key, template, recipient, payload)
      select 'receipt:' || merch_txn_id, 'receipt', lower(trim(email)), ${`${REFERENCE_PREFIX}${REF}`} || merch_txn_id from ${from}
      on conflict (key) do nothing
      returning id`,
    job: insertJobsSql("mail-send", sql`select id from "mail"`),
  };
}

/** MailDeps.resolve for payment mails: the receipt's or the failure note's data, read now from the payment. */
export async function paymentMailData(
  db: Db,
  appUrl: string,
  template: TemplateName,
  ref: string,
): Promise<ReceiptData | PaymentFailedData | null> {
  if (!ref.startsWith(REF) || (template !== "receipt" && template !== "payment-failed")) return null;
  const [p] = await db
    .select()
    .from(payments)
    .where(eq(payments.merchTxnId, ref.slice(REF.length)));
  if (!p) return null;
  const lines = await db
    .select({ eventName: events.name, eventSlug: events.slug, teamName: teams.name, amountPaise: paymentItems.amountPaise })
    .from(paymentItems)
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .innerJoin(events, eq(events.id, registrations.eventId))
    .leftJoin(teams, eq(teams.id, registrations.teamId))
    .where(eq(paymentItems.paymentId, p.id))
    .orderBy(asc(events.name));
  const paymentUrl = `${appUrl}/payments/${encodeURIComponent(p.merchTxnId)}`;
  const at = (p.settledAt ?? p.updatedAt).toISOString();
  if (template === "receipt") {
    return {
      name: p.name,
      anweshaId: p.anweshaId,
      merchTxnId: p.merchTxnId,
      atomTxnId: p.atomTxnId ?? "",
      bankTxnId: p.bankTxnId,
      subChannel: p.subChannel,
      paidAt: at,
      items: lines.map((l) => ({ label: l.teamName ? `${l.eventName}: team ${l.teamName}` : l.eventName, amountPaise: l.amountPaise })),
      surchargePaise: p.surchargePaise ?? 0,
      totalPaise: p.totalPaise ?? p.expectedPaise,
      paymentUrl,
    };
  }
  return {
    name: p.name,
    merchTxnId: p.merchTxnId,
    description: lines.map((l) => l.eventName).join(", "),
    amountPaise: p.expectedPaise,
    reason: p.gatewayMessage,
    failedAt: at,
    retryUrl: lines.length === 1 ? `${appUrl}/events/${lines[0]!.eventSlug}` : `${appUrl}/basket`,
  };
}
