// Refunding a successful payment, fully or in part, with REFUNDINIT. The money rule — refunds accepted or still
// in flight never add up to more than was paid — is checked inside one transaction with the payment's row
// locked, and the refund is recorded as "requested" in that same transaction, before the gateway hears of it.
// A second, concurrent refund therefore waits for the first and sees its amount as already spoken for.
//
// Refunds are per item (one registration of the payment). A refund is not a payment status change: the payment
// stays `success`; `refundedPaise` on the item and on the payment (sums of accepted refunds) say how much went
// back. A refund that brings an item's refunded total to its amount moves the registration to `refunded` and frees
// its seat; a partial refund keeps it `paid`.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { events, type Payment, type PaymentItem, paymentItems, payments, type Refund, refunds, registrations } from "@/db/schema";
import { AtomPayError, decideRefund, GatewayProtocolError, GatewayRejectedError, MAX_PAISE, type RefundResult } from "@/lib/atompay";
import { writeAudit } from "@/lib/audit";
import { env } from "@/lib/env";
import { ApiError, conflict, errSummary, notFound, uniqueViolation } from "@/lib/errors";
import { formatINR } from "@/lib/format";
import { log } from "@/lib/log";
import { enqueueMail } from "@/lib/mail/outbox";
import type { PaymentDeps } from "./deps";
import { PaymentNotFoundError } from "./errors";
import { logExchange } from "./gateway-log";
import { isMerchTxnId } from "./merch-txn-id";
import { applyRefundToRegistration } from "./settle/refund-effect";

export const refundRequestSchema = z.object({
  amountPaise: z.number().int("Amount must be whole paise.").positive("Amount must be more than zero.").max(MAX_PAISE),
  reason: z.string().trim().min(3, "Say why (at least 3 characters).").max(300, "Keep the reason under 300 characters."),
  /** The item to refund, by its registration; required when the payment pays several registrations. */
  registrationId: z.uuid("registrationId must be a registration's id.").optional(),
  /** Sent again with a retried submission, so a double click or a network retry never refunds twice. */
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, "idempotencyKey: 8-64 letters, digits, _ or -")
    .optional(),
});
export type RefundRequest = z.infer<typeof refundRequestSchema>;

export type RefundOutcome = "accepted" | "failed" | "pending";

/** The gateway message a desk refund is recorded with: how takings tell money paid back at the desk. */
const DESK_PAID_BACK = "paid back at the desk";

export interface RefundResultView {
  outcome: RefundOutcome;
  /** For the organiser: what happened, in a sentence. */
  message: string;
  refund: Refund;
  payment: Payment;
  /** True when this was a repeat of an earlier submission (same idempotency key): nothing new was sent. */
  duplicate: boolean;
}

/** Accepted refunds, and refunds sent but not answered yet, both reserve their amount. */
export interface RefundableView {
  totalPaise: number;
  /** Accepted refunds. */
  refundedPaise: number;
  /** Sent but not answered yet. */
  inFlightPaise: number;
  remainingPaise: number;
}

/**
 * What can still be refunded of one item: its amount, plus the surcharge when it is the payment's only item (a
 * surcharge belongs to the whole payment, so with several items it is not refunded item by item).
 */
export async function refundable(
  db: Db | Tx,
  payment: Pick<Payment, "totalPaise" | "surchargePaise">,
  item: Pick<PaymentItem, "id" | "amountPaise">,
  onlyItem: boolean,
): Promise<RefundableView> {
  const [row] = await db
    .select({
      accepted: sql<number>`coalesce(sum(${refunds.amountPaise}) filter (where ${refunds.status} = 'accepted'), 0)::bigint`.mapWith(Number),
      requested: sql<number>`coalesce(sum(${refunds.amountPaise}) filter (where ${refunds.status} = 'requested'), 0)::bigint`.mapWith(
        Number,
      ),
    })
    .from(refunds)
    .where(eq(refunds.itemId, item.id));
  const totalPaise = onlyItem ? (payment.totalPaise ?? item.amountPaise) : item.amountPaise;
  const refundedPaise = row?.accepted ?? 0;
  const inFlightPaise = row?.requested ?? 0;
  return { totalPaise, refundedPaise, inFlightPaise, remainingPaise: Math.max(0, totalPaise - refundedPaise - inFlightPaise) };
}

/**
 * An item can be refunded when its money is known to have moved as we asked: paid, or flagged while the gateway's
 * amount matched ours (a second success for a registration, or a success over capacity). A success for another
 * amount must be checked with AtomPay first.
 */
export function itemRefundable(payment: Pick<Payment, "amountPaise" | "expectedPaise">, item: Pick<PaymentItem, "status">): boolean {
  return item.status === "success" || (item.status === "flagged" && payment.amountPaise === payment.expectedPaise);
}

