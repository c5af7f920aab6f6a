// The only code that changes a payment's status. Every path a result arrives by (the browser's return, the
// gateway's server-to-server callback, the status API, the reconciler, a failed AUTH) comes through here.
//
// A change is ONE conditional statement, `UPDATE … WHERE merch_txn_id = $1 AND status IN (<lower ranks>)
// RETURNING …`: atomic on its own (the row is locked for its duration), forward-only by its WHERE clause, so
// concurrent copies of one message change the row once and the rest match nothing. The database's partial
// unique indexes are the last word on "one success per registration" and "each atomTxnId once": a violation
// turns the change into `flagged` for an organiser, never a second success.
//
// Two things are not forward moves and are decided here too: a bank's auto-reversal of a success (success →
// reversed, on the status API's word only), and a second successful gateway transaction for a payment that already
// has one (kept beside it as a possible double charge, never dropped as a duplicate).
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  auditLog,
  events,
  gatewayMessages,
  type Payment,
  type PaymentStatus,
  paymentExtraCharges,
  paymentItems,
  paymentStatus,
  payments,
  refunds,
  registrations,
} from "@/db/schema";
import { classifyStatus } from "@/lib/atompay";
import { env } from "@/lib/env";
import { uniqueViolation } from "@/lib/errors";
import { log } from "@/lib/log";
import { enqueueMail } from "@/lib/mail/outbox";
import { metrics } from "@/lib/metrics";
import { seatsTaken } from "@/lib/registrations/seats";
import { PaymentNotFoundError } from "./errors";
import { enqueuePaymentMail, paymentMailFor } from "./mail";
import { statements } from "./statements";
import { canTransition } from "./transitions";

/** A result the gateway gave us, already decrypted, verified (or trusted: status API over TLS) and bound. */
export interface GatewayVerdict {
  kind: "gateway";
  source: "return" | "callback" | "status";
  statusCode: string;
  message?: string;
  atomTxnId?: string;
  bankTxnId?: string;
  amountPaise?: number;
  surchargePaise?: number;
  totalPaise?: number;
  subChannel?: string;
  /** Fields that did not match the stored attempt (amount, total, merchId, currency). */
  mismatches?: string[];
}

/** A decision we make ourselves: AUTH failed, or the attempt was never completed and has expired. */
export interface LocalVerdict {
  kind: "local";
  status: "failed" | "expired";
  reason: string;
  statusCode?: string;
}

export type Verdict = GatewayVerdict | LocalVerdict;

export interface SettleResult {
  payment: Payment;
  changed: boolean;
  from: PaymentStatus;
  to: PaymentStatus;
  /** Set when the verdict was ignored because it did not bind to the attempt. */
  ignored?: string;
  /** The verdict was a success with another atomTxnId than the one recorded: kept as a possible double charge. */
  possibleDoubleCharge?: boolean;
  /** The inbound message's log entry was annotated by the settle itself (the return path's one statement). */
  noted?: boolean;
}

/** The gateway log entry of the message that brought the verdict, for the return path to annotate in passing. */
export interface Inbound {
  logId: number;
  /** The message's redacted plain JSON. */
  plain: unknown;
}

function targetOf(v: Verdict): { status: PaymentStatus; flagReason?: string; ignored?: string } {
  if (v.kind === "local") return { status: v.status };
  const outcome = classifyStatus(v.statusCode);
  const mismatches = v.mismatches ?? [];
  if (mismatches.length > 0) {
    // Money may have moved on a success that does not match what we asked: an organiser must look. A non-success
    // that does not bind to the attempt says nothing about it.
    if (outcome === "success")
      return { status: "flagged", flagReason: `gateway success did not match the attempt: ${mismatches.join(", ")}` };
    return { status: "pending", ignored: `unbound ${outcome} (${mismatches.join(", ")})` };
  }
  return { status: outcome };
}

/** Statuses a payment may move to `to` from. */
const sourcesOf = (to: PaymentStatus) => paymentStatus.enumValues.filter((from) => canTransition(from, to));

async function current(db: Db, merchTxnId: string): Promise<Payment> {
  const [row] = await statements(db).attemptByTxn.execute({ merchTxnId });
  if (!row) throw new PaymentNotFoundError(merchTxnId);
  return row;
}

/**
 * @param known the attempt as the caller just read it, if it did (saves a read). It may be a moment stale: it
 *   is only used to report `from` and to skip verdicts that cannot change anything.
 */
