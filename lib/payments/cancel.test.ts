// Issue 21 finding 5: cancelling in the payment window. The checkout overlay says "cancelTransaction" or
// "sessionTimeout"; POST /api/payments/{merchTxnId}/cancel ends the attempt on the payer's word: cancelled, its
// seat released, every surface says so and offers paying again; a genuine success arriving afterwards is decided
// like any late success (paid if a seat is free, flagged if not). Through the real route handlers.
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});
// No browser session here: a request without a bearer token is signed out.
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

import { GET as myPaymentsRoute } from "@/app/api/me/payments/route";
import { POST as cancelRoute } from "@/app/api/payments/[merchTxnId]/cancel/route";
import { GET as paymentRoute } from "@/app/api/payments/[merchTxnId]/route";
import { paymentItems, payments, registrations } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { sandboxComplete } from "@/lib/sandbox/gateway";
import { APP, routeTestDatabase } from "@/lib/server/route-testing";
import { receiveGatewayMessage } from "./receive";
import { startPayment } from "./start";
import { genuineReturn, newUser, payFor, rejection, soloEvent, testDeps } from "./testing";

const { t, bearer } = routeTestDatabase();

const byId = (merchTxnId: string) => ({ params: Promise.resolve({ merchTxnId }) });

async function cancel(u: CurrentUser | null, merchTxnId: string, body: unknown = { reason: "cancelTransaction" }) {
  const headers = { "content-type": "application/json", ...(u ? await bearer(u) : {}) };
  return cancelRoute(
    new Request(`${APP}/api/payments/${merchTxnId}/cancel`, { method: "POST", headers, body: JSON.stringify(body) }),
    byId(merchTxnId),
  );
}

async function paymentJson(u: CurrentUser, merchTxnId: string) {
  const res = await paymentRoute(new Request(`${APP}/api/payments/${merchTxnId}`, { headers: await bearer(u) }), byId(merchTxnId));
  expect(res.status).toBe(200);
  return res.json();
}

async function myPayment(u: CurrentUser, merchTxnId: string) {
  const res = await myPaymentsRoute(new Request(`${APP}/api/me/payments`, { headers: await bearer(u) }));
  expect(res.status).toBe(200);
  return ((await res.json()).payments as { merchTxnId: string }[]).find((p) => p.merchTxnId === merchTxnId);
}

async function rowsOf(merchTxnId: string) {
  const [p] = await t.db.select().from(payments).where(eq(payments.merchTxnId, merchTxnId));
  const items = await t.db
    .select({ status: paymentItems.status, registration: registrations })
    .from(paymentItems)
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .where(eq(paymentItems.paymentId, p!.id));
  return { payment: p!, items };
}

