// Issue 11 item 5: refunds still "requested" are settled with REFUNDSTATUS, by the reconciler and by the console's
// button (its real route handler), through the sandbox gateway's scenarios, on PGlite or the Postgres server.
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as refundStatusRoute } from "@/app/api/organiser/payments/[merchTxnId]/refund-status/route";
import { auditLog, gatewayMessages, type Payment, paymentItems, payments, refunds, registrations, users } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import { createAtomPayClient } from "@/lib/atompay";
import { issueToken } from "@/lib/auth/tokens";
import { sandboxFetch } from "@/lib/sandbox/fetch";
import { writeSwitches } from "@/lib/sandbox/switches";
import { routeTestDatabase } from "@/lib/server/route-testing";
import { reconcile } from "./reconcile";
import { refundable, refundPayment } from "./refund";
import { settleRequestedRefunds } from "./refund-status";
import { newUser, payFor, TEST_CONFIG, testDeps } from "./testing";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
  process.env.AUTH_SECRET = "refund-status-test-auth-secret-0123456789-abcdef";
});
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

const { t } = routeTestDatabase({ sandboxGateway: TEST_CONFIG });
let organiserId: string;
beforeAll(async () => {
  const [org] = await t.db.select({ id: users.id }).from(users).where(eq(users.role, "organiser")).limit(1);
  organiserId = org!.id;
}, 60_000);
beforeEach(async () => {
  await writeSwitches(t.db, {}, true);
  // Each test settles only its own refunds: earlier tests' leftovers are closed.
  await t.db.update(refunds).set({ status: "failed" }).where(eq(refunds.status, "requested"));
});

const MIN = 60_000;
const paymentOf = async (merchTxnId: string) => (await t.db.select().from(payments).where(eq(payments.merchTxnId, merchTxnId)))[0]!;
const refundOf = async (refundRef: string) => (await t.db.select().from(refunds).where(eq(refunds.refundRef, refundRef)))[0]!;
const later = (base: Date, ms: number) => new Date(base.getTime() + ms);

async function paidPayment(): Promise<Payment> {
  const deps = testDeps(t);
  const { started } = await payFor(deps, await newUser(t), { eventSlug: "code-sprint" });
  return paymentOf(started.merchTxnId);
}

async function itemOf(p: Payment) {
  const [row] = await t.db
    .select({ item: paymentItems, registration: registrations })
    .from(paymentItems)
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .where(eq(paymentItems.paymentId, p.id));
  return row!;
}

/** A refund whose REFUNDINIT answer never came back: kept "requested", its amount reserved. */
async function lostRefund(amountPaise = 25_000) {
  const p = await paidPayment();
  await writeSwitches(t.db, { refundAnswer: "lost" });
  const r = await refundPayment(testDeps(t), { id: organiserId }, p.merchTxnId, { amountPaise, reason: "withdrew from the event" });
  await writeSwitches(t.db, { refundAnswer: "normal" });
  expect(r.outcome).toBe("pending");
  expect(r.refund.status).toBe("requested");
  return { p, refund: r.refund };
}