/** The item a refund is for: the one named, or the only one. */
async function itemFor(tx: Tx, payment: Payment, registrationId: string | undefined) {
  const items = await tx.select().from(paymentItems).where(eq(paymentItems.paymentId, payment.id)).for("update");
  if (registrationId) {
    const item = items.find((i) => i.registrationId === registrationId);
    if (!item) throw notFound("This payment does not pay for that registration.");
    return { item, onlyItem: items.length === 1 };
  }
  if (items.length !== 1) {
    const why = "This payment covers several registrations: say which one to refund (registrationId).";
    throw new ApiError(422, "validation_failed", why, { registrationId: [why] });
  }
  return { item: items[0]!, onlyItem: true };
}

function refundRefFor(paymentId: string, idempotencyKey: string | undefined): string {
  const material = idempotencyKey
    ? createHash("sha256").update(`${paymentId}:${idempotencyKey}`).digest("hex")
    : randomBytes(16).toString("hex");
  return `RF${material.slice(0, 18).toUpperCase()}`;
}

type Reserved = { kind: "new"; payment: Payment; refund: Refund } | { kind: "duplicate"; payment: Payment; refund: Refund };
const PAID_STATUSES = new Set(["success", "flagged"]);

/** Step 1, one transaction: lock the payment, check the amount against what remains, record the request. */
async function reserve(db: Db, actorId: string, merchTxnId: string, input: RefundRequest, now: Date): Promise<Reserved> {
  if (!isMerchTxnId(merchTxnId)) throw new PaymentNotFoundError(merchTxnId);
  return db.transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.merchTxnId, merchTxnId)).for("update");
    if (!payment) throw new PaymentNotFoundError(merchTxnId);
    const refundRef = refundRefFor(payment.id, input.idempotencyKey);
    if (input.idempotencyKey) {
      const [earlier] = await tx.select().from(refunds).where(eq(refunds.refundRef, refundRef));
      if (earlier) {
        if (earlier.paymentId !== payment.id || earlier.amountPaise !== input.amountPaise) {
          throw conflict("This refund form was already used for a different refund. Reload the page and start again.");
        }
        return { kind: "duplicate" as const, payment, refund: earlier };
      }
    }
    if (!PAID_STATUSES.has(payment.status)) {
      throw conflict(`Only a successful payment can be refunded; this one is ${payment.status}.`);
    }
    if ((payment.method === "gateway" && !payment.atomTxnId) || payment.totalPaise == null) {
      throw conflict("This payment has no AtomPay transaction on record, so it cannot be refunded through the gateway.");
    }
    const { item, onlyItem } = await itemFor(tx, payment, input.registrationId);
    if (!itemRefundable(payment, item)) {
      throw conflict(
        payment.status === "flagged"
          ? "This payment is flagged: AtomPay reported a different amount. Check it with AtomPay before refunding."
          : `Only a successful payment can be refunded; this one is ${item.status}.`,
      );
    }
    const room = await refundable(tx, payment, item, onlyItem);
    if (input.amountPaise > room.remainingPaise) {
      const paid = formatINR(room.totalPaise);
      const taken = formatINR(room.refundedPaise + room.inFlightPaise);
      const why =
        room.remainingPaise === 0
          ? `Nothing is left to refund: ${paid} was paid and ${taken} is already refunded or being refunded.`
          : `The most that can still be refunded is ${formatINR(room.remainingPaise)} (paid ${paid}, already refunded or being refunded ${taken}).`;
      throw new ApiError(422, "validation_failed", why, { amountPaise: [why] });
    }
    let refund: Refund;
    try {
      // A savepoint, so a lost race on the refund reference leaves the outer transaction usable.
      [refund] = (await tx.transaction((sp) =>
        sp
          .insert(refunds)
          .values({
            paymentId: payment.id,
            itemId: item.id,
            refundRef,
            amountPaise: input.amountPaise,
            reason: input.reason,
            status: "requested",
            requestedBy: actorId,
            createdAt: now,
            updatedAt: now,
          })
          .returning(),
      )) as [Refund];
    } catch (error) {
      if (uniqueViolation(error)) throw conflict("This refund is already being sent. Reload the page to see it.");
      throw error;
    }
    await writeAudit(tx, {
      actorId,
      action: "refund.requested",
      paymentId: payment.id,
      registrationId: item.registrationId,
      details: { refundRef, amountPaise: input.amountPaise, reason: input.reason, remainingBeforePaise: room.remainingPaise },
      createdAt: now,
    });
    return { kind: "new" as const, payment, refund };
  });
}

export interface RefundVerdict {
  outcome: RefundOutcome;
  gatewayRefundId?: string;
  statusCode?: string;
  message: string;
}

