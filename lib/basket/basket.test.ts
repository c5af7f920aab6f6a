// Several events in one payment, against a real database and the in-process sandbox: all-or-none seat holds under
// a race, one success paying every item, per-item refunds, and every kind of bad basket refused before anything starts.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paymentItems, payments, registrations } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import type { ApiError } from "@/lib/errors";
import { receiveGatewayMessage } from "@/lib/payments/receive";
import { refundPayment } from "@/lib/payments/refund";
import { startPayment, startPaymentSchema } from "@/lib/payments/start";
import { newUser, prepare, rejection, testDeps, soloEvent as testSoloEvent } from "@/lib/payments/testing";
import { sandboxComplete } from "@/lib/sandbox/gateway";
import { acceptInvitation, invitationsOf } from "@/lib/teams/invitations";
import { createTeam } from "@/lib/teams/teams";
import { addToBasket, basketOf, removeFromBasket } from "./basket";

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

const itemsOf = async (merchTxnId: string) =>
  t.db
    .select({ item: paymentItems, registration: registrations })
    .from(paymentItems)
    .innerJoin(payments, eq(payments.id, paymentItems.paymentId))
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .where(eq(payments.merchTxnId, merchTxnId));

describe(`one checkout for several events on ${testDatabaseKind()}`, () => {
  it("three events (one a team) in one payment: the amount is the sum of the fees, one success pays every item", async () => {
    const deps = testDeps(t);
    const [captain, mate] = [await newUser(t, "cap"), await newUser(t, "mate")];
    const { teamId } = await createTeam(t.db, captain, {
      eventSlug: "quiz-bowl",
      name: `Basket team ${Date.now()}`,
      members: [mate.email],
    });
    await acceptInvitation(t.db, mate, (await invitationsOf(t.db, mate))[0]!.id);
    const input = startPaymentSchema.parse({
      items: [{ eventSlug: "code-sprint" }, { eventSlug: "solo-singing", amountPaise: 1 }, { eventSlug: "quiz-bowl", teamId }],
      amountPaise: 1,
    });
    const started = await startPayment(deps, captain, input);
    expect(started.amountPaise).toBe(25_000 + 15_000 + 30_000);
    expect(started.items.map((i) => [i.eventSlug, i.amountPaise])).toEqual([
      ["code-sprint", 25_000],
      ["solo-singing", 15_000],
      ["quiz-bowl", 30_000],
    ]);
    // a second click reuses the same payment
    expect((await startPayment(deps, captain, input)).merchTxnId).toBe(started.merchTxnId);
    const { form } = await sandboxComplete(t.db, deps.config, { atomTokenId: started.atomTokenId, outcome: "success", mode: "UP" });
    expect(await receiveGatewayMessage(deps, form!, "return")).toMatchObject({ status: "success", changed: true });
    const items = await itemsOf(started.merchTxnId);
    expect(items.map((i) => [i.item.status, i.registration.status])).toEqual([
      ["success", "paid"],
      ["success", "paid"],
      ["success", "paid"],
    ]);
  });

  it("a failure leaves every item awaiting payment and gives the seats back", async () => {
    const deps = testDeps(t);
    const u = await newUser(t, "fail");
    const [a, b] = [await soloEvent(5, 1_000), await soloEvent(5, 2_000)];
    const started = await startPayment(deps, u, { items: [{ eventSlug: a.slug }, { eventSlug: b.slug }] });
    const { form } = await sandboxComplete(t.db, deps.config, { atomTokenId: started.atomTokenId, outcome: "failure", mode: "NB" });
    await receiveGatewayMessage(deps, form!, "return");
    const items = await itemsOf(started.merchTxnId);
    expect(items.map((i) => [i.item.status, i.registration.status, i.registration.heldUntil])).toEqual([
      ["failed", "awaiting_payment", null],
      ["failed", "awaiting_payment", null],
    ]);
  });

  it("two baskets racing for the last seat of one of their events: one gets every seat it asked for, the other none", async () => {
    const deps = testDeps(t);
    const [last, roomy] = [await soloEvent(1, 5_000), await soloEvent(10, 6_000)];
    const [x, y] = [await newUser(t, "x"), await newUser(t, "y")];
    const basket = { items: [{ eventSlug: roomy.slug }, { eventSlug: last.slug }] };
    const results = await Promise.allSettled([startPayment(deps, x, basket), startPayment(deps, y, basket)]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0]!.reason as ApiError).status).toBe(409);
    expect((lost[0]!.reason as ApiError).message).toBe(`${last.name} is full: every seat is taken or being paid for right now.`);
    const loser = results[0]!.status === "rejected" ? x : y;
    const held = await t.db.select().from(registrations).where(eq(registrations.userId, loser.id));
    // the loser holds nothing, not even the seat in the roomy event
    expect(held.filter((r) => r.heldUntil && r.heldUntil > new Date())).toEqual([]);
  });

  it("refunds are per item; a payment of several items needs the registration named", async () => {
    const deps = testDeps(t);
    const u = await newUser(t, "refund");
    const [a, b] = [await soloEvent(null, 1_000), await soloEvent(null, 2_000)];
    const started = await startPayment(deps, u, { items: [{ eventSlug: a.slug }, { eventSlug: b.slug }] });
    const { form } = await sandboxComplete(t.db, deps.config, { atomTokenId: started.atomTokenId, outcome: "success", mode: "NB" });
    await receiveGatewayMessage(deps, form!, "return");
    const unnamed = await rejection(
      refundPayment(deps, { id: organiserId }, started.merchTxnId, { amountPaise: 1_000, reason: "which one?" }),
    );
    expect([unnamed.status, unnamed.message]).toEqual([
      422,
      "This payment covers several registrations: say which one to refund (registrationId).",
    ]);
    const itemB = started.items.find((i) => i.eventSlug === b.slug)!;
    const tooMuch = await rejection(
      refundPayment(deps, { id: organiserId }, started.merchTxnId, {
        amountPaise: 2_001,
        reason: "too much",
        registrationId: itemB.registrationId,
      }),
    );
    expect(tooMuch.status).toBe(422);
    const r = await refundPayment(deps, { id: organiserId }, started.merchTxnId, {
      amountPaise: 2_000,
      reason: "cannot come",
      registrationId: itemB.registrationId,
    });
    expect(r.outcome).toBe("accepted");
    const items = await itemsOf(started.merchTxnId);
    const status = Object.fromEntries(items.map((i) => [i.registration.eventId === b.id ? "b" : "a", i.registration.status]));
    expect(status).toEqual({ a: "paid", b: "refunded" });
  });

  it("bad baskets are refused before anything starts: empty, too many, the same event twice, a closed event, someone else's team", async () => {
    const deps = testDeps(t);
    const [u, captain] = [await newUser(t, "bad"), await newUser(t, "cap")];
    expect(startPaymentSchema.safeParse({ items: [] }).success).toBe(false);
    expect(startPaymentSchema.safeParse({ items: Array.from({ length: 50 }, () => ({ eventSlug: "code-sprint" })) }).success).toBe(false);
    const { teamId } = await createTeam(t.db, captain, { eventSlug: "quiz-bowl", name: `Not yours ${Date.now()}`, members: [] });
    const err = await rejection(
      startPayment(deps, u, {
        items: [
          { eventSlug: "code-sprint" },
          { eventSlug: "code-sprint" },
          { eventSlug: "treasure-hunt" },
          { eventSlug: "quiz-bowl", teamId },
        ],
      }),
    );
    expect(err.status).toBe(409);
    expect(err.details).toEqual({
      items: [
        { eventSlug: "code-sprint", message: "code-sprint is in the basket twice." },
        { eventSlug: "treasure-hunt", message: "Registration for Treasure Hunt is closed." },
        { eventSlug: "quiz-bowl", message: "Only the team's captain can pay for the team." },
      ],
    });
    const mine = await t.db.select().from(payments).where(eq(payments.userId, u.id));
    expect(mine).toEqual([]);
    expect(await t.db.select().from(registrations).where(eq(registrations.userId, u.id))).toEqual([]);
  });

  it("the basket lives on the server and says what blocks each line", async () => {
    const u = await newUser(t, "basket");
    const full = await soloEvent(1, 3_000);
    await addToBasket(t.db, u, "code-sprint");
    await addToBasket(t.db, u, "code-sprint"); // twice is harmless
    await addToBasket(t.db, u, full.slug);
    await startPayment(testDeps(t), await newUser(t, "first"), { eventSlug: full.slug }); // takes the only seat
    const view = await basketOf(t.db, u);
    expect(view.lines.map((l) => [l.eventSlug, l.feePaise, l.blocker])).toEqual([
      ["code-sprint", 25_000, null],
      [full.slug, 3_000, "The event is full."],
    ]);
    expect(view.totalPaise).toBe(25_000);
    expect((await rejection(addToBasket(t.db, u, "quiz-bowl"))).message).toBe("Quiz Bowl is a team event: create your team first.");
    expect((await rejection(addToBasket(t.db, u, "treasure-hunt"))).status).toBe(409);
    await removeFromBasket(t.db, u, full.slug);
    expect((await basketOf(t.db, u)).lines.map((l) => l.eventSlug)).toEqual(["code-sprint"]);
  });
});