describe(`item 5: refunds still requested are settled with REFUNDSTATUS (${testDatabaseKind()})`, () => {
  it("a lost answer: the reconciler finds the refund made and records it as record() does (item, payment, registration refunded)", async () => {
    const { p, refund } = await lostRefund();
    const { item, registration } = await itemOf(p);
    expect(registration.status).toBe("paid");
    expect((await refundable(t.db, p, item, true)).inFlightPaise).toBe(25_000);
    // Too young: its REFUNDINIT call may still be under way.
    expect((await settleRequestedRefunds(testDeps(t), { now: later(refund.createdAt, 2 * MIN) })).checked).toBe(0);

    const report = await reconcile(testDeps(t), { now: later(refund.createdAt, 6 * MIN) });
    expect(report.refunds).toEqual({ checked: 1, accepted: 1, failed: 0, released: 0, unchanged: 0, errors: 0 });
    const settled = await refundOf(refund.refundRef);
    expect(settled.status).toBe("accepted");
    expect(settled.gatewayRefundId).toMatch(/^\d{10}$/);
    expect(await paymentOf(p.merchTxnId)).toMatchObject({ status: "success", refundedPaise: 25_000 });
    const after = await itemOf(p);
    expect(after.item.refundedPaise).toBe(25_000);
    expect(after.registration.status).toBe("refunded");
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.paymentId, p.id), eq(auditLog.action, "refund.accepted")));
    expect(audit).toMatchObject({ actorId: null, details: { refundRef: refund.refundRef, amountPaise: 25_000 } });
    const logged = await t.db
      .select()
      .from(gatewayMessages)
      .where(and(eq(gatewayMessages.paymentId, p.id), eq(gatewayMessages.kind, "refund_status")));
    expect(logged.map((m) => m.direction).sort()).toEqual(["inbound", "outbound"]);
    expect(JSON.stringify(logged.map((m) => m.plain))).not.toContain(TEST_CONFIG.password);
    expect(logged.find((m) => m.direction === "inbound")!.outcome).toBe(`refund-status:accepted:${refund.refundRef}:OTS0000`);
    // Settled once: nothing left to ask about.
    expect((await settleRequestedRefunds(testDeps(t), { now: later(refund.createdAt, 60 * MIN) })).checked).toBe(0);
  });

  it("a top-level OTS0001 with no per-product status stays requested, and REFUNDSTATUS then settles it as accepted", async () => {
    const p = await paidPayment();
    await writeSwitches(t.db, { refundAnswer: "ots0001" });
    const r = await refundPayment(testDeps(t), { id: organiserId }, p.merchTxnId, { amountPaise: 10_000, reason: "partial refund" });
    expect(r).toMatchObject({ outcome: "pending", refund: { status: "requested", gatewayStatusCode: "OTS0001" } });
    const report = await settleRequestedRefunds(testDeps(t), { now: later(r.refund.createdAt, 6 * MIN) });
    expect(report).toMatchObject({ checked: 1, accepted: 1 });
    expect((await refundOf(r.refund.refundRef)).status).toBe("accepted");
    // A partial refund keeps the registration paid.
    expect((await itemOf(p)).registration.status).toBe("paid");
  });

  it("a refund the gateway never received: kept reserved through the grace time, then failed and its amount released", async () => {
    const p = await paidPayment();
    // The REFUNDINIT request never leaves (connection refused): the app cannot know, so it stays requested.
    const inner = sandboxFetch(t.db, TEST_CONFIG);
    const cutOff = ((url: string | URL | Request, init?: RequestInit) =>
      String(url).includes("/ots/payment/refund") ? Promise.reject(new TypeError("fetch failed")) : inner(url, init)) as typeof fetch;
    const deps = testDeps(t, { gateway: createAtomPayClient(TEST_CONFIG, { fetch: cutOff, retryDelayMs: 0 }) });
    const r = await refundPayment(deps, { id: organiserId }, p.merchTxnId, { amountPaise: 25_000, reason: "withdrew from the event" });
    expect(r.outcome).toBe("pending");
    const { item } = await itemOf(p);

    expect(await settleRequestedRefunds(deps, { now: later(r.refund.createdAt, 10 * MIN) })).toMatchObject({ checked: 1, unchanged: 1 });
    expect((await refundOf(r.refund.refundRef)).status).toBe("requested");
    expect((await refundable(t.db, p, item, true)).remainingPaise).toBe(0);
    // Asked again only after the backoff.
    expect((await settleRequestedRefunds(deps, { now: later(r.refund.createdAt, 11 * MIN) })).checked).toBe(0);

    expect(await settleRequestedRefunds(deps, { now: later(r.refund.createdAt, 61 * MIN) })).toMatchObject({ checked: 1, released: 1 });
    const released = await refundOf(r.refund.refundRef);
    expect(released.status).toBe("failed");
    expect(released.gatewayMessage).toBe(
      "AtomPay holds no such refund 60 minutes after it was sent: it was never made; the amount is released",
    );
    expect((await refundable(t.db, p, item, true)).remainingPaise).toBe(25_000);
    expect((await itemOf(p)).registration.status).toBe("paid");
    // The organiser can refund it again, and this time it goes through.
    expect(
      (await refundPayment(testDeps(t), { id: organiserId }, p.merchTxnId, { amountPaise: 25_000, reason: "withdrew, second try" }))
        .outcome,
    ).toBe("accepted");
  });

  it("a grace time from the settings (REFUND_ABSENT_GRACE_MINUTES): released after 10 minutes when told so", async () => {
    const p = await paidPayment();
    const inner = sandboxFetch(t.db, TEST_CONFIG);
    const cutOff = ((url: string | URL | Request, init?: RequestInit) =>
      String(url).includes("/ots/payment/refund") ? Promise.reject(new TypeError("fetch failed")) : inner(url, init)) as typeof fetch;
    const deps = testDeps(t, {
      gateway: createAtomPayClient(TEST_CONFIG, { fetch: cutOff, retryDelayMs: 0 }),
      refundAbsentGraceMs: 10 * MIN,
    });
    const r = await refundPayment(deps, { id: organiserId }, p.merchTxnId, { amountPaise: 5_000, reason: "partial" });
    expect(await settleRequestedRefunds(deps, { now: later(r.refund.createdAt, 11 * MIN) })).toMatchObject({ checked: 1, released: 1 });
  });

  it("an answer that says nothing or a gateway that is down leaves the refund requested and its amount reserved", async () => {
    const { refund } = await lostRefund(5_000);
    await writeSwitches(t.db, { status: "empty" });
    expect(await settleRequestedRefunds(testDeps(t), { now: later(refund.createdAt, 6 * MIN) })).toMatchObject({
      checked: 1,
      unchanged: 1,
    });
    await writeSwitches(t.db, { status: "down" });
    expect(await settleRequestedRefunds(testDeps(t), { now: later(refund.createdAt, 61 * MIN) })).toMatchObject({ checked: 1, errors: 1 });
    expect((await refundOf(refund.refundRef)).status).toBe("requested");
  });
});

