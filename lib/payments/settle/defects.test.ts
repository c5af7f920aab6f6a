// Issue 21's findings 1 and 3, each as it was found, through the real return path, the real refund and admit, on
// the real database: a late success after an attempt's seat was released must never oversell, and an item whose
// money went back must never be admitted.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events, paymentItems, payments, refunds, registrations } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { ApiError } from "@/lib/errors";
import { receiveGatewayMessage } from "@/lib/payments/receive";
import { refundPayment } from "@/lib/payments/refund";
import { startPayment } from "@/lib/payments/start";
import { genuineReturn, newUser, payFor, prepare, soloEvent, testDeps } from "@/lib/payments/testing";
import { seatsLeftByEvent } from "@/lib/registrations/seats";
import { sandboxComplete } from "@/lib/sandbox/gateway";
import { acceptInvitation, invitationsOf } from "@/lib/teams/invitations";
import { leaveTeam } from "@/lib/teams/roster";
import { createTeam } from "@/lib/teams/teams";
import { admitFlaggedItem } from "./admit";
import { settle } from "./index";

let t: TestDatabase;
let organiserId: string;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
  organiserId = (await newUser(t, "org")).id;
});
afterAll(async () => {
  await t?.dispose();
});

const rowsOf = async (merchTxnId: string) => {
  const [row] = await t.db
    .select({ r: registrations, item: paymentItems, payment: payments })
    .from(payments)
    .innerJoin(paymentItems, eq(paymentItems.paymentId, payments.id))
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .where(eq(payments.merchTxnId, merchTxnId));
  return row!;
};
const paidFor = async (eventId: string) =>
  (await t.db.select().from(registrations).where(eq(registrations.eventId, eventId))).filter((r) => r.status === "paid").length;

describe(`a late success after its seat was released, on ${testDatabaseKind()}`, () => {
  // The routes by which an attempt's seat is released: each ends the attempt through the one door.
  const releases = {
    "the reconciler (expired)": (id: string) => settle(t.db, id, { kind: "local", status: "expired", reason: "never completed" }),
    "the attendee leaving the gateway's window (cancelled)": (id: string) =>
      settle(t.db, id, { kind: "local", by: "attendee", status: "cancelled", reason: "cancelTransaction" }),
    "the bank's failure": (id: string) => settle(t.db, id, { kind: "gateway", source: "status", statusCode: "OTS0600" }),
  };
  for (const [route, release] of Object.entries(releases)) {
    it(`capacity 1: A's attempt ends by ${route}, B pays, A's success arrives late: flagged, never a second seat`, async () => {
      const event = await soloEvent(t, 1);
      const deps = testDeps(t);
      const [a, b] = [await newUser(t, "a"), await newUser(t, "b")];
      const first = await startPayment(deps, a, { eventSlug: event.slug });
      expect((await startPayment(deps, b, { eventSlug: event.slug }).catch((e: ApiError) => e)) as ApiError).toMatchObject({ status: 409 });
      await release(first.merchTxnId);
      expect((await rowsOf(first.merchTxnId)).r.heldUntil).toBeNull();
      await payFor(deps, b, { eventSlug: event.slug });
      const late = await receiveGatewayMessage(deps, genuineReturn(first.merchTxnId, first.amountPaise), "return");
      expect(late).toMatchObject({ kind: "settled", status: "flagged", changed: true });
      const { r, item } = await rowsOf(first.merchTxnId);
      expect([r.status, item.status, item.flagReason]).toEqual(["awaiting_payment", "flagged", "paid, but the event was full"]);
      expect(await paidFor(event.id)).toBe(1);
      expect((await seatsLeftByEvent(t.db, [event])).get(event.id)).toBe(0);
    });
  }

  it("with a seat still free, the late success after a release is paid", async () => {
    const event = await soloEvent(t, 2);
    const deps = testDeps(t);
    const a = await newUser(t, "a2");
    const first = await startPayment(deps, a, { eventSlug: event.slug });
    await releases["the reconciler (expired)"](first.merchTxnId);
    const late = await receiveGatewayMessage(deps, genuineReturn(first.merchTxnId, first.amountPaise), "return");
    expect(late).toMatchObject({ kind: "settled", status: "success", changed: true });
    expect((await rowsOf(first.merchTxnId)).r.status).toBe("paid");
  });
});

describe(`a team's late success after its roster changed, on ${testDatabaseKind()}`, () => {
  it("a member leaves after the attempt ended; the captain's late success is flagged, never a team below its minimum", async () => {
    const slug = `duo-${Date.now()}`;
    await t.db.insert(events).values({ slug, name: "Duo", kind: "team", feePaise: 20_000, minTeamSize: 2, maxTeamSize: 3 });
    const deps = testDeps(t);
    const [captain, mate] = [await newUser(t, "cap"), await newUser(t, "mate")];
    const { teamId } = await createTeam(t.db, captain, { eventSlug: slug, name: `Duo ${Date.now()}`, members: [mate.email] });
    await acceptInvitation(t.db, mate, (await invitationsOf(t.db, mate))[0]!.id);
    const started = await startPayment(deps, captain, { eventSlug: slug, teamId });
    const { form } = await sandboxComplete(t.db, deps.config, { atomTokenId: started.atomTokenId, outcome: "success", mode: "NB" });
    await settle(t.db, started.merchTxnId, { kind: "local", status: "expired", reason: "never completed" });
    await leaveTeam(t.db, mate, teamId);
    const late = await receiveGatewayMessage(deps, form!, "return");
    expect(late).toMatchObject({ kind: "settled", status: "flagged", changed: true });
    const { r, item } = await rowsOf(started.merchTxnId);
    expect([r.status, item.status, item.flagReason]).toEqual([
      "awaiting_payment",
      "flagged",
      "paid, but the team's members no longer fit the event's team size",
    ]);
  });
});

