// Registrations against a real database and the in-process sandbox gateway: seats in a rush, a late success over
// capacity, refunds ending registrations, the fee kept from when the registration was made, and what people see.
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events, outbox, paymentItems, payments, registrations } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { ApiError } from "@/lib/errors";
import { receiveGatewayMessage } from "@/lib/payments/receive";
import { refundPayment } from "@/lib/payments/refund";
import { startPayment } from "@/lib/payments/start";
import { genuineReturn, newUser, payFor, prepare, testDeps, soloEvent as testSoloEvent } from "@/lib/payments/testing";
import { acceptInvitation, invitationsOf } from "@/lib/teams/invitations";
import { createTeam } from "@/lib/teams/teams";
import { registrationsOfUser } from "./registrations";
import { HOLD_GRACE_MS, seatsLeftByEvent } from "./seats";

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

const soloEvent = (capacity: number | null, feePaise?: number) => testSoloEvent(t, capacity, feePaise);

const registrationOf = async (merchTxnId: string) => {
  const [row] = await t.db
    .select({ r: registrations, item: paymentItems, payment: payments })
    .from(payments)
    .innerJoin(paymentItems, eq(paymentItems.paymentId, payments.id))
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .where(eq(payments.merchTxnId, merchTxnId));
  return row!;
};

/** Makes a hold look as if it ran out long ago (its token's lifetime and the grace both passed). */
const expireHold = (registrationId: string) =>
  t.db
    .update(registrations)
    .set({ heldUntil: new Date(Date.now() - HOLD_GRACE_MS - 60_000) })
    .where(eq(registrations.id, registrationId));