describe(`issue 22 item 1: REFUNDSTATUS in either shape, each refund decided from its remarks (${testDatabaseKind()})`, () => {
  it.each(["array", "object"] as const)("%s shape, REFUND PROCESSED: accepted and recorded", async (shape) => {
    const { p, refund } = await lostRefund(5_000);
    await writeSwitches(t.db, { refundStatusShape: shape, refundStatusRemarks: "REFUND PROCESSED" });
    expect(await settleRequestedRefunds(testDeps(t), { now: later(refund.createdAt, 6 * MIN) })).toMatchObject({ checked: 1, accepted: 1 });
    expect(await refundOf(refund.refundRef)).toMatchObject({
      status: "accepted",
      gatewayMessage: expect.stringContaining("REFUND PROCESSED"),
    });
    expect((await paymentOf(p.merchTxnId)).refundedPaise).toBe(5_000);
  });

  it.each([
    ["array", "REFUND REJECTED", "rejected"],
    ["object", "REFUND REJECTED", "rejected"],
    ["object", "REFUND FAILED", "failed"],
  ] as const)("%s shape, %s: failed, its amount released, and the organiser is told why", async (shape, remarks, how) => {
    const { p, refund } = await lostRefund();
    const { item } = await itemOf(p);
    expect((await refundable(t.db, p, item, true)).remainingPaise).toBe(0);
    await writeSwitches(t.db, { refundStatusShape: shape, refundStatusRemarks: remarks });
    expect(await settleRequestedRefunds(testDeps(t), { now: later(refund.createdAt, 6 * MIN) })).toMatchObject({ checked: 1, failed: 1 });
    const settled = await refundOf(refund.refundRef);
    expect(settled.status).toBe("failed");
    expect(settled.gatewayMessage).toBe(`AtomPay ${how} it: ${how} (remarks: "${remarks}"); the amount is released`);
    expect((await refundable(t.db, p, item, true)).remainingPaise).toBe(25_000);
    expect(await paymentOf(p.merchTxnId)).toMatchObject({ refundedPaise: 0 });
    const after = await itemOf(p);
    expect(after.item.refundedPaise).toBe(0);
    expect(after.registration.status).toBe("paid");
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.paymentId, p.id), eq(auditLog.action, "refund.failed")));
    expect(audit?.details).toMatchObject({ refundRef: refund.refundRef, message: expect.stringContaining(remarks) });
  });

  it.each([
    ["REFUND PENDING", 'AtomPay lists the refund as pending: pending (remarks: "REFUND PENDING")'],
    ["REFUND ON HOLD", 'AtomPay did not say (listed with remarks we do not know ("REFUND ON HOLD"))'],
  ] as const)(
    "%s: stays requested and reserved, never taken as success, and what AtomPay said is kept on the refund",
    async (remarks, said) => {
      const { p, refund } = await lostRefund();
      const { item } = await itemOf(p);
      await writeSwitches(t.db, { refundStatusShape: "object", refundStatusRemarks: remarks });
      expect(await settleRequestedRefunds(testDeps(t), { now: later(refund.createdAt, 6 * MIN) })).toMatchObject({
        checked: 1,
        unchanged: 1,
      });
      expect(await refundOf(refund.refundRef)).toMatchObject({ status: "requested", gatewayMessage: said });
      expect((await refundable(t.db, p, item, true)).remainingPaise).toBe(0);
      expect((await paymentOf(p.merchTxnId)).refundedPaise).toBe(0);
      // Past the grace time it is still not released: it is listed, so it was made.
      expect(await settleRequestedRefunds(testDeps(t), { now: later(refund.createdAt, 120 * MIN) })).toMatchObject({
        checked: 1,
        unchanged: 1,
      });
      expect((await refundOf(refund.refundRef)).status).toBe("requested");
    },
  );
});