export async function settle(
  db: Db,
  merchTxnId: string,
  verdict: Verdict,
  now = new Date(),
  known?: Payment,
  inbound?: Inbound,
): Promise<SettleResult> {
  const stopTimer = metrics().settleSeconds.startTimer({ source: verdict.kind === "gateway" ? verdict.source : "local" });
  try {
    const result = await apply(db, merchTxnId, verdict, now, known, inbound);
    if (result.changed) {
      noteSettled(merchTxnId, result.from, result.to, verdict.kind === "gateway" ? verdict.source : verdict.reason, verdict.statusCode);
    }
    return result;
  } finally {
    stopTimer();
  }
}

async function apply(db: Db, merchTxnId: string, verdict: Verdict, now: Date, known?: Payment, inbound?: Inbound): Promise<SettleResult> {
  const target = targetOf(verdict);
  const before = known ?? (await current(db, merchTxnId));
  if (target.ignored) return { payment: before, changed: false, from: before.status, to: before.status, ignored: target.ignored };
  if (isReversal(verdict, before)) return reverse(db, merchTxnId, verdict as GatewayVerdict, now, before);

  if (target.status === "pending") {
    // No status change; for an attempt still pending, remember what the gateway last said.
    const [row] = await db
      .update(payments)
      .set(details(verdict, now))
      .where(and(eq(payments.merchTxnId, merchTxnId), eq(payments.status, "pending")))
      .returning();
    const payment = row ?? (await current(db, merchTxnId));
    return { payment, changed: false, from: payment.status, to: payment.status };
  }
  // Statuses only rise, so if the status we read cannot reach the target, no later one can: a duplicate costs
  // no write at all (this holds even when `before` is a moment stale).
  if (!canTransition(before.status, target.status)) {
    const possibleDoubleCharge = await noteSecondSuccess(db, before, verdict, now);
    return {
      payment: before,
      changed: false,
      from: before.status,
      to: before.status,
      ...(possibleDoubleCharge ? { possibleDoubleCharge } : {}),
    };
  }

  const change = { ...details(verdict, now), status: target.status, flagReason: target.flagReason ?? null, settledAt: now };
  // The gateway's verdict is news for the payer (a receipt, or "your payment failed"); our own expiry is not.
  const mail = verdict.kind === "gateway";
  let row: Payment | undefined;
  let noted = false;
  try {
    if (target.status === "success" && verdict.kind === "gateway") {
      // A success by the status API, or a message the return path's one statement did not pay: a prepared
      // statement, no query building.
      [row] = await statements(db).settleToSuccess.execute({
        merchTxnId,
        now: now.toISOString(),
        statusCode: verdict.statusCode,
        message: change.gatewayMessage ?? null,
        atomTxnId: verdict.atomTxnId ?? before.atompayTransactionId,
        bankTxnId: verdict.bankTxnId ?? before.bankTransactionId,
        amountPaise: verdict.amountPaise ?? before.amountPaise,
        surchargePaise: verdict.surchargePaise ?? before.surchargePaise,
        totalPaise: verdict.totalPaise ?? before.totalPaise,
        subChannel: verdict.subChannel ?? before.paymentMode,
        checkedAt: verdict.source === "status" ? now.toISOString() : null,
        logId: inbound?.logId ?? null,
        outcome: `settled:${before.status}->success`,
        plain: JSON.stringify(inbound?.plain ?? null),
      });
      noted = !!row && !!inbound;
      // Nothing matched: a duplicate, or an item whose registration cannot simply be paid (already paid, ended,
      // or its seat's hold ran out). The careful path decides each item under the rows' locks.
      if (!row) row = await payItemByItem(db, merchTxnId, change, now);
    } else {
      row = await moveWithItems(db, merchTxnId, change, target.status, now, mail);
    }
  } catch (error) {
    const constraint = uniqueViolation(error);
    if (!constraint) throw error;
    if (!constraint.includes("atompay_txn")) {
      // Another payment paid one of these registrations at the same moment: decide item by item, now that it has.
      row = await payItemByItem(db, merchTxnId, change, now);
    } else {
      // This atomTxnId is already recorded on another payment: keep the money visible, never as a second success.
      const { atompayTransactionId: _dropped, ...rest } = change;
      row = await moveWithItems(
        db,
        merchTxnId,
        { ...rest, flagReason: "this AtomPay transaction id is already recorded on another payment" },
        "flagged",
        now,
        false,
      );
    }
  }
  if (!row) {
    // Someone else moved it first (a concurrent copy, or another transaction's success), or it was already at or
    // past the target.
    const payment = await current(db, merchTxnId);
    const possibleDoubleCharge = await noteSecondSuccess(db, payment, verdict, now);
    return { payment, changed: false, from: payment.status, to: payment.status, ...(possibleDoubleCharge ? { possibleDoubleCharge } : {}) };
  }
  return { payment: row, changed: true, from: before.status, to: row.status, ...(noted ? { noted } : {}) };
}

