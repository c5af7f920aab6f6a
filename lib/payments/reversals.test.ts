// Issue 11 items 4 and 7: successes requeried on later days (a bank's auto-reversal, the settlement status) and a
// second successful gateway transaction for one payment, through the sandbox gateway's scenarios and the real
// status API path (lib/atompay's client, every byte encrypted), on PGlite or the Postgres server.
import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  auditLog,
  events,
  gatewayMessages,
  outbox,
  paymentExtraCharges,
  paymentItems,
  payments,
  registrations,
  sandboxTransactions,
  users,
} from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { buildReturnMessage, encodeReturnForm } from "@/lib/atompay/gateway";
import { checkInNow } from "@/lib/checkin/api";
import { checkInBundle } from "@/lib/checkin/bundle";
import { paymentDetail } from "@/lib/organiser/detail";
import { issuePassToken } from "@/lib/passes/sign";
import { type Outcome, sandboxComplete } from "@/lib/sandbox/gateway";
import { writeSwitches } from "@/lib/sandbox/switches";
import { receiveGatewayMessage } from "./receive";
import { reconcile } from "./reconcile";
import { refundPayment } from "./refund";
import { requery } from "./requery";
import { requerySuccesses } from "./requery-successes";
import { settle } from "./settle";
import { type StartPaymentInput, startPayment } from "./start";
import { genuineReturn, newUser, prepare, TEST_CONFIG, testDeps } from "./testing";

let t: TestDatabase;
let organiserId: string;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
  const [org] = await t.db.select({ id: users.id }).from(users).where(eq(users.role, "organiser")).limit(1);
  organiserId = org!.id;
});
afterAll(async () => {
  await t?.dispose();
});
beforeEach(async () => {
  await writeSwitches(t.db, {}, true);
  // Each test counts only its own successes: earlier tests' ones are taken out of the requery queue.
  await t.db
    .update(payments)
    .set({ reverifyDoneAt: new Date() })
    .where(sql`${payments.status} = 'success' and ${payments.reverifyDoneAt} is null`);
});

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const paymentOf = async (merchTxnId: string) => (await t.db.select().from(payments).where(eq(payments.merchTxnId, merchTxnId)))[0]!;
const itemsOf = (paymentId: string) =>
  t.db
    .select({ item: paymentItems, registration: registrations })
    .from(paymentItems)
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .where(eq(paymentItems.paymentId, paymentId));
const afterSettled = async (merchTxnId: string, ms: number) => new Date((await paymentOf(merchTxnId)).settledAt!.getTime() + ms);

/** Pays on the sandbox's page with the given bank outcome and brings the browser's return home. */
async function paid(outcome: Outcome = "success", input: StartPaymentInput = { eventSlug: "code-sprint" }) {
  const deps = testDeps(t);
  const user = await newUser(t);
  const started = await startPayment(deps, user, input);
  const { form } = await sandboxComplete(t.db, TEST_CONFIG, { atomTokenId: started.atomTokenId, outcome, mode: "NB" });
  const received = await receiveGatewayMessage(deps, form!, "return");
  expect(received).toMatchObject({ kind: "settled", status: "success", changed: true });
  return { deps, user, started, form: form! };
}