/**
 * What the gateway's answer means for our refund. Anything unclear keeps the amount reserved. The per-product
 * status decides (a top-level OTS0001 with an accepted line is accepted): see decideRefund in lib/atompay.
 */
export function refundVerdict(result: RefundResult, refund: Pick<Refund, "refundRef" | "amountPaise">): RefundVerdict {
  const v = decideRefund(result, { refundId: refund.refundRef, amountPaise: refund.amountPaise });
  const text = (result.description || result.message || "").slice(0, 300);
  const outcome = v.decision === "accepted" ? "accepted" : v.decision === "failed" ? "failed" : "pending";
  const message =
    v.decision === "accepted"
      ? text || "accepted"
      : v.reason.startsWith("accepted for a different amount")
        ? `${v.reason}: check with AtomPay`
        : text || v.reason;
  return { outcome, gatewayRefundId: v.gatewayRefundId, statusCode: v.statusCode ?? result.statusCode, message };
}

/** When the call itself failed: refused outright means nothing happened; silence means we cannot know. */
function errorVerdict(error: unknown): RefundVerdict {
  if (error instanceof GatewayRejectedError) {
    return { outcome: "failed", statusCode: error.statusCode, message: `the gateway refused the request (${error.statusCode})` };
  }
  if (error instanceof GatewayProtocolError && error.reason === "empty_body") {
    return { outcome: "failed", message: "the gateway could not read the request" };
  }
  const code = error instanceof AtomPayError ? error.code : "unknown";
  return { outcome: "pending", message: `no clear answer from the gateway (${code}); the refund may or may not have been made` };
}

/**
 * Step 3, one transaction: record the gateway's verdict and recompute the payment's refunded amount. Also used when
 * REFUNDSTATUS settles a refund still "requested" later (lib/payments/refund-status.ts; no actor then). A refund
 * already settled meanwhile is left as it is, and no second audit entry is written for it.
 */
export async function record(
  db: Db,
  actorId: string | null,
  payment: Payment,
  refund: Refund,
  verdict: RefundVerdict,
): Promise<{ refund: Refund; payment: Payment }> {
  // Stamped with the time the answer came back (not the request's start), so the timeline reads in order.
  const now = new Date();
  return db.transaction(async (tx) => {
    await tx.select({ id: payments.id }).from(payments).where(eq(payments.id, payment.id)).for("update");
    const status = verdict.outcome === "accepted" ? "accepted" : verdict.outcome === "failed" ? "failed" : "requested";
    const [updated] = await tx
      .update(refunds)
      .set({
        status,
        gatewayRefundId: verdict.gatewayRefundId ?? null,
        gatewayStatusCode: verdict.statusCode ?? null,
        gatewayMessage: verdict.message.slice(0, 300),
        updatedAt: now,
      })
      .where(and(eq(refunds.id, refund.id), eq(refunds.status, "requested")))
      .returning();
    if (!updated) {
      const [settled] = await tx.select().from(refunds).where(eq(refunds.id, refund.id));
      const [current] = await tx.select().from(payments).where(eq(payments.id, payment.id));
      return { refund: settled ?? refund, payment: current ?? payment };
    }
    const acceptedFor = (column: typeof refunds.itemId | typeof refunds.paymentId, id: string) =>
      sql`(select coalesce(sum(${refunds.amountPaise}), 0)::integer from ${refunds} where ${column} = ${id} and ${refunds.status} = 'accepted')`;
    const [item] = await tx
      .update(paymentItems)
      .set({ refundedPaise: acceptedFor(refunds.itemId, refund.itemId), updatedAt: now })
      .where(eq(paymentItems.id, refund.itemId))
      .returning();
    const [paymentRow] = await tx
      .update(payments)
      .set({ refundedPaise: acceptedFor(refunds.paymentId, payment.id), updatedAt: now })
      .where(eq(payments.id, payment.id))
      .returning();
    if (updated?.status === "accepted") {
      // The attendee hears of it in the same transaction that records it (lib/mail outbox, once per refund).
      const [what] = await tx
        .select({ eventName: events.name })
        .from(paymentItems)
        .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
        .innerJoin(events, eq(events.id, registrations.eventId))
        .where(eq(paymentItems.id, refund.itemId));
      await enqueueMail(tx, {
        key: `refund:${refund.refundRef}`,
        to: payment.email,
        template: "refund-accepted",
        data: {
          name: payment.name,
          merchTxnId: payment.merchTxnId,
          refundRef: refund.refundRef,
          description: what?.eventName ?? "your registration",
          amountPaise: refund.amountPaise,
          acceptedAt: now.toISOString(),
          paymentUrl: `${env().APP_URL}/payments/${encodeURIComponent(payment.merchTxnId)}`,
          atDesk: payment.method === "desk",
        },
      });
    }
    // Refunded in full: the registration ends (lib/payments/settle, the one door for status).
    if (item) await applyRefundToRegistration(tx, item, now);
    await writeAudit(tx, {
      actorId,
      action: `refund.${verdict.outcome}`,
      paymentId: payment.id,
      registrationId: item?.registrationId ?? null,
      details: {
        refundRef: refund.refundRef,
        amountPaise: refund.amountPaise,
        gatewayRefundId: verdict.gatewayRefundId ?? null,
        statusCode: verdict.statusCode ?? null,
        message: verdict.message,
      },
      createdAt: now,
    });
    return { refund: updated ?? refund, payment: paymentRow! };
  });
}

