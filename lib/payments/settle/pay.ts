// The move `pay` (and `flag`, for what cannot be paid): a verified, bound success. Two paths, one rule
// (payable.ts): the one statement pays a payment whose every item is payable without counting seats; anything
// else takes the careful path, which locks the events and decides item by item.
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { perDatabase } from "@/db/prepared";
import { rowsOf } from "@/db/rows";
import { events, gatewayMessages, type Payment, paymentItems, payments, registrations, teams } from "@/db/schema";
import { codesOfRegistrations, codeUseFreeSql, lockCodes } from "@/lib/codes/uses";
import { seatFreeSql } from "@/lib/registrations/seats";
import { enqueuePaymentMail, enqueueTeamPaidMail, receiptMailSql } from "../mail";
import { COUNT_NOTHING, payableSql, rosterFitsSql, unpayableReason } from "./payable";
import { REGISTRATION_MOVES, registrationSourcesOf, sourcesOf } from "./transitions";

type Change = Partial<typeof payments.$inferInsert>;

/**
 * The parts of a verified, bound success that pay: the payment, its items and their registrations, with the receipt
 * and its delivery job, but only when every item is payable without counting seats (payable.ts) and `bound` holds for
 * the payment row. Otherwise nothing matches and nothing is written.
 */
function paySuccess(db: Db, bound?: SQL) {
  const p = (name: string) => sql.placeholder(name);
  const v = (name: string) => sql`${sql.placeholder(name)}`;
  const now = sql`${sql.placeholder("now")}::timestamptz`;
  const sources = sourcesOf("pay");
  const target = db.$with("target").as(
    db
      .select({ id: payments.id })
      .from(payments)
      .where(
        and(
          eq(payments.merchTxnId, p("merchTxnId")),
          inArray(payments.status, sources),
          bound,
          sql`not exists (
                select 1 from ${paymentItems} it
                join ${registrations} r on r.id = it.registration_id
                join ${events} e on e.id = r.event_id
                where it.payment_id = ${payments.id}
                  and not ${payableSql("r", "e", now, COUNT_NOTHING)})`,
        ),
      ),
  );
  const items = db.$with("items").as(
    db
      .update(paymentItems)
      .set({ status: "success", updatedAt: now })
      .where(and(sql`${paymentItems.paymentId} in (select id from ${target})`, inArray(paymentItems.status, sources)))
      .returning({ registrationId: paymentItems.registrationId }),
  );
  const regs = db.$with("regs").as(
    db
      .update(registrations)
      .set({ status: REGISTRATION_MOVES.pay.to, paidAt: now, heldUntil: null, updatedAt: now })
      .where(
        and(
          sql`${registrations.id} in (select registration_id from ${items})`,
          inArray(registrations.status, registrationSourcesOf("pay")),
        ),
      )
      .returning({ id: registrations.id }),
  );
  const paid = db.$with("paid").as(
    db
      .update(payments)
      .set({
        status: "success",
        flagReason: null,
        settledAt: now,
        updatedAt: now,
        gatewayStatusCode: v("statusCode"),
        gatewayMessage: v("message"),
        atomTxnId: v("atomTxnId"),
        bankTxnId: v("bankTxnId"),
        amountPaise: v("amountPaise"),
        surchargePaise: v("surchargePaise"),
        totalPaise: v("totalPaise"),
        subChannel: v("subChannel"),
        // Only the status API counts as "checked" (it rate-limits "check again").
        lastCheckedAt: sql`coalesce(${sql.placeholder("checkedAt")}::timestamptz, ${payments.lastCheckedAt})`,
      })
      .where(and(sql`${payments.id} in (select id from ${target})`, inArray(payments.status, sources)))
      .returning(),
  );
  // The receipt and its delivery job, in this same statement (lib/payments/mail.ts).
  const receipt = receiptMailSql("paid");
  const mail = db.$with("mail", { id: sql<string>`id`.as("id") }).as(receipt.mail);
  const job = db.$with("job", { id: sql<string>`id`.as("id") }).as(receipt.job);
  return { ctes: [target, items, regs, paid, mail, job] as const, paid };
}

function build(db: Db) {
  const p = (name: string) => sql.placeholder(name);
  return {
    // A verified, bound success (index.ts): ONE statement pays (paySuccess) and notes the outcome on the message's
    // log entry. Otherwise nothing matches (and nothing is written) and the careful path decides.
    settleToSuccess: (() => {
      const { ctes, paid } = paySuccess(db);
      // The gateway log entry of the message that caused it, when there is one (logId null matches nothing).
      const noted = db.$with("noted", { id: sql<number>`id`.as("id") }).as(
        sql`update ${gatewayMessages} set outcome = ${p("outcome")}, plain = ${p("plain")}::jsonb, signature_valid = true,
          merch_txn_id = ${p("merchTxnId")}, payment_id = (select id from "paid")
          where id = ${p("logId")}::bigint and exists (select 1 from "paid") returning id`,
      );
      return db
        .with(...ctes, noted)
        .select()
        .from(paid)
        .prepare("anw_settle_success");
    })(),
    // The browser's return or the callback with a verified success, when its amount and currency are the payment's:
    // ONE statement records the message, pays (as above) and writes the log entry already annotated. When nothing
    // is paid (a duplicate, another amount, an unknown attempt, an item that cannot simply be paid), the raw message
    // is recorded and the attempt returned for the careful path, as lib/payments/statements.ts's
    // recordInboundAndFindAttempt does.
    recordAndSettleSuccess: (() => {
      const { ctes } = paySuccess(
        db,
        and(
          eq(payments.expectedPaise, sql`${p("amountPaise")}::integer`),
          sql`(${p("currency")}::text = '' or ${payments.currency} = ${p("currency")}::text)`,
        ),
      );
      const logged = db.$with("logged", { logId: sql<number>`log_id`.as("log_id") }).as(
        sql`insert into ${gatewayMessages} (direction, kind, raw, merch_txn_id, payment_id, plain, signature_valid, outcome)
          select 'inbound', ${p("kind")}::message_kind, ${p("raw")}, paid.merch_txn_id, paid.id,
            case when paid.id is null then null else ${p("plain")}::jsonb end,
            case when paid.id is null then null else true end,
            case when paid.id is null then null
              else 'settled:' || (select status::text from ${payments} where merch_txn_id = ${p("merchTxnId")}) || '->success' end
          from (select 1) one left join "paid" on true
          returning id as log_id`,
      );
      return db
        .with(...ctes, logged)
        .select({ logId: logged.logId, settled: sql<boolean>`exists (select 1 from "paid")`, payment: payments })
        .from(logged)
        .leftJoin(payments, eq(payments.merchTxnId, p("merchTxnId")))
        .prepare("anw_record_and_settle_success");
    })(),
  };
}