describe(`item 4: successes are requeried; a bank's reversal reopens the registration (${testDatabaseKind()})`, () => {
  it("confirmed at T+1 with its settlement status, reversed at T+3: items reversed, registration awaiting payment, logged and audited", async () => {
    const { deps, user, started, form } = await paid("reversed");
    const { merchTxnId } = started;
    const passToken = issuePassToken(
      (await t.db.select().from(registrations).where(eq(registrations.id, started.items[0]!.registrationId)))[0]!,
    );
    expect((await requerySuccesses(deps, { now: await afterSettled(merchTxnId, 2 * 60 * MIN) })).checked).toBe(0);

    const t1 = await afterSettled(merchTxnId, DAY + MIN);
    expect(await requerySuccesses(deps, { now: t1 })).toMatchObject({ checked: 1, confirmed: 1, reversed: 0, unknown: 0, done: 0 });
    const confirmed = await paymentOf(merchTxnId);
    expect(confirmed).toMatchObject({ status: "success", reconStatus: "RNS", reverifyCount: 1, reverifyDoneAt: null });
    expect(confirmed.reconStatusAt?.toISOString()).toBe(t1.toISOString());
    // The next one is due at T+3, not sooner.
    expect((await requerySuccesses(deps, { now: new Date(t1.getTime() + 60 * MIN) })).checked).toBe(0);

    const t3 = await afterSettled(merchTxnId, 3 * DAY + MIN);
    expect(await requerySuccesses(deps, { now: t3 })).toMatchObject({ checked: 1, reversed: 1, done: 1 });
    const reversed = await paymentOf(merchTxnId);
    expect(reversed).toMatchObject({ status: "reversed", gatewayStatusCode: "OTS0001", gatewayMessage: "AUTO REVERSAL", reverifyCount: 2 });
    expect(reversed.reversedAt?.toISOString()).toBe(t3.toISOString());
    expect(reversed.settledAt?.toISOString()).toBe(confirmed.settledAt?.toISOString()); // the day it was collected stays
    const [line] = await itemsOf(reversed.id);
    expect(line!.item.status).toBe("reversed");
    expect(line!.registration).toMatchObject({ status: "awaiting_payment", heldUntil: null });
    // Its entry pass no longer admits anyone: online the door refuses it, offline it is on the revocation list.
    const organiser = { ...(await newUser(t, "org")), role: "organiser" as const };
    const door = await checkInNow(t.db, organiser, { token: passToken, eventSlug: "code-sprint" });
    expect(door).toMatchObject({ status: 422, body: { result: "revoked", reason: "Not valid: this registration is not paid." } });
    const [event] = await t.db.select().from(events).where(eq(events.slug, "code-sprint"));
    const bundle = await checkInBundle(t.db, event!);
    expect(bundle.revoked).toContainEqual({ registrationId: line!.registration.id, status: "awaiting_payment" });
    expect(bundle.passes.map((p) => p.registrationId)).not.toContain(line!.registration.id);

    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.paymentId, reversed.id), eq(auditLog.action, "payment.reversed")));
    expect(audit).toMatchObject({
      actorId: null,
      details: { statusCode: "OTS0001", reopenedRegistrations: [line!.registration.id], refundedPaise: 0 },
    });
    const [answer] = await t.db
      .select()
      .from(gatewayMessages)
      .where(and(eq(gatewayMessages.paymentId, reversed.id), eq(gatewayMessages.kind, "status"), eq(gatewayMessages.direction, "inbound")))
      .orderBy(desc(gatewayMessages.id))
      .limit(1);
    expect(answer!.outcome).toBe("status:OTS0001 settled:success->reversed");
    // The payer is told, once, in the transaction that recorded the reversal.
    const told = await t.db
      .select({ template: outbox.template, recipient: outbox.recipient })
      .from(outbox)
      .where(eq(outbox.key, `payment-reversed:${reversed.merchTxnId}`));
    expect(told).toEqual([{ template: "payment-reversed", recipient: reversed.email }]);

    // The original success arriving again (a late callback) changes nothing: nothing leaves reversed.
    expect(await receiveGatewayMessage(deps, form, "callback")).toMatchObject({ kind: "settled", status: "reversed", changed: false });
    expect(await t.db.select().from(paymentExtraCharges).where(eq(paymentExtraCharges.paymentId, reversed.id))).toHaveLength(0);
    // Out of the queue, and the attendee can pay again for the same registration.
    expect((await requerySuccesses(deps, { now: new Date(t3.getTime() + 30 * DAY) })).checked).toBe(0);
    const again = await startPayment(deps, user, { eventSlug: "code-sprint" });
    expect(again.merchTxnId).not.toBe(merchTxnId);
    expect(again.items.map((i) => i.registrationId)).toEqual([line!.registration.id]);
  });

  it(
    "only the status API can reverse: a genuine return or callback saying OTS0001 changes " +
      "nothing, nor does a status answer about another transaction",
    async () => {
      const { deps, started } = await paid();
      const before = await paymentOf(started.merchTxnId);
      const message = buildReturnMessage(TEST_CONFIG, {
        merchTxnId: started.merchTxnId,
        merchTxnDate: new Date(),
        atomTxnId: before.atomTxnId!,
        amountPaise: 25_000,
        statusCode: "OTS0001",
        subChannel: "NB",
        bankTxnId: before.bankTxnId!,
      });
      for (const kind of ["return", "callback"] as const) {
        expect(await receiveGatewayMessage(deps, encodeReturnForm(TEST_CONFIG, message), kind)).toMatchObject({
          kind: "settled",
          status: "success",
          changed: false,
        });
      }
      const other = await settle(t.db, started.merchTxnId, {
        kind: "gateway",
        source: "status",
        statusCode: "OTS0001",
        atomTxnId: "99000000000001",
        amountPaise: 25_000,
      });
      expect(other).toMatchObject({ changed: false, to: "success" });
      const [line] = await itemsOf(before.id);
      expect(line!.registration.status).toBe("paid");
      // A payment still pending that the status API calls reversed simply failed: no money was kept.
      const pending = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" });
      expect(await settle(t.db, pending.merchTxnId, { kind: "gateway", source: "status", statusCode: "OTS0001" })).toMatchObject({
        changed: true,
        to: "failed",
      });
    },
  );

  it("a refunded item stays refunded, a partly refunded one goes back to awaiting payment; no new refund on a reversed payment", async () => {
    const { deps, started } = await paid("reversed", { items: [{ eventSlug: "code-sprint" }, { eventSlug: "solo-singing" }] });
    const [sprint, singing] = started.items.sort((a, b) => a.eventSlug.localeCompare(b.eventSlug));
    const full = await refundPayment(deps, { id: organiserId }, started.merchTxnId, {
      amountPaise: 25_000,
      reason: "withdrew",
      registrationId: sprint!.registrationId,
    });
    const part = await refundPayment(deps, { id: organiserId }, started.merchTxnId, {
      amountPaise: 5_000,
      reason: "partial",
      registrationId: singing!.registrationId,
    });
    expect([full.outcome, part.outcome]).toEqual(["accepted", "accepted"]);

    await requerySuccesses(deps, { now: await afterSettled(started.merchTxnId, DAY + MIN) });
    expect(await requerySuccesses(deps, { now: await afterSettled(started.merchTxnId, 3 * DAY + MIN) })).toMatchObject({ reversed: 1 });
    const p = await paymentOf(started.merchTxnId);
    expect(p).toMatchObject({ status: "reversed", refundedPaise: 30_000 });
    const lines = await itemsOf(p.id);
    const reg = (id: string) => lines.find((l) => l.registration.id === id)!;
    expect(lines.map((l) => l.item.status)).toEqual(["reversed", "reversed"]);
    expect(reg(sprint!.registrationId).registration.status).toBe("refunded");
    expect(reg(singing!.registrationId).registration.status).toBe("awaiting_payment");
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.paymentId, p.id), eq(auditLog.action, "payment.reversed")));
    expect(audit!.details).toMatchObject({ reopenedRegistrations: [singing!.registrationId], refundedPaise: 30_000, refundsInFlight: 0 });
    await expect(
      refundPayment(deps, { id: organiserId }, started.merchTxnId, {
        amountPaise: 1_000,
        reason: "again",
        registrationId: singing!.registrationId,
      }),
    ).rejects.toMatchObject({
      status: 409,
      message: "Only a successful payment can be refunded; this one is reversed.",
    });
  });

  it("two passes at once never ask about the same success; an unanswered one is asked again after the retry time; reconcile() runs the pass", async () => {
    const runs = await Promise.all(Array.from({ length: 6 }, () => paid()));
    const latest = Math.max(...(await Promise.all(runs.map(async (r) => (await paymentOf(r.started.merchTxnId)).settledAt!.getTime()))));
    const t1 = new Date(latest + DAY + MIN);
    const [a, b] = await Promise.all([requerySuccesses(testDeps(t), { now: t1 }), requerySuccesses(testDeps(t), { now: t1 })]);
    expect(a.checked + b.checked).toBe(6);
    expect(a.confirmed + b.confirmed).toBe(6);
    for (const r of runs) {
      const asked = await t.db
        .select()
        .from(gatewayMessages)
        .where(
          and(
            eq(gatewayMessages.merchTxnId, r.started.merchTxnId),
            eq(gatewayMessages.kind, "status"),
            eq(gatewayMessages.direction, "outbound"),
          ),
        );
      expect(asked, r.started.merchTxnId).toHaveLength(1);
      expect((await paymentOf(r.started.merchTxnId)).reverifyCount).toBe(1);
    }

    await t.db
      .update(payments)
      .set({ reverifyDoneAt: new Date() })
      .where(sql`${payments.status} = 'success' and ${payments.reverifyDoneAt} is null`);
    const { deps, started } = await paid();
    await writeSwitches(t.db, { status: "down" });
    const due = await afterSettled(started.merchTxnId, DAY + MIN);
    expect(await requerySuccesses(deps, { now: due })).toMatchObject({ checked: 1, unknown: 1, confirmed: 0 });
    expect((await paymentOf(started.merchTxnId)).reverifyCount).toBe(0);
    expect((await requerySuccesses(deps, { now: new Date(due.getTime() + 10 * MIN) })).checked).toBe(0);
    await writeSwitches(t.db, { status: "normal" });
    const report = await reconcile(deps, { now: new Date(due.getTime() + 31 * MIN) });
    expect(report.successes).toMatchObject({ checked: 1, confirmed: 1 });
    expect((await paymentOf(started.merchTxnId)).reverifyCount).toBe(1);
  });

  it("the settlement status is kept as the gateway reports it (RS once settled), with when it was learned", async () => {
    const { deps, started } = await paid();
    // The sandbox reports RS for a transaction it took more than a day ago.
    await t.db
      .update(sandboxTransactions)
      .set({ createdAt: new Date(Date.now() - 2 * DAY) })
      .where(eq(sandboxTransactions.merchTxnId, started.merchTxnId));
    const now = await afterSettled(started.merchTxnId, DAY + MIN);
    await requerySuccesses(deps, { now });
    expect(await paymentOf(started.merchTxnId)).toMatchObject({ status: "success", reconStatus: "RS", reconStatusAt: now });
  });

  it("the schedule comes from the options (REVERIFY_AFTER_DAYS): one requery at T+2 only", async () => {
    const { deps, started } = await paid();
    expect((await requerySuccesses(deps, { now: await afterSettled(started.merchTxnId, DAY + MIN), afterDays: [2] })).checked).toBe(0);
    expect(
      await requerySuccesses({ ...deps, requerySuccessesAfterDays: [2] }, { now: await afterSettled(started.merchTxnId, 2 * DAY + MIN) }),
    ).toMatchObject({ checked: 1, done: 1 });
    expect((await paymentOf(started.merchTxnId)).reverifyDoneAt).not.toBeNull();
  });
});