describe(`registrations and seats on ${testDatabaseKind()}`, () => {
  it("in a rush of 50 for the last 3 seats, exactly 3 payments start; the rest are told the event is full", {
    timeout: 120_000,
  }, async () => {
    const event = await soloEvent(3);
    const deps = testDeps(t);
    const people = await Promise.all(Array.from({ length: 50 }, (_, i) => newUser(t, `rush${i}`)));
    const results = await Promise.allSettled(people.map((u) => startPayment(deps, u, { eventSlug: event.slug })));
    const started = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(started).toHaveLength(3);
    expect(refused).toHaveLength(47);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(ApiError);
      expect((r.reason as ApiError).status).toBe(409);
      expect((r.reason as ApiError).message).toBe(`${event.name} is full: every seat is taken or being paid for right now.`);
    }
    const rows = await t.db.select().from(registrations).where(eq(registrations.eventId, event.id));
    expect(rows.filter((r) => r.heldUntil && r.heldUntil > new Date())).toHaveLength(3);
    expect((await seatsLeftByEvent(t.db, [event])).get(event.id)).toBe(0);
  });

  it("a seat whose hold ran out goes to the next person; a failed payment gives its seat back at once", async () => {
    const event = await soloEvent(1);
    const deps = testDeps(t);
    const [a, b, c] = [await newUser(t, "a"), await newUser(t, "b"), await newUser(t, "c")];
    const first = await startPayment(deps, a, { eventSlug: event.slug });
    expect(((await startPayment(deps, b, { eventSlug: event.slug }).catch((e: ApiError) => e)) as ApiError).status).toBe(409);
    await expireHold(first.items[0]!.registrationId);
    const second = await startPayment(deps, b, { eventSlug: event.slug });
    // b's payment fails at the bank: the seat is free again for c straight away
    await receiveGatewayMessage(deps, genuineReturn(second.merchTxnId, second.amountPaise, { statusCode: "OTS0600" }), "return");
    expect((await registrationOf(second.merchTxnId)).r.heldUntil).toBeNull();
    const third = await startPayment(deps, c, { eventSlug: event.slug });
    expect(third.amountPaise).toBe(10_000);
  });

  it("a success after the hold ran out while the seat went to someone else is flagged, never admitted over capacity", async () => {
    const event = await soloEvent(1);
    const deps = testDeps(t);
    const [late, onTime] = [await newUser(t, "late"), await newUser(t, "ontime")];
    const slow = await startPayment(deps, late, { eventSlug: event.slug });
    await expireHold(slow.items[0]!.registrationId);
    await payFor(deps, onTime, { eventSlug: event.slug });
    const outcome = await receiveGatewayMessage(deps, genuineReturn(slow.merchTxnId, slow.amountPaise), "return");
    expect(outcome).toMatchObject({ kind: "settled", status: "flagged", changed: true });
    const { r, item, payment } = await registrationOf(slow.merchTxnId);
    expect(r.status).toBe("awaiting_payment");
    expect(item).toMatchObject({ status: "flagged", flagReason: "paid, but the event was full" });
    expect(payment.flagReason).toBe(`${event.name}: paid, but the event was full`);
    const paid = await t.db.select().from(registrations).where(eq(registrations.eventId, event.id));
    expect(paid.filter((x) => x.status === "paid")).toHaveLength(1);
  });

  it("a late success with a seat still free is admitted", async () => {
    const event = await soloEvent(2);
    const deps = testDeps(t);
    const u = await newUser(t, "slow");
    const slow = await startPayment(deps, u, { eventSlug: event.slug });
    await expireHold(slow.items[0]!.registrationId);
    const outcome = await receiveGatewayMessage(deps, genuineReturn(slow.merchTxnId, slow.amountPaise), "return");
    expect(outcome).toMatchObject({ kind: "settled", status: "success", changed: true });
    expect((await registrationOf(slow.merchTxnId)).r.status).toBe("paid");
  });

  it("a second success for a paid registration is flagged for that item, the first stays paid", async () => {
    const event = await soloEvent(null);
    const deps = testDeps(t);
    const u = await newUser(t, "twice");
    const old = await startPayment(deps, u, { eventSlug: event.slug });
    // the first payment is given up on (expired); a second one is paid; then the first succeeds after all
    await t.db.update(payments).set({ status: "expired" }).where(eq(payments.merchTxnId, old.merchTxnId));
    await t.db.update(paymentItems).set({ status: "expired" }).where(eq(paymentItems.paymentId, old.paymentId));
    const { started: fresh } = await payFor(deps, u, { eventSlug: event.slug });
    const late = await receiveGatewayMessage(deps, genuineReturn(old.merchTxnId, old.amountPaise), "return");
    expect(late).toMatchObject({ status: "flagged", changed: true });
    expect((await registrationOf(old.merchTxnId)).item.flagReason).toBe(
      "a second successful payment for a registration that was already paid",
    );
    expect((await registrationOf(fresh.merchTxnId)).item.status).toBe("success");
  });

  it("a full refund ends the registration and frees the seat; the person may register again; a partial one keeps it paid", async () => {
    const event = await soloEvent(1);
    const deps = testDeps(t);
    const [u, other] = [await newUser(t, "refund"), await newUser(t, "other")];
    const { started } = await payFor(deps, u, { eventSlug: event.slug });
    const partial = await refundPayment(deps, { id: organiserId }, started.merchTxnId, {
      amountPaise: 4_000,
      reason: "Part of the fee back",
    });
    expect(partial.outcome).toBe("accepted");
    expect((await registrationOf(started.merchTxnId)).r.status).toBe("paid");
    expect(((await startPayment(deps, other, { eventSlug: event.slug }).catch((e: ApiError) => e)) as ApiError).status).toBe(409);

    const rest = await refundPayment(deps, { id: organiserId }, started.merchTxnId, { amountPaise: 6_000, reason: "Could not attend" });
    expect(rest.outcome).toBe("accepted");
    const { r, item } = await registrationOf(started.merchTxnId);
    expect(r.status).toBe("refunded");
    expect(item.refundedPaise).toBe(10_000);
    // Each accepted refund queued its own mail to the payer, once.
    const mails = await t.db
      .select()
      .from(outbox)
      .where(inArray(outbox.key, [`refund:${partial.refund.refundRef}`, `refund:${rest.refund.refundRef}`]));
    expect(mails.map((m) => [m.template, m.recipient])).toEqual([
      ["refund-accepted", u.email],
      ["refund-accepted", u.email],
    ]);
    expect((await seatsLeftByEvent(t.db, [event])).get(event.id)).toBe(1);
    const [view] = (await registrationsOfUser(t.db, u.id)).filter((x) => x.event.slug === event.slug);
    expect(view).toMatchObject({ status: "refunded", payment: { merchTxnId: started.merchTxnId, status: "success" } });
    // registering again makes a new registration and a new payment
    const again = await startPayment(deps, u, { eventSlug: event.slug });
    expect(again.items[0]!.registrationId).not.toBe(r.id);
  });

  it("the fee is the one copied onto the registration when it was made", async () => {
    const event = await soloEvent(null, 20_000);
    const deps = testDeps(t);
    const u = await newUser(t, "fee");
    const first = await startPayment(deps, u, { eventSlug: event.slug });
    await receiveGatewayMessage(deps, genuineReturn(first.merchTxnId, first.amountPaise, { statusCode: "OTS0600" }), "return");
    await t.db.update(events).set({ feePaise: 99_900 }).where(eq(events.id, event.id));
    const retry = await startPayment(deps, u, { eventSlug: event.slug });
    expect(retry.amountPaise).toBe(20_000);
  });

  it("teammates see the team's registration and the captain's payment", async () => {
    const deps = testDeps(t);
    const [captain, mate] = [await newUser(t, "cap"), await newUser(t, "mate")];
    const { teamId } = await createTeam(t.db, captain, { eventSlug: "quiz-bowl", name: `Seen ${Date.now()}`, members: [mate.email] });
    await acceptInvitation(t.db, mate, (await invitationsOf(t.db, mate))[0]!.id);
    const { started } = await payFor(deps, captain, { eventSlug: "quiz-bowl", teamId });
    const [view] = await registrationsOfUser(t.db, mate.id);
    expect(view).toMatchObject({
      status: "paid",
      event: { slug: "quiz-bowl", name: "Quiz Bowl", kind: "team" },
      team: {
        id: teamId,
        captain: false,
        members: [
          { anweshaId: captain.anweshaId, name: captain.name },
          { anweshaId: mate.anweshaId, name: mate.name },
        ],
      },
      payment: { merchTxnId: started.merchTxnId, status: "success" },
    });
  });
});