/** The one-statement path's prepared statements, built once per database handle. */
export const payStatements = perDatabase(build);

/**
 * A success whose items cannot all be paid without counting seats, decided in one transaction with the events and
 * registrations locked (events first, in id order, as when seats are held, so the two never deadlock). Each item is
 * paid when payable.ts says so, now that a seat may be counted; otherwise it is flagged for an organiser to admit or
 * refund. The payment is `success` when every item was paid, `flagged` otherwise.
 */
export async function payItemByItem(db: Db, merchTxnId: string, change: Change, now: Date): Promise<Payment | undefined> {
  return db.transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.merchTxnId, merchTxnId)).for("update");
    if (!payment || !sourcesOf("pay").includes(payment.status)) return undefined;
    const lines = await tx
      .select({ item: paymentItems, eventId: registrations.eventId, teamId: registrations.teamId, eventName: events.name })
      .from(paymentItems)
      .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
      .innerJoin(events, eq(events.id, registrations.eventId))
      .where(eq(paymentItems.paymentId, payment.id));
    const eventIds = [...new Set(lines.map((l) => l.eventId))].sort();
    if (eventIds.length)
      await tx.select({ id: events.id }).from(events).where(inArray(events.id, eventIds)).orderBy(asc(events.id)).for("no key update");
    // Teams next, as a start takes them (lib/teams/roster.ts), so a member cannot leave while the roster is counted.
    const teamIds = [...new Set(lines.flatMap((l) => (l.teamId ? [l.teamId] : [])))].sort();
    if (teamIds.length)
      await tx.select({ id: teams.id }).from(teams).where(inArray(teams.id, teamIds)).orderBy(asc(teams.id)).for("update");
    // Then the codes whose uses are counted, as a start takes them (after the teams).
    await lockCodes(
      tx,
      await codesOfRegistrations(
        tx,
        lines.map((l) => l.item.registrationId),
      ),
    );
    await tx
      .select({ id: registrations.id })
      .from(registrations)
      .where(
        inArray(
          registrations.id,
          lines.map((l) => l.item.registrationId),
        ),
      )
      .for("update");
    const at = sql`${now.toISOString()}::timestamptz`;
    const reasons: string[] = [];
    const paidNow: string[] = [];
    for (const { item, eventName } of lines) {
      // Asked per item, in order, so an item paid a moment ago in this loop already takes its seat.
      const codeUseFree = codeUseFreeSql("r", now);
      const [decision] = await rowsOf<{ payable: boolean; status: string; fits: boolean; code_free: boolean }>(
        tx,
        sql`
        select ${payableSql("r", "e", at, { seatFree: seatFreeSql("r", "e", now), codeUseFree })} as payable, r.status,
          ${rosterFitsSql("r", "e")} as fits, (r.code_id is null or coalesce(r.held_until >= ${at}, false) or ${codeUseFree}) as code_free
        from ${registrations} r join ${events} e on e.id = r.event_id
        where r.id = ${item.registrationId}`,
      );
      if (decision?.payable) {
        await tx.update(paymentItems).set({ status: "success", flagReason: null, updatedAt: now }).where(eq(paymentItems.id, item.id));
        await tx
          .update(registrations)
          .set({ status: REGISTRATION_MOVES.pay.to, paidAt: now, heldUntil: null, updatedAt: now })
          .where(and(eq(registrations.id, item.registrationId), inArray(registrations.status, registrationSourcesOf("pay"))));
        paidNow.push(item.registrationId);
      } else {
        const flag = unpayableReason(decision?.status ?? "missing", decision?.fits ?? true, decision?.code_free ?? true);
        reasons.push(`${eventName}: ${flag}`);
        await tx.update(paymentItems).set({ status: "flagged", flagReason: flag, updatedAt: now }).where(eq(paymentItems.id, item.id));
      }
    }
    const status = reasons.length ? "flagged" : "success";
    const [row] = await tx
      .update(payments)
      .set({ ...change, status, flagReason: reasons.length ? reasons.join("; ").slice(0, 500) : null, updatedAt: now })
      .where(eq(payments.id, payment.id))
      .returning();
    if (row) await enqueuePaymentMail(tx, row); // a receipt when every item was paid; nothing when flagged
    await enqueueTeamPaidMail(tx, paidNow, payment.userId); // the teams that are in, even when another item is flagged
    return row;
  });
}
