// Free events against a real database and the in-process sandbox gateway (issue 26): a zero total confirms at once
// with no gateway transaction, holds a seat under the same locks as a paid start, gets a pass, and its holder can
// give it back; a free event in a basket with a paid one is confirmed only by that payment's success.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, events, paymentItems, payments, registrations } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { ApiError } from "@/lib/errors";
import { passForViewer } from "@/lib/passes/pass";
import { cancelByHolder } from "@/lib/payments/cancel-free";
import { receiveGatewayMessage } from "@/lib/payments/receive";
import { startCheckout } from "@/lib/payments/start";
import { genuineReturn, newUser, payFor, prepare, rejection, soloEvent, testDeps } from "@/lib/payments/testing";
import { teamView } from "@/lib/rosters/view";
import { acceptInvitation, invitationsOf } from "@/lib/teams/invitations";
import { createTeam } from "@/lib/teams/teams";
import { seatsLeftByEvent } from "./seats";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
});
afterAll(async () => {
  await t?.dispose();
});

const registrationById = async (id: string) => (await t.db.select().from(registrations).where(eq(registrations.id, id)))[0]!;

describe(`free events on ${testDatabaseKind()}`, () => {
  it("a free event end to end: confirmed at once with no payment, a pass, cancelled by its holder, the seat freed", async () => {
    const event = await soloEvent(t, 1, 0);
    const deps = testDeps(t);
    const [a, b] = [await newUser(t, "free-a"), await newUser(t, "free-b")];
    const before = (await t.db.select({ id: payments.id }).from(payments)).length;

    const confirmed = await startCheckout(deps, a, { eventSlug: event.slug });
    expect(confirmed).toMatchObject({ merchTxnId: null, amountPaise: 0, reused: false });
    expect(confirmed.items).toEqual([{ registrationId: expect.any(String), eventSlug: event.slug, amountPaise: 0 }]);
    const id = confirmed.items[0]!.registrationId;
    if (confirmed.merchTxnId !== null) throw new Error("expected a zero total");
    expect(confirmed.registrations).toEqual([{ id, eventSlug: event.slug, status: "paid" }]);
    // No gateway transaction: no payment row at all.
    expect((await t.db.select({ id: payments.id }).from(payments)).length).toBe(before);
    expect(await registrationById(id)).toMatchObject({ status: "paid", feePaise: 0, heldUntil: null, paidAt: expect.any(Date) });

    // It holds the one seat, and it has a pass.
    expect((await seatsLeftByEvent(t.db, [event])).get(event.id)).toBe(0);
    expect((await rejection(startCheckout(deps, b, { eventSlug: event.slug }))).status).toBe(409);
    const again = await rejection(startCheckout(deps, a, { eventSlug: event.slug }));
    expect([again.status, again.message]).toEqual([409, `You are already registered for ${event.name}.`]);
    const pass = await passForViewer(t.db, id, a.id);
    expect(pass).toMatchObject({ registrationId: id, event: { slug: event.slug }, holder: { kind: "user", anweshaId: a.anweshaId } });

    // Nobody else can cancel it (nor learn it exists); its holder can, once.
    expect((await rejection(cancelByHolder(t.db, id, b.id))).status).toBe(404);
    expect((await rejection(cancelByHolder(t.db, "not-a-uuid", a.id))).status).toBe(404);
    const cancelled = await cancelByHolder(t.db, id, a.id);
    expect(cancelled).toMatchObject({ id, status: "cancelled", endedAt: expect.any(Date) });
    const twice = await rejection(cancelByHolder(t.db, id, a.id));
    expect([twice.status, twice.message]).toEqual([409, "This registration is already cancelled."]);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.registrationId, id));
    expect(audit).toMatchObject({ action: "registration.cancelled", actorId: a.id, eventId: event.id });

    // The seat is free again and the pass void: b takes it.
    expect((await seatsLeftByEvent(t.db, [event])).get(event.id)).toBe(1);
    expect((await rejection(passForViewer(t.db, id, a.id))).status).toBe(409);
    const bs = await startCheckout(deps, b, { eventSlug: event.slug });
    expect(bs.merchTxnId).toBeNull();
    expect((await seatsLeftByEvent(t.db, [event])).get(event.id)).toBe(0);
  });

  it("10 people at once for a free event's one seat: exactly one is registered, nine are told it is full", {
    timeout: 60_000,
  }, async () => {
    const event = await soloEvent(t, 1, 0);
    const deps = testDeps(t);
    const people = await Promise.all(Array.from({ length: 10 }, (_, i) => newUser(t, `free-rush${i}`)));
    const results = await Promise.allSettled(people.map((u) => startCheckout(deps, u, { eventSlug: event.slug })));
    const confirmed = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(confirmed).toHaveLength(1);
    expect(refused).toHaveLength(9);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(ApiError);
      expect([(r.reason as ApiError).status, (r.reason as ApiError).message]).toEqual([
        409,
        `${event.name} is full: every seat is taken or being paid for right now.`,
      ]);
    }
    const rows = await t.db.select().from(registrations).where(eq(registrations.eventId, event.id));
    expect(rows.map((r) => r.status)).toEqual(["paid"]);
  });

  it("a basket of a free and a paid event: the free one is a 0-paise item, confirmed only when the payment succeeds", async () => {
    const free = await soloEvent(t, 5, 0);
    const paid = await soloEvent(t, null, 25_000);
    const deps = testDeps(t);
    const u = await newUser(t, "free-basket");
    const started = await startCheckout(deps, u, { items: [{ eventSlug: free.slug }, { eventSlug: paid.slug }] });
    if (started.merchTxnId === null) throw new Error("expected a payment");
    expect(started.amountPaise).toBe(25_000);
    expect(started.items.map((i) => i.amountPaise)).toEqual([0, 25_000]);
    const [freeId, paidId] = started.items.map((i) => i.registrationId) as [string, string];
    // While the payment is live the free one holds its seat, is not confirmed, has no pass and cannot be cancelled.
    expect((await registrationById(freeId)).status).toBe("awaiting_payment");
    expect((await seatsLeftByEvent(t.db, [free])).get(free.id)).toBe(4);
    expect((await rejection(passForViewer(t.db, freeId, u.id))).status).toBe(409);
    expect((await rejection(cancelByHolder(t.db, freeId, u.id))).status).toBe(409);

    await receiveGatewayMessage(deps, genuineReturn(started.merchTxnId, started.amountPaise), "return");
    expect((await registrationById(freeId)).status).toBe("paid");
    expect((await registrationById(paidId)).status).toBe("paid");
    const items = await t.db.select().from(paymentItems).where(eq(paymentItems.registrationId, freeId));
    expect(items.map((i) => [i.amountPaise, i.status])).toEqual([[0, "success"]]);
    expect((await passForViewer(t.db, freeId, u.id)).registrationId).toBe(freeId);

    // The free one can be given back (no money paid for it); the paid one cannot.
    expect((await cancelByHolder(t.db, freeId, u.id)).status).toBe("cancelled");
    const refused = await rejection(cancelByHolder(t.db, paidId, u.id));
    expect([refused.status, refused.message]).toEqual([
      409,
      "Money was paid for this registration, so it cannot be cancelled here. Ask an organiser for a refund.",
    ]);
  });

  it("a failed payment for a basket of a free and a paid event leaves both unconfirmed, their seats free", async () => {
    const free = await soloEvent(t, 1, 0);
    const paid = await soloEvent(t, 1, 25_000);
    const deps = testDeps(t);
    const u = await newUser(t, "free-basket-fail");
    const started = await startCheckout(deps, u, { items: [{ eventSlug: free.slug }, { eventSlug: paid.slug }] });
    if (started.merchTxnId === null) throw new Error("expected a payment");
    await receiveGatewayMessage(deps, genuineReturn(started.merchTxnId, started.amountPaise, { statusCode: "OTS0600" }), "return");
    for (const item of started.items)
      expect(await registrationById(item.registrationId)).toMatchObject({ status: "awaiting_payment", heldUntil: null });
    expect(Object.fromEntries(await seatsLeftByEvent(t.db, [free, paid]))).toEqual({ [free.id]: 1, [paid.id]: 1 });
    // Registering for the free one alone afterwards confirms it at once (its registration, kept, moves).
    const alone = await startCheckout(deps, u, { eventSlug: free.slug });
    expect(alone.merchTxnId).toBeNull();
    expect(alone.items[0]!.registrationId).toBe(started.items[0]!.registrationId);
    expect((await registrationById(started.items[0]!.registrationId)).status).toBe("paid");
  });

  it("a registration paid for with money cannot be cancelled by its holder (409), and keeps its pass", async () => {
    const event = await soloEvent(t, null, 10_000);
    const deps = testDeps(t);
    const u = await newUser(t, "free-paid");
    const { started } = await payFor(deps, u, { eventSlug: event.slug });
    const id = started.items[0]!.registrationId;
    const refused = await rejection(cancelByHolder(t.db, id, u.id));
    expect(refused.status).toBe(409);
    expect(refused.message).toMatch(/Money was paid/);
    expect((await registrationById(id)).status).toBe("paid");
    expect((await passForViewer(t.db, id, u.id)).registrationId).toBe(id);
  });

  it("a free team event: the captain registers the team at once (roster locked, a pass for each member); only the captain cancels", async () => {
    const [event] = await t.db
      .insert(events)
      .values({ slug: `free-team-${Date.now()}`, name: "Free Jam", kind: "team", feePaise: 0, minTeamSize: 2, maxTeamSize: 3, capacity: 2 })
      .returning();
    const deps = testDeps(t);
    const [captain, mate] = [await newUser(t, "free-cap"), await newUser(t, "free-mate")];
    const { teamId } = await createTeam(t.db, captain, { eventSlug: event!.slug, name: `Jam ${Date.now()}`, members: [mate.email] });
    // Below the team's smallest size: refused, as a paid start is.
    expect((await rejection(startCheckout(deps, captain, { eventSlug: event!.slug, teamId }))).status).toBe(409);
    await acceptInvitation(t.db, mate, (await invitationsOf(t.db, mate))[0]!.id);
    expect((await rejection(startCheckout(deps, mate, { eventSlug: event!.slug, teamId }))).status).toBe(403);
    const confirmed = await startCheckout(deps, captain, { eventSlug: event!.slug, teamId });
    expect(confirmed.merchTxnId).toBeNull();
    const id = confirmed.items[0]!.registrationId;
    expect((await teamView(t.db, teamId))!.paid).toBe(true); // the roster is locked, as for a paid team
    expect((await passForViewer(t.db, id, mate.id)).holder).toMatchObject({ kind: "member", anweshaId: mate.anweshaId });
    const refused = await rejection(cancelByHolder(t.db, id, mate.id));
    expect([refused.status, refused.message]).toEqual([403, "Only the team's captain can cancel the team's registration."]);
    expect((await cancelByHolder(t.db, id, captain.id)).status).toBe("cancelled");
    expect((await seatsLeftByEvent(t.db, [event!])).get(event!.id)).toBe(2);
  });
});