describe(`item 5: the console's "Check refunds with AtomPay" button (${testDatabaseKind()})`, () => {
  const call = (merchTxnId: string, token?: string) =>
    refundStatusRoute(
      new Request(`http://localhost:3000/api/organiser/payments/${merchTxnId}/refund-status`, {
        method: "POST",
        headers: token ? { authorization: `Bearer ${token}` } : {},
      }),
      { params: Promise.resolve({ merchTxnId }) },
    );

  it("settles a lost refund at once for an organiser; 401 signed out, 403 for an attendee, 404 for no such payment, 502 with AtomPay down", async () => {
    const { p, refund } = await lostRefund();
    const organiser = (await issueToken(t.db, organiserId)).token;
    const attendee = (await issueToken(t.db, (await newUser(t)).id)).token;
    expect((await call(p.merchTxnId)).status).toBe(401);
    expect((await call(p.merchTxnId, attendee)).status).toBe(403);
    expect((await call("ANWNOSUCHPAYMENT1", organiser)).status).toBe(404);

    await writeSwitches(t.db, { status: "down" });
    const down = await call(p.merchTxnId, organiser);
    expect(down.status).toBe(502);
    expect(((await down.json()) as { error: { code: string } }).error.code).toBe("gateway_error");
    expect((await refundOf(refund.refundRef)).status).toBe("requested");

    await writeSwitches(t.db, { status: "normal" });
    const res = await call(p.merchTxnId, organiser);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { refunds: { refundRef: string; outcome: string; message: string }[] };
    expect(body.refunds).toEqual([
      {
        refundRef: refund.refundRef,
        amountPaise: 25_000,
        outcome: "accepted",
        message: expect.stringMatching(/^AtomPay made the refund of ₹250\.00 \(refund id \d{10}\)\.$/),
      },
    ]);
    expect((await refundOf(refund.refundRef)).status).toBe("accepted");
    const actions = await t.db.select().from(auditLog).where(eq(auditLog.paymentId, p.id));
    expect(actions.filter((a) => a.action === "refund.accepted").map((a) => a.actorId)).toEqual([organiserId]);
    expect(actions.filter((a) => a.action === "refund.checked").map((a) => a.actorId)).toEqual([organiserId, organiserId]);
    // Nothing left to check: an empty list, not an error.
    expect(await (await call(p.merchTxnId, organiser)).json()).toEqual({ refunds: [] });
  });
});