function describe(outcome: RefundOutcome, refund: Refund, payment: Payment, verdict?: RefundVerdict): string {
  const amount = formatINR(refund.amountPaise);
  const said = verdict?.message ?? refund.gatewayMessage;
  switch (outcome) {
    case "accepted": {
      const id = refund.gatewayRefundId ? ` (refund id ${refund.gatewayRefundId})` : "";
      const sofar =
        payment.refundedPaise >= (payment.totalPaise ?? 0)
          ? "The payment is now fully refunded."
          : `Refunded so far: ${formatINR(payment.refundedPaise)}.`;
      if (payment.method === "desk") return `Recorded: ${amount} paid back at the desk. ${sofar}`;
      return `AtomPay accepted the refund of ${amount}${id}. ${sofar}`;
    }
    case "failed":
      return `AtomPay did not make the refund of ${amount}: ${said ?? "refused"}. Nothing was refunded; you can try again.`;
    case "pending":
      return (
        `The refund of ${amount} was sent, but AtomPay has not confirmed it (${said ?? "no answer yet"}). ` +
        "The amount stays reserved; check with AtomPay before trying again."
      );
  }
}

export async function refundPayment(
  deps: Pick<PaymentDeps, "db" | "gateway">,
  actor: { id: string },
  merchTxnId: string,
  input: RefundRequest,
  now = new Date(),
): Promise<RefundResultView> {
  const reserved = await reserve(deps.db, actor.id, merchTxnId, input, now);
  if (reserved.kind === "duplicate") {
    const outcome: RefundOutcome =
      reserved.refund.status === "accepted" ? "accepted" : reserved.refund.status === "failed" ? "failed" : "pending";
    return {
      outcome,
      message: describe(outcome, reserved.refund, reserved.payment),
      refund: reserved.refund,
      payment: reserved.payment,
      duplicate: true,
    };
  }
  const { payment, refund } = reserved;
  const ref = { merchTxnId: payment.merchTxnId, paymentId: payment.id };

  let verdict: RefundVerdict;
  if (payment.method === "desk") {
    // Money taken at the desk goes back at the desk: AtomPay never had it (issue 27). The organiser hands it over.
    verdict = { outcome: "accepted", message: DESK_PAID_BACK };
    const recorded = await record(deps.db, actor.id, payment, refund, verdict);
    log.info(
      { merchTxnId: payment.merchTxnId, refundRef: refund.refundRef, amountPaise: refund.amountPaise },
      "refund paid back at the desk",
    );
    return {
      outcome: "accepted",
      message: `Marked ${formatINR(refund.amountPaise)} as paid back at the desk.`,
      refund: recorded.refund,
      payment: recorded.payment,
      duplicate: false,
    };
  }
  try {
    const { result, exchange } = await deps.gateway.refund({
      merchTxnId: payment.merchTxnId,
      atomTxnId: payment.atomTxnId!,
      refundPaise: refund.amountPaise,
      refundId: refund.refundRef,
    });
    verdict = refundVerdict(result, refund);
    await logExchange(deps.db, "refund", exchange, ref, `refund:${verdict.outcome}:${result.statusCode}`);
  } catch (error) {
    verdict = errorVerdict(error);
    await logExchange(
      deps.db,
      "refund",
      error instanceof AtomPayError ? error.exchange : undefined,
      ref,
      `refund:${verdict.outcome}:error:${error instanceof AtomPayError ? error.code : "unknown"}`,
    ).catch(() => undefined);
    if (!(error instanceof AtomPayError))
      log.error({ merchTxnId: payment.merchTxnId, refundRef: refund.refundRef, err: errSummary(error) }, "refund call failed unexpectedly");
  }

  const recorded = await record(deps.db, actor.id, payment, refund, verdict);
  log.info(
    { merchTxnId: payment.merchTxnId, refundRef: refund.refundRef, amountPaise: refund.amountPaise, outcome: verdict.outcome },
    "refund",
  );
  return {
    outcome: verdict.outcome,
    message: describe(verdict.outcome, recorded.refund, recorded.payment, verdict),
    refund: recorded.refund,
    payment: recorded.payment,
    duplicate: false,
  };
}
