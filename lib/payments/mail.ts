// Mail that a payment's ending causes: a receipt for a success, a "payment failed" note with a retry link. Queued
// through the outbox (lib/mail) in the same statement or transaction that settles the payment, keyed by the cause
// ("receipt:<merchTxnId>"), so a duplicate return, a retry or a second instance never sends it twice and a crash
// never loses it. The outbox holds only a reference ("ref:payment:<merchTxnId>"): the mail's content is read from
// the payment when it is sent (paymentMailData), so the return path's one statement can queue it.
import { and, asc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { events, type Payment, paymentItems, payments, registrations, teamMembers, teams, users } from "@/db/schema";
import { passPageUrl } from "@/lib/calendar/pass-entry";
import { isUuid } from "@/lib/ids";
import { insertJobsSql } from "@/lib/jobs/send";
import { enqueueReference, REFERENCE_PREFIX } from "@/lib/mail/outbox";
import type { MailPass, PaymentFailedData, ReceiptData, TeamPaidData, TemplateName } from "@/lib/mail/templates/types";
import { holderLine } from "@/lib/passes/holder";
import { type EntryPass, passesOfPayment, passesOfRegistrations } from "@/lib/passes/pass";
import { paymentForViewer } from "./view";

const REF = "payment:";
/** A receipt asked for again by one of the payment's viewers: "receipt-for:<merchTxnId>:<userId>". */
const RECEIPT_FOR_REF = "receipt-for:";
/** "Your team is confirmed" for one member: "team-paid:<registrationId>:<userId>". */
const TEAM_PAID_REF = "team-paid:";
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
 * with merch_txn_id and email), a "your team is confirmed" mail for each member of a team it paid for (not the
 * payer: their receipt says so), and their delivery jobs. Must equal enqueuePaymentMail's and enqueueTeamPaidMail's
 * rows (payments.test.ts, team-mail.test.ts).
 */
export function receiptMailSql(paid: string): { mail: ReturnType<typeof sql>; job: ReturnType<typeof sql> } {
  const from = sql.raw(`"${paid}"`);
  return {
    mail: sql`insert into outbox (key, template, recipient, payload)
      select 'receipt:' || merch_txn_id, 'receipt', lower(trim(email)), ${`${REFERENCE_PREFIX}${REF}`} || merch_txn_id from ${from}
      union all
      select 'team-paid:' || r.id || ':' || u.id, 'team-paid', lower(trim(u.email)), ${`${REFERENCE_PREFIX}${TEAM_PAID_REF}`} || r.id || ':' || u.id
      from ${from} pd
      join payment_items it on it.payment_id = pd.id
      join registrations r on r.id = it.registration_id
      join team_members tm on tm.team_id = r.team_id
      join users u on u.id = tm.user_id
      where u.id <> pd.user_id and u.deleted_at is null
      on conflict (key) do nothing
      returning id`,
    job: insertJobsSql("mail-send", sql`select id from "mail"`),
  };
}

/**
 * Queues "your team is confirmed" for each member of these just-paid team registrations except the payer (the
 * careful path and an organiser's admission; the one statement does it in receiptMailSql). Keyed per registration
 * and member, so each member hears of it once whichever path paid it.
 */
export async function enqueueTeamPaidMail(tx: Tx | Db, registrationIds: string[], payerId: string): Promise<void> {
  if (!registrationIds.length) return;
  const members = await tx
    .select({ registrationId: registrations.id, userId: users.id, email: users.email })
    .from(registrations)
    .innerJoin(teamMembers, eq(teamMembers.teamId, registrations.teamId))
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(inArray(registrations.id, registrationIds), ne(users.id, payerId), isNull(users.deletedAt)));
  for (const m of members) {
    const id = `${m.registrationId}:${m.userId}`;
    await enqueueReference(tx, { key: `team-paid:${id}`, to: m.email, template: "team-paid", ref: `${TEAM_PAID_REF}${id}` });
  }
}

/** A viewer asks for their receipt again (lib/payments/receipt-again.ts): a new mail each time, to their address. */
export async function enqueueReceiptAgain(tx: Tx | Db, merchTxnId: string, viewer: { id: string; email: string }, now: Date) {
  return enqueueReference(tx, {
    key: `receipt-again:${merchTxnId}:${viewer.id}:${now.getTime()}`,
    to: viewer.email,
    template: "receipt",
    ref: `${RECEIPT_FOR_REF}${merchTxnId}:${viewer.id}`,
  });
}