/** Every status change, on whichever path made it: counted and logged alike. */
export function noteSettled(merchTxnId: string, from: PaymentStatus, to: PaymentStatus, source: string, code: string | undefined): void {
  metrics().transitions.inc({ from, to });
  log.info({ merchTxnId, from, to, source, code }, "payment settled");
}

type Change = Partial<typeof payments.$inferInsert>;

/** NDPS's "AUTO REVERSAL": the bank gave the money back after the payment succeeded. */
const REVERSAL_CODE = "OTS0001";

/**
 * A status-API answer saying the bank reversed the transaction we recorded as a success. Only OTS0001 counts (other
 * failure codes for a recorded success, e.g. "no data", are logged and left alone), and the answer must be about the
 * same gateway transaction when it names one.
 */
function isReversal(v: Verdict, payment: Payment): boolean {
  return (
    v.kind === "gateway" &&
    v.statusCode.trim().toUpperCase() === REVERSAL_CODE &&
    canTransition(payment.status, "reversed", v.source === "status" ? "status-api" : "message") &&
    (!v.atomTxnId || !payment.atompayTransactionId || v.atomTxnId === payment.atompayTransactionId)
  );
}

/** The names of the events a payment pays for, for its mails. */
async function eventNamesOf(tx: Tx, paymentId: string): Promise<string[]> {
  const rows = await tx
    .select({ name: events.name })
    .from(paymentItems)
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .innerJoin(events, eq(events.id, registrations.eventId))
    .where(eq(paymentItems.paymentId, paymentId));
  return rows.map((r) => r.name);
}

/**
 * success → reversed, in one transaction with the payment's row locked: its paid items are reversed and their
 * registrations go back to awaiting payment (the seat is no longer taken; the person may pay again). A registration
 * already refunded in full has ended and stays refunded; a partly refunded one goes back to awaiting payment like
 * the rest (the bank returned the whole payment); its entry pass is revoked like a refunded one's. Refunds already
 * accepted or still in flight are not touched: the audit entry counts them, so an organiser can ask NDPS which money
 * reached the attendee. Written to the audit log (no actor: the bank did it) and to the gateway log entry of the
 * status answer that said so; the payer is mailed (payment-reversed) in the same transaction.
 */