describe(`admitting a flagged item on ${testDatabaseKind()}`, () => {
  it("an organiser admits a success that came after the event filled up; only a flagged item can be admitted", async () => {
    const { admitFlaggedItem } = await import("@/lib/payments/settle/admit");
    const event = await soloEvent(1);
    const deps = testDeps(t);
    const [late, onTime] = [await newUser(t, "late"), await newUser(t, "ontime")];
    const slow = await startPayment(deps, late, { eventSlug: event.slug });
    await expireHold(slow.items[0]!.registrationId);
    const { started: paid } = await payFor(deps, onTime, { eventSlug: event.slug });
    await receiveGatewayMessage(deps, genuineReturn(slow.merchTxnId, slow.amountPaise), "return");
    const notFlagged = await admitFlaggedItem(t.db, { id: organiserId }, paid.merchTxnId, paid.items[0]!.registrationId).catch(
      (e: ApiError) => e,
    );
    expect([(notFlagged as ApiError).status, (notFlagged as ApiError).message]).toEqual([409, "Only a flagged item can be admitted."]);
    await admitFlaggedItem(t.db, { id: organiserId }, slow.merchTxnId, slow.items[0]!.registrationId);
    const { r, item, payment } = await registrationOf(slow.merchTxnId);
    expect([r.status, item.status, payment.status]).toEqual(["paid", "success", "success"]);
    const again = await admitFlaggedItem(t.db, { id: organiserId }, slow.merchTxnId, slow.items[0]!.registrationId).catch(
      (e: ApiError) => e,
    );
    expect((again as ApiError).status).toBe(409);
  });
});