describe(`cancelling in the payment window on ${testDatabaseKind()}`, () => {
  it("the payer's cancel ends the attempt, frees its seat, and every surface says cancelled and offers paying again", async () => {
    const deps = testDeps(t);
    const event = await soloEvent(t, 1);
    const [a, b] = [await newUser(t, "a"), await newUser(t, "b")];
    const started = await startPayment(deps, a, { eventSlug: event.slug });
    // A holds the only seat while the window is open.
    expect((await rejection(startPayment(deps, b, { eventSlug: event.slug }))).status).toBe(409);

    // Only the payer may cancel: anyone else (and a stranger guessing ids) gets 404; signed out, 401.
    expect((await cancel(b, started.merchTxnId)).status).toBe(404);
    expect((await cancel(b, "ANW-NOSUCHTXN")).status).toBe(404);
    expect((await cancel(null, started.merchTxnId)).status).toBe(401);
    expect((await cancel(a, started.merchTxnId, { reason: "because" })).status).toBe(422);
    expect((await rowsOf(started.merchTxnId)).payment.status).toBe("pending");

    const res = await cancel(a, started.merchTxnId);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      merchTxnId: started.merchTxnId,
      status: "cancelled",
      shownAs: "cancelled",
      offer: "pay_again",
    });
    const { payment, items } = await rowsOf(started.merchTxnId);
    expect(payment.status).toBe("cancelled");
    expect(items).toMatchObject([{ status: "cancelled", registration: { status: "awaiting_payment", heldUntil: null } }]);

    // Idempotent: a second cancel (the overlay's message twice, a retry) answers the same and changes nothing.
    const again = await cancel(a, started.merchTxnId);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: "cancelled", offer: "pay_again" });
    expect((await rowsOf(started.merchTxnId)).payment.updatedAt).toEqual(payment.updatedAt);

    // The payment's JSON and My payments say cancelled, never "pending, your bank is deciding".
    expect(await paymentJson(a, started.merchTxnId)).toMatchObject({ status: "cancelled", shownAs: "cancelled", offer: "pay_again" });
    expect(await myPayment(a, started.merchTxnId)).toMatchObject({ status: "cancelled", shownAs: "cancelled", offer: "pay_again" });

    // The seat is free: B pays for it.
    const { outcome } = await payFor(deps, b, { eventSlug: event.slug });
    expect(outcome).toMatchObject({ kind: "settled", status: "success" });

    // A's bank sends a genuine success after all: a late success over a full event is flagged, never a second paid.
    const late = await receiveGatewayMessage(deps, genuineReturn(started.merchTxnId, started.amountPaise), "return");
    expect(late).toMatchObject({ kind: "settled", status: "flagged" });
    expect((await rowsOf(started.merchTxnId)).items[0]!.registration.status).toBe("awaiting_payment");
    const standing = await t.db.select({ status: registrations.status }).from(registrations).where(eq(registrations.eventId, event.id));
    expect(standing.filter((r) => r.status === "paid")).toHaveLength(1);
  });

  it("a session timeout says the attendee left the gateway's page; a success after it, with the seat still free, is paid", async () => {
    const deps = testDeps(t);
    const event = await soloEvent(t, 1);
    const a = await newUser(t, "timeout");
    const started = await startPayment(deps, a, { eventSlug: event.slug });
    const res = await cancel(a, started.merchTxnId, { reason: "sessionTimeout" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "cancelled", shownAs: "timed_out", offer: "pay_again" });
    expect(await myPayment(a, started.merchTxnId)).toMatchObject({ shownAs: "timed_out", offer: "pay_again" });

    const late = await receiveGatewayMessage(deps, genuineReturn(started.merchTxnId, started.amountPaise), "return");
    expect(late).toMatchObject({ kind: "settled", status: "success" });
    expect((await rowsOf(started.merchTxnId)).items[0]!.registration.status).toBe("paid");
    expect(await paymentJson(a, started.merchTxnId)).toMatchObject({ status: "success", shownAs: "success", offer: "none" });
  });

  it("an attempt that has ended is answered as it is (200), and one the bank is still deciding cannot be cancelled (409)", async () => {
    const deps = testDeps(t);
    const paidUser = await newUser(t, "paid");
    const { started } = await payFor(deps, paidUser, { eventSlug: "code-sprint" });
    const res = await cancel(paidUser, started.merchTxnId);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "success", offer: "none" });
    expect((await rowsOf(started.merchTxnId)).payment.status).toBe("success");

    // The bank said "pending from bank" (OTS0551): its money may be on the way; only the bank's answer ends it.
    const held = await newUser(t, "held");
    const pending = await startPayment(deps, held, { eventSlug: "code-sprint" });
    const { form } = await sandboxComplete(deps.db, deps.config, { atomTokenId: pending.atomTokenId, outcome: "pending-days", mode: "NB" });
    await receiveGatewayMessage(deps, form!, "return");
    const refused = await cancel(held, pending.merchTxnId);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.message).toMatch(/bank is still deciding/);
    expect((await rowsOf(pending.merchTxnId)).payment).toMatchObject({ status: "pending", gatewayStatusCode: "OTS0551" });
  });
});