async function reverse(db: Db, merchTxnId: string, verdict: GatewayVerdict, now: Date, before: Payment): Promise<SettleResult> {
  const result = await db.transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.merchTxnId, merchTxnId)).for("update");
    if (!payment || !isReversal(verdict, payment)) return { payment: payment ?? before, changed: false };
    const items = await tx
      .update(paymentItems)
      .set({ status: "reversed", updatedAt: now })
      .where(and(eq(paymentItems.paymentId, payment.id), eq(paymentItems.status, "success")))
      .returning({
        registrationId: paymentItems.registrationId,
        amountPaise: paymentItems.amountPaise,
        refundedPaise: paymentItems.refundedPaise,
      });
    const reopened = items.length
      ? await tx
          .update(registrations)
          // paidAt stays: "was paid, no longer is" puts the registration on the door devices' revocation list.
          .set({ status: "awaiting_payment", heldUntil: null, updatedAt: now })
          .where(
            and(
              inArray(
                registrations.id,
                items.map((i) => i.registrationId),
              ),
              eq(registrations.status, "paid"),
            ),
          )
          .returning({ id: registrations.id })
      : [];
    const [inFlight] = await tx
      .select({
        count: sql<number>`count(*)::integer`.mapWith(Number),
        paise: sql<number>`coalesce(sum(${refunds.amountPaise}), 0)::integer`.mapWith(Number),
      })
      .from(refunds)
      .where(and(eq(refunds.paymentId, payment.id), eq(refunds.status, "requested")));
    const [row] = await tx
      .update(payments)
      .set({
        status: "reversed",
        reversedAt: now,
        gatewayStatusCode: verdict.statusCode,
        gatewayMessage: verdict.message?.slice(0, 300) ?? "AUTO REVERSAL",
        lastCheckedAt: now,
        updatedAt: now,
      })
      .where(eq(payments.id, payment.id))
      .returning();
    // The payer hears of it in the same transaction (lib/mail outbox, once per payment).
    await enqueueMail(tx, {
      key: `payment-reversed:${payment.merchTxnId}`,
      to: payment.email,
      template: "payment-reversed",
      data: {
        name: payment.name,
        merchTxnId: payment.merchTxnId,
        atomTxnId: payment.atompayTransactionId,
        description: (await eventNamesOf(tx, payment.id)).join(", "),
        amountPaise: payment.totalPaise ?? payment.expectedPaise,
        reversedAt: now.toISOString(),
        paymentUrl: `${env().APP_URL}/payments/${encodeURIComponent(payment.merchTxnId)}`,
      },
    });
    await tx.insert(auditLog).values({
      actorId: null,
      action: "payment.reversed",
      paymentId: payment.id,
      details: {
        statusCode: verdict.statusCode,
        atomTxnId: payment.atompayTransactionId,
        totalPaise: payment.totalPaise,
        reopenedRegistrations: reopened.map((r) => r.id),
        refundedPaise: payment.refundedPaise,
        refundsInFlight: inFlight?.count ?? 0,
        refundsInFlightPaise: inFlight?.paise ?? 0,
      },
    });
    // The status answer that said so was logged a moment ago (lib/payments/requery.ts): say what it did.
    const answer = tx
      .select({ id: gatewayMessages.id })
      .from(gatewayMessages)
      .where(and(eq(gatewayMessages.paymentId, payment.id), eq(gatewayMessages.kind, "status"), eq(gatewayMessages.direction, "inbound")))
      .orderBy(desc(gatewayMessages.id))
      .limit(1);
    await tx
      .update(gatewayMessages)
      .set({ outcome: sql`coalesce(${gatewayMessages.outcome} || ' ', '') || 'settled:success->reversed'` })
      .where(inArray(gatewayMessages.id, answer));
    return { payment: row!, changed: true };
  });
  if (result.changed) {
    log.warn(
      { merchTxnId, atomTxnId: result.payment.atompayTransactionId, code: verdict.statusCode },
      "the bank reversed a successful payment",
    );
  }
  return {
    payment: result.payment,
    changed: result.changed,
    from: result.changed ? "success" : result.payment.status,
    to: result.payment.status,
  };
}

/** Statuses under which a payment has a gateway transaction that took money. */
const HOLDS_MONEY = new Set<PaymentStatus>(["success", "flagged", "reversed"]);

/**
 * A success naming another atomTxnId than the one the payment holds: the attendee may have been charged twice (the
 * same token paid twice, or a late success for a reversed payment). Kept in payment_extra_charges, once per
 * atomTxnId, with an audit entry the first time. Returns whether the verdict was such a second success.
 */
async function noteSecondSuccess(db: Db, payment: Payment, v: Verdict, now: Date): Promise<boolean> {
  if (v.kind !== "gateway" || classifyStatus(v.statusCode) !== "success") return false;
  const recorded = payment.atompayTransactionId;
  if (!v.atomTxnId || !recorded || v.atomTxnId === recorded || !HOLDS_MONEY.has(payment.status)) return false;
  const atomTxnId = v.atomTxnId;
  await db.transaction(async (tx) => {
    const [extra] = await tx
      .insert(paymentExtraCharges)
      .values({
        paymentId: payment.id,
        atomTxnId,
        bankTxnId: v.bankTxnId ?? null,
        amountPaise: v.amountPaise ?? null,
        totalPaise: v.totalPaise ?? null,
        statusCode: v.statusCode,
        source: v.source,
        receivedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: paymentExtraCharges.id });
    if (!extra) return;
    await tx.insert(auditLog).values({
      actorId: null,
      action: "payment.possible_double_charge",
      paymentId: payment.id,
      details: { atomTxnIds: [recorded, atomTxnId], source: v.source, statusCode: v.statusCode, totalPaise: v.totalPaise ?? null },
    });
    log.warn(
      { merchTxnId: payment.merchTxnId, atomTxnIds: [recorded, atomTxnId], source: v.source },
      "possible double charge: a second successful transaction",
    );
  });
  return true;
}