describe(`admitting a flagged item whose money went back, on ${testDatabaseKind()}`, () => {
  /** A success that arrived after its event filled up: flagged, its registration still awaiting payment. */
  async function flaggedLate() {
    const event = await soloEvent(t, 1);
    const deps = testDeps(t);
    const [late, onTime] = [await newUser(t, "late"), await newUser(t, "ontime")];
    const slow = await startPayment(deps, late, { eventSlug: event.slug });
    // Paid on the gateway's page (so the gateway knows the transaction and can refund it), but the return is late.
    const { form } = await sandboxComplete(t.db, deps.config, { atomTokenId: slow.atomTokenId, outcome: "success", mode: "NB" });
    await settle(t.db, slow.merchTxnId, { kind: "local", status: "expired", reason: "never completed" });
    await payFor(deps, onTime, { eventSlug: event.slug });
    await receiveGatewayMessage(deps, form!, "return");
    expect((await rowsOf(slow.merchTxnId)).item.status).toBe("flagged");
    return { event, deps, slow };
  }

  it("a flagged item refunded in full ends its registration and cannot be admitted: no pass, no seat over capacity", async () => {
    const { event, deps, slow } = await flaggedLate();
    const refund = await refundPayment(deps, { id: organiserId }, slow.merchTxnId, {
      amountPaise: slow.amountPaise,
      reason: "Event was full",
    });
    expect(refund.outcome).toBe("accepted");
    const { r, item } = await rowsOf(slow.merchTxnId);
    expect([r.status, item.refundedPaise]).toEqual(["refunded", slow.amountPaise]);
    expect(r.endedAt).not.toBeNull();
    const admit = await admitFlaggedItem(t.db, { id: organiserId }, slow.merchTxnId, slow.items[0]!.registrationId).catch((e) => e);
    expect(admit).toBeInstanceOf(ApiError);
    expect([(admit as ApiError).status, (admit as ApiError).message]).toEqual([
      409,
      "Money for this item was refunded or is being refunded: it cannot be admitted.",
    ]);
    const after = await rowsOf(slow.merchTxnId);
    expect([after.r.status, after.item.status, after.payment.status]).toEqual(["refunded", "flagged", "flagged"]);
    expect(await paidFor(event.id)).toBe(1);
  });

  it("a flagged item with a refund still in flight cannot be admitted", async () => {
    const { slow } = await flaggedLate();
    const { item, payment } = await rowsOf(slow.merchTxnId);
    await t.db.insert(refunds).values({
      paymentId: payment.id,
      itemId: item.id,
      refundRef: `R${Date.now()}${Math.random().toString(36).slice(2, 8)}`,
      amountPaise: 1_000,
      reason: "in flight",
      requestedBy: organiserId,
    });
    const admit = await admitFlaggedItem(t.db, { id: organiserId }, slow.merchTxnId, slow.items[0]!.registrationId).catch((e) => e);
    expect((admit as ApiError).status).toBe(409);
    expect((await rowsOf(slow.merchTxnId)).r.status).toBe("awaiting_payment");
  });

  it("a flagged duplicate refunded in full leaves the registration another payment paid", async () => {
    const event = await soloEvent(t, null);
    const deps = testDeps(t);
    const u = await newUser(t, "twice");
    const old = await startPayment(deps, u, { eventSlug: event.slug });
    const { form } = await sandboxComplete(t.db, deps.config, { atomTokenId: old.atomTokenId, outcome: "success", mode: "NB" });
    await settle(t.db, old.merchTxnId, { kind: "local", status: "expired", reason: "never completed" });
    await payFor(deps, u, { eventSlug: event.slug });
    await receiveGatewayMessage(deps, form!, "return");
    expect((await rowsOf(old.merchTxnId)).item.status).toBe("flagged");
    expect(
      (await refundPayment(deps, { id: organiserId }, old.merchTxnId, { amountPaise: old.amountPaise, reason: "Paid twice" })).outcome,
    ).toBe("accepted");
    expect((await rowsOf(old.merchTxnId)).r.status).toBe("paid");
  });

  it("an organiser's admit of an untouched flagged item pays it and the payment, the one move flagged → success", async () => {
    const { event, slow } = await flaggedLate();
    await admitFlaggedItem(t.db, { id: organiserId }, slow.merchTxnId, slow.items[0]!.registrationId);
    const { r, item, payment } = await rowsOf(slow.merchTxnId);
    expect([r.status, item.status, payment.status]).toEqual(["paid", "success", "success"]);
    expect(await paidFor(event.id)).toBe(2); // on purpose, over capacity: the organiser's decision
  });
});
