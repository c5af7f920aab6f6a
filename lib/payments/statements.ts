// Prepared statements for the return path, built once per database handle. Drizzle's query builder costs
// ~0.6 ms of CPU per call for a 28-column row; a prepared statement skips it (see bench/RESULTS.md).
import { and, eq, getTableColumns, inArray, isNull, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { perDatabase } from "@/db/prepared";
import { events, gatewayMessages, paymentItems, paymentStatus, payments, registrations } from "@/db/schema";
import { receiptMailSql } from "./mail";
import { canTransition } from "./transitions";

/** The user's live solo registration (joined on its event). */
const soloRegistrationOf = (userId: SQLWrapper) =>
  and(
    eq(registrations.userId, userId as unknown as string), // a placeholder, typed as the column
    isNull(registrations.teamId),
    inArray(registrations.status, ["awaiting_payment", "paid"]),
  );

/**
 * The parts of a verified, bound success that pay: the payment, its items and their registrations, with the receipt
 * and its delivery job, but only when every item's registration is awaiting payment and its seat is still held (or
 * the event has no capacity), and `bound` holds for the payment row. Otherwise nothing matches and nothing is written.
 */
function paySuccess(db: Db, bound?: SQL) {
  const p = (name: string) => sql.placeholder(name);
  const v = (name: string) => sql`${sql.placeholder(name)}`;
  const ts = (name: string) => sql`${sql.placeholder(name)}::timestamptz`;
  const now = ts("now");
  const sources = paymentStatus.enumValues.filter((from) => canTransition(from, "success"));
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
                  and not (r.status = 'awaiting_payment' and (e.capacity is null or r.held_until >= ${now})))`,
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
      .set({ status: "paid", paidAt: now, heldUntil: null, updatedAt: now })
      .where(and(sql`${registrations.id} in (select registration_id from ${items})`, eq(registrations.status, "awaiting_payment")))
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
        atompayTransactionId: v("atomTxnId"),
        bankTransactionId: v("bankTxnId"),
        amountPaise: v("amountPaise"),
        surchargePaise: v("surchargePaise"),
        totalPaise: v("totalPaise"),
        paymentMode: v("subChannel"),
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
  // In SET clauses a placeholder must be wrapped in SQL; JSON travels as text, cast here.
  const v = (name: string) => sql`${sql.placeholder(name)}`;
  return {
    attemptByTxn: db
      .select()
      .from(payments)
      .where(eq(payments.merchTxnId, p("merchTxnId")))
      .limit(1)
      .prepare("anw_attempt_by_txn"),
    recordInboundAndFindAttempt: (() => {
      const logged = db.$with("logged").as(
        db
          .insert(gatewayMessages)
          .values({ direction: "inbound", kind: sql`${sql.placeholder("kind")}::message_kind`, raw: sql`${sql.placeholder("raw")}` })
          .returning({ id: gatewayMessages.id }),
      );
      return db
        .with(logged)
        .select({ logId: logged.id, payment: payments })
        .from(logged)
        .leftJoin(payments, eq(payments.merchTxnId, p("merchTxnId")))
        .prepare("anw_record_inbound_and_find_attempt");
    })(),
    annotateInbound: db
      .update(gatewayMessages)
      .set({
        outcome: v("outcome"),
        merchTxnId: v("merchTxnId"),
        paymentId: v("paymentId"),
        plain: sql`${sql.placeholder("plain")}::jsonb`,
        signatureValid: v("signatureValid"),
      })
      .where(eq(gatewayMessages.id, p("id")))
      .prepare("anw_annotate_inbound"),
    // A verified, bound success (settle.ts): ONE statement pays (paySuccess) and notes the outcome on the message's
    // log entry. Otherwise nothing matches (and nothing is written) and settle.ts takes the careful path.
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
    // is paid (a duplicate, another amount, an unknown attempt, an item that cannot simply be paid), it is the same
    // as recordInboundAndFindAttempt: the raw message is recorded and the attempt returned for the careful path.
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
    // Starting a payment (the registration rush).
    // The event and, for a solo event, the user's live registration for it: one round trip per basket line.
    eventWithSoloRegistration: db
      .select({ event: events, registration: registrations })
      .from(events)
      .leftJoin(registrations, and(eq(registrations.eventId, events.id), soloRegistrationOf(p("userId"))))
      .where(eq(events.slug, p("slug")))
      .limit(1)
      .prepare("anw_event_with_solo_registration"),
    pendingPaymentOf: db
      .select(getTableColumns(payments))
      .from(paymentItems)
      .innerJoin(payments, eq(payments.id, paymentItems.paymentId))
      .where(and(eq(paymentItems.registrationId, p("registrationId")), eq(paymentItems.status, "pending")))
      .limit(1)
      .prepare("anw_pending_payment_of"),
    paidPaymentOf: db
      .select({ merchTxnId: payments.merchTxnId })
      .from(paymentItems)
      .innerJoin(payments, eq(payments.id, paymentItems.paymentId))
      .where(and(eq(paymentItems.registrationId, p("registrationId")), eq(paymentItems.status, "success")))
      .limit(1)
      .prepare("anw_paid_payment_of"),
    setToken: db
      .update(payments)
      .set({ atomTokenId: v("atomTokenId") })
      .where(eq(payments.id, p("id")))
      .returning()
      .prepare("anw_set_token"),
    // A token issued: the AUTH exchange's two log entries and the token on the payment, in one statement.
    logAuthAndSetToken: (() => {
      const logged = db.$with("logged").as(
        db
          .insert(gatewayMessages)
          .values([
            {
              direction: "outbound",
              kind: "auth",
              merchTxnId: p("merchTxnId"),
              paymentId: p("paymentId"),
              raw: null,
              plain: sql`${sql.placeholder("outPlain")}::jsonb`,
              outcome: "sent",
            },
            {
              direction: "inbound",
              kind: "auth",
              merchTxnId: p("merchTxnId"),
              paymentId: p("paymentId"),
              raw: p("inRaw"),
              plain: sql`${sql.placeholder("inPlain")}::jsonb`,
              httpStatus: p("httpStatus"),
              outcome: "token-issued",
            },
          ])
          .returning({ id: gatewayMessages.id }),
      );
      return db
        .with(logged)
        .update(payments)
        .set({ atomTokenId: v("atomTokenId") })
        .where(eq(payments.id, p("paymentId")))
        .returning()
        .prepare("anw_log_auth_set_token");
    })(),
    logExchangePair: db
      .insert(gatewayMessages)
      .values([
        {
          direction: "outbound",
          kind: p("kind"),
          merchTxnId: p("merchTxnId"),
          paymentId: p("paymentId"),
          raw: p("outRaw"),
          plain: sql`${sql.placeholder("outPlain")}::jsonb`,
          outcome: "sent",
        },
        {
          direction: "inbound",
          kind: p("kind"),
          merchTxnId: p("merchTxnId"),
          paymentId: p("paymentId"),
          raw: p("inRaw"),
          plain: sql`${sql.placeholder("inPlain")}::jsonb`,
          httpStatus: p("httpStatus"),
          outcome: p("outcome"),
        },
      ])
      .prepare("anw_log_exchange_pair"),
  };
}

export const statements = perDatabase(build);

/**
 * The events of a basket of `n` lines (n ≥ 2) and the user's live solo registrations for them, prepared once per
 * basket size: a basket costs one prepared read, as one event does (placeholders slug0…slug{n-1}, userId).
 */
export const basketEventsRead = perDatabase((db: Db) => {
  const bySize = new Map<number, ReturnType<typeof prepareFor>>();
  function prepareFor(n: number) {
    return db
      .select({ event: events, registration: registrations })
      .from(events)
      .leftJoin(registrations, and(eq(registrations.eventId, events.id), soloRegistrationOf(sql.placeholder("userId"))))
      .where(
        inArray(
          events.slug,
          Array.from({ length: n }, (_, i) => sql.placeholder(`slug${i}`)),
        ),
      )
      .prepare(`anw_events_with_solo_registrations_${n}`);
  }
  return (n: number) => {
    const prepared = bySize.get(n) ?? prepareFor(n);
    bySize.set(n, prepared);
    return prepared;
  };
});
