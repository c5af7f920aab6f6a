// Mail that a payment's ending causes: a receipt for a success, a "payment failed" note with a retry link. Sent
// through the outbox (lib/mail), keyed by the cause ("receipt:<merchTxnId>"), so a duplicate return, a retry or a
// second instance never sends it twice.
//
// The settle statement itself stays one statement (the return path's speed depends on it), so the mail is queued
// just after it commits; if the process dies in between, `queueMissingPaymentMail` (run with every reconcile)
// queues whatever a recent settled payment is still owed. The mail is derived from the committed change, and the
// outbox key makes it exactly once either way.
import { and, asc, eq, gte, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Payment, events, outbox, paymentItems, payments, registrations, teams } from "@/db/schema";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { enqueueMail } from "@/lib/mail/outbox";
import { errSummary } from "@/lib/errors";

type Mailable = Pick<Payment, "id" | "merchTxnId" | "status" | "name" | "email" | "anweshaId" | "atompayTransactionId" | "bankTransactionId" | "paymentMode" | "surchargePaise" | "totalPaise" | "expectedPaise" | "settledAt" | "gatewayMessage">;

const keyFor = (p: Pick<Payment, "status" | "merchTxnId">) => (p.status === "success" ? `receipt:${p.merchTxnId}` : `payment-failed:${p.merchTxnId}`);

/** Queues the mail this payment's status calls for (success → receipt, failed → payment failed); else nothing. */
export async function queuePaymentMail(db: Db, p: Mailable): Promise<boolean> {
  if (p.status !== "success" && p.status !== "failed") return false;
  const lines = await db
    .select({ eventName: events.name, eventSlug: events.slug, teamName: teams.name, amountPaise: paymentItems.amountPaise })
    .from(paymentItems)
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .innerJoin(events, eq(events.id, registrations.eventId))
    .leftJoin(teams, eq(teams.id, registrations.teamId))
    .where(eq(paymentItems.paymentId, p.id))
    .orderBy(asc(events.name));
  const appUrl = env().APP_URL;
  const paymentUrl = `${appUrl}/payments/${encodeURIComponent(p.merchTxnId)}`;
  const at = (p.settledAt ?? new Date()).toISOString();
  return db.transaction((tx) =>
    p.status === "success"
      ? enqueueMail(tx, {
          key: keyFor(p),
          to: p.email,
          template: "receipt",
          data: {
            name: p.name,
            anweshaId: p.anweshaId,
            merchTxnId: p.merchTxnId,
            atomTxnId: p.atompayTransactionId ?? "",
            bankTxnId: p.bankTransactionId,
            paymentMode: p.paymentMode,
            paidAt: at,
            items: lines.map((l) => ({ label: l.teamName ? `${l.eventName}: team ${l.teamName}` : l.eventName, amountPaise: l.amountPaise })),
            surchargePaise: p.surchargePaise ?? 0,
            totalPaise: p.totalPaise ?? p.expectedPaise,
            paymentUrl,
          },
        })
      : enqueueMail(tx, {
          key: keyFor(p),
          to: p.email,
          template: "payment-failed",
          data: {
            name: p.name,
            merchTxnId: p.merchTxnId,
            description: lines.map((l) => l.eventName).join(", "),
            amountPaise: p.expectedPaise,
            reason: p.gatewayMessage,
            failedAt: at,
            retryUrl: lines.length === 1 ? `${appUrl}/events/${lines[0]!.eventSlug}` : `${appUrl}/basket`,
          },
        }),
  );
}

/** After a settle: queue its mail, never failing the settle for it (the sweep below catches up). */
export async function queuePaymentMailQuietly(db: Db, p: Mailable): Promise<void> {
  try {
    await queuePaymentMail(db, p);
  } catch (error) {
    log.warn({ merchTxnId: p.merchTxnId, err: errSummary(error) }, "payment mail not queued yet; the reconcile sweep will");
  }
}

/** Payments settled in the last `withinMs` whose mail is not in the outbox (a crash between settle and queueing). */
export async function queueMissingPaymentMail(db: Db, now = new Date(), withinMs = 24 * 3_600_000, limit = 100): Promise<number> {
  const since = new Date(now.getTime() - withinMs);
  const owed = await db
    .select()
    .from(payments)
    .where(
      and(
        inArray(payments.status, ["success", "failed"]),
        gte(payments.settledAt, since),
        // Only what the gateway decided (the attendee reached its page); a failed AUTH was told on the spot.
        isNotNull(payments.atomTokenId),
        sql`not exists (select 1 from ${outbox} o where o.key = case when ${payments.status} = 'success' then 'receipt:' else 'payment-failed:' end || ${payments.merchTxnId})`,
      ),
    )
    .limit(limit);
  let queued = 0;
  for (const p of owed) if (await queuePaymentMail(db, p)) queued++;
  return queued;
}