/** MailDeps.resolve for payment mails: the data of a mail queued by reference, read now from the database. */
export async function paymentMailData(
  db: Db,
  appUrl: string,
  template: TemplateName,
  ref: string,
): Promise<ReceiptData | PaymentFailedData | TeamPaidData | null> {
  if (template === "team-paid" && ref.startsWith(TEAM_PAID_REF)) {
    const [registrationId, userId] = ref.slice(TEAM_PAID_REF.length).split(":");
    return teamPaidMailData(db, appUrl, registrationId ?? "", userId ?? "");
  }
  if (template === "receipt" && ref.startsWith(RECEIPT_FOR_REF)) {
    const [merchTxnId, userId] = ref.slice(RECEIPT_FOR_REF.length).split(":");
    return receiptFor(db, appUrl, merchTxnId ?? "", userId ?? "");
  }
  if (!ref.startsWith(REF) || (template !== "receipt" && template !== "payment-failed")) return null;
  const [p] = await db
    .select()
    .from(payments)
    .where(eq(payments.merchTxnId, ref.slice(REF.length)));
  if (!p) return null;
  if (template === "receipt") return receiptFor(db, appUrl, p.merchTxnId, p.userId, p);
  const lines = await db
    .select({ eventName: events.name, eventSlug: events.slug })
    .from(paymentItems)
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .innerJoin(events, eq(events.id, registrations.eventId))
    .where(eq(paymentItems.paymentId, p.id))
    .orderBy(asc(events.name));
  return {
    name: p.name,
    merchTxnId: p.merchTxnId,
    description: lines.map((l) => l.eventName).join(", "),
    amountPaise: p.expectedPaise,
    reason: p.gatewayMessage,
    failedAt: (p.settledAt ?? p.updatedAt).toISOString(),
    retryUrl: lines.length === 1 ? `${appUrl}/events/${lines[0]!.eventSlug}` : `${appUrl}/basket`,
  };
}

/**
 * The receipt as `userId` may see it (lib/payments/view.ts): the payer's is the whole payment, a teammate's only
 * their team's item, with the passes of what they see. Null when they may see none of it, or the account is deleted.
 */
async function receiptFor(db: Db, appUrl: string, merchTxnId: string, userId: string, payment?: Payment): Promise<ReceiptData | null> {
  if (!isUuid(userId)) return null;
  const [u] = await db.select().from(users).where(eq(users.id, userId));
  if (!u || u.deletedAt) return null;
  const view = await paymentForViewer(db, merchTxnId, { id: u.id, role: u.role });
  if (!view) return null;
  const paymentUrl = passPageUrl(appUrl, view.merchTxnId);
  const passes = await passesOfPayment(db, view, u);
  // The payer's own receipt greets them as the payment names them (what they paid with); anyone else by their account.
  const payer = payment && payment.userId === u.id;
  return {
    name: payer ? payment.name : u.name,
    anweshaId: payer ? payment.anweshaId : u.anweshaId,
    merchTxnId: view.merchTxnId,
    atomTxnId: view.atomTxnId ?? "",
    bankTxnId: view.bankTxnId,
    subChannel: view.subChannel,
    desk: view.desk,
    paidAt: view.settledAt ?? view.createdAt,
    items: view.items.map((i) => ({
      label: i.team ? `${i.eventName}: team ${i.team.name}` : i.eventName,
      amountPaise: i.amountPaise,
      startsAt: i.eventStartsAt,
      venue: i.eventVenue,
    })),
    surchargePaise: view.surchargePaise ?? 0,
    totalPaise: view.paidPaise ?? view.amountPaise,
    paymentUrl,
    passes: passes.sort(byStart).map((pass) => mailPass(pass, passPageUrl(appUrl, view.merchTxnId))),
  };
}

const byStart = (a: EntryPass, b: EntryPass) => (a.event.startsAt ?? "9999").localeCompare(b.event.startsAt ?? "9999");

function mailPass(pass: EntryPass, passUrl: string): MailPass {
  return {
    registrationId: pass.registrationId,
    eventName: pass.event.name,
    holder: holderLine(pass.holder),
    startsAt: pass.event.startsAt,
    venue: pass.event.venue,
    token: pass.token,
    passUrl,
  };
}

/** "Your team is confirmed" for one member: their own pass for the team, while the registration is still paid. */
async function teamPaidMailData(db: Db, appUrl: string, registrationId: string, userId: string): Promise<TeamPaidData | null> {
  if (!isUuid(registrationId) || !isUuid(userId)) return null;
  const [row] = await db
    .select({ member: users, teamName: teams.name, eventName: events.name, captainId: teams.captainId })
    .from(registrations)
    .innerJoin(teams, eq(teams.id, registrations.teamId))
    .innerJoin(events, eq(events.id, registrations.eventId))
    .innerJoin(teamMembers, and(eq(teamMembers.teamId, teams.id), eq(teamMembers.userId, userId)))
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(registrations.id, registrationId));
  if (!row || row.member.deletedAt) return null;
  const [pass] = await passesOfRegistrations(db, [registrationId], row.member);
  const [paid] = await db
    .select({ merchTxnId: payments.merchTxnId, captainName: payments.name })
    .from(paymentItems)
    .innerJoin(payments, eq(payments.id, paymentItems.paymentId))
    .where(and(eq(paymentItems.registrationId, registrationId), eq(paymentItems.status, "success")))
    .limit(1);
  // Refunded (or reversed) before the mail went: there is no confirmed team to announce.
  if (!pass || !paid) return null;
  return {
    name: row.member.name,
    teamName: row.teamName,
    eventName: row.eventName,
    captainName: paid.captainName,
    pass: mailPass(pass, passPageUrl(appUrl, paid.merchTxnId)),
  };
}