describe(`item 7: two successes for one payment are a possible double charge, never a duplicate (${testDatabaseKind()})`, () => {
  it("a second atomTxnId by the callback is kept beside the first, once, and the organiser's detail shows both", async () => {
    const { deps, started } = await paid();
    const first = await paymentOf(started.merchTxnId);
    const second = genuineReturn(started.merchTxnId, 25_000, { atomTxnId: "11000000777001", bankTxnId: "BANK-SECOND" });
    // Ten copies at once: one row, one audit entry.
    const outs = await Promise.all(Array.from({ length: 10 }, () => receiveGatewayMessage(deps, second, "callback")));
    for (const o of outs) expect(o).toMatchObject({ kind: "settled", status: "success", changed: false });
    const after = await paymentOf(started.merchTxnId);
    expect(after).toMatchObject({
      status: "success",
      atomTxnId: first.atomTxnId,
      bankTxnId: first.bankTxnId,
    });
    const extras = await t.db.select().from(paymentExtraCharges).where(eq(paymentExtraCharges.paymentId, first.id));
    expect(extras).toHaveLength(1);
    expect(extras[0]).toMatchObject({
      atomTxnId: "11000000777001",
      bankTxnId: "BANK-SECOND",
      statusCode: "OTS0000",
      source: "callback",
      amountPaise: 25_000,
      totalPaise: 25_000,
    });
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.paymentId, first.id), eq(auditLog.action, "payment.possible_double_charge")));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ atomTxnIds: [first.atomTxnId, "11000000777001"] });
    const logged = await t.db
      .select()
      .from(gatewayMessages)
      .where(and(eq(gatewayMessages.paymentId, first.id), eq(gatewayMessages.outcome, "possible-double-charge:success")));
    expect(logged).toHaveLength(10);

    const detail = await paymentDetail(t.db, started.merchTxnId);
    expect(detail!.payment.atomTxnId).toBe(first.atomTxnId);
    expect(detail!.extraCharges.map((e) => e.atomTxnId)).toEqual(["11000000777001"]);
    expect(detail!.timeline.some((e) => e.title === "Possible double charge: a second successful AtomPay transaction")).toBe(true);
  });

  it("the status API naming another successful transaction for a paid payment is kept too; the same id again is a plain duplicate", async () => {
    const { deps, started, form } = await paid();
    const first = await paymentOf(started.merchTxnId);
    expect(await receiveGatewayMessage(deps, form, "callback")).toMatchObject({ changed: false });
    expect(await t.db.select().from(paymentExtraCharges).where(eq(paymentExtraCharges.paymentId, first.id))).toHaveLength(0);
    // The bank's record now holds a second successful transaction for the same merchTxnId.
    await t.db
      .update(sandboxTransactions)
      .set({ atomTxnId: "11000000888002" })
      .where(eq(sandboxTransactions.merchTxnId, started.merchTxnId));
    const r = await requery(deps, first, { now: new Date(Date.now() + 5 * MIN) });
    expect(r).toMatchObject({ changed: false, to: "success", possibleDoubleCharge: true });
    const [extra] = await t.db.select().from(paymentExtraCharges).where(eq(paymentExtraCharges.paymentId, first.id));
    expect(extra).toMatchObject({ atomTxnId: "11000000888002", source: "status" });
    expect((await paymentOf(started.merchTxnId)).atomTxnId).toBe(first.atomTxnId);
  });
});