/**
 * A move that pays nobody (failed, cancelled, expired, or flagged for a mismatch): the payment and its items move
 * together in one statement, and the items' registrations give back their held seats. With `mail`, the payer's
 * mail (a failure note) is queued in the same transaction.
 */
async function moveWithItems(
  db: Db,
  merchTxnId: string,
  change: Change,
  to: PaymentStatus,
  now: Date,
  mail: boolean,
): Promise<Payment | undefined> {
  if (mail && paymentMailFor(to)) {
    return db.transaction(async (tx) => {
      const row = await moveWithItems(tx as unknown as Db, merchTxnId, change, to, now, false);
      if (row) await enqueuePaymentMail(tx, row);
      return row;
    });
  }
  const sources = sourcesOf(to);
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

/**
 * A success whose items cannot all simply be paid, decided in one transaction with the events and registrations
 * locked (events first, in id order, as when seats are held, so the two never deadlock). Each item is paid, or
 * flagged for an organiser to admit or refund: its registration was already paid by another payment, had ended,
 * or its seat's hold ran out and the event is now full. The payment is `success` when every item was paid.
 */
async function payItemByItem(db: Db, merchTxnId: string, change: Change, now: Date): Promise<Payment | undefined> {
  return db.transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.merchTxnId, merchTxnId)).for("update");
    if (!payment || !canTransition(payment.status, "success")) return undefined;
    const lines = await tx
      .select({ item: paymentItems, eventId: registrations.eventId })
      .from(paymentItems)
      .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
      .where(eq(paymentItems.paymentId, payment.id));
    const eventIds = [...new Set(lines.map((l) => l.eventId))].sort();
    const locked = eventIds.length
      ? await tx.select().from(events).where(inArray(events.id, eventIds)).orderBy(asc(events.id)).for("no key update")
      : [];
    const regs = await tx
      .select()
      .from(registrations)
      .where(
        inArray(
          registrations.id,
          lines.map((l) => l.item.registrationId),
        ),
      )
      .for("update");
    const reasons: string[] = [];
    for (const { item } of lines) {
      const reg = regs.find((r) => r.id === item.registrationId)!;
      const event = locked.find((e) => e.id === reg.eventId)!;
      let flag: string | null = null;
      if (reg.status === "paid") flag = "a second successful payment for a registration that was already paid";
      else if (reg.status !== "awaiting_payment") flag = `paid after the registration was ${reg.status}`;
      else if (event.capacity != null && !(reg.heldUntil && reg.heldUntil >= now)) {
        if ((await seatsTaken(tx, event.id, now, [reg.id])) >= event.capacity) flag = "paid, but the event was full";
      }
      if (flag) {
        reasons.push(`${event.name}: ${flag}`);
        await tx.update(paymentItems).set({ status: "flagged", flagReason: flag, updatedAt: now }).where(eq(paymentItems.id, item.id));
      } else {
        await tx.update(paymentItems).set({ status: "success", flagReason: null, updatedAt: now }).where(eq(paymentItems.id, item.id));
        await tx
          .update(registrations)
          .set({ status: "paid", paidAt: now, heldUntil: null, updatedAt: now })
          .where(eq(registrations.id, reg.id));
      }
    }
    const status: PaymentStatus = reasons.length ? "flagged" : "success";
    const [row] = await tx
      .update(payments)
      .set({ ...change, status, flagReason: reasons.length ? reasons.join("; ").slice(0, 500) : null, updatedAt: now })
      .where(eq(payments.id, payment.id))
      .returning();
    if (row) await enqueuePaymentMail(tx, row); // a receipt when every item was paid; nothing when flagged
    return row;
  });
}

function details(v: Verdict, now: Date): Partial<typeof payments.$inferInsert> {
  if (v.kind === "local") {
    return { gatewayStatusCode: v.statusCode, gatewayMessage: v.reason };
  }
  return {
    gatewayStatusCode: v.statusCode,
    gatewayMessage: v.message?.slice(0, 300) ?? null,
    atompayTransactionId: v.atomTxnId,
    bankTransactionId: v.bankTxnId,
    amountPaise: v.amountPaise,
    surchargePaise: v.surchargePaise,
    totalPaise: v.totalPaise,
    paymentMode: v.subChannel,
    // lastCheckedAt means "we last asked the status API", which rate-limits "check again"; a return does not count.
    ...(v.source === "status" ? { lastCheckedAt: now } : {}),
  };
}
