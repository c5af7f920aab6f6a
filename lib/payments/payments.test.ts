// The payment domain against a real database (PGlite, or the Postgres server with DATABASE_URL) and the
// sandbox gateway speaking the real protocol in-process.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { events, gatewayMessages, outbox, paymentItems, payments, registrations } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { createAtomPayClient } from "@/lib/atompay";
import { buildReturnMessage, encodeReturnForm } from "@/lib/atompay/gateway";
import { ApiError } from "@/lib/errors";
import { standardPrice } from "@/lib/events/prices";
import { sandboxComplete } from "@/lib/sandbox/gateway";
import { acceptInvitation, invitationsOf } from "@/lib/teams/invitations";
import { createTeam } from "@/lib/teams/teams";
import { paymentMailData } from "./mail";
import { receiveGatewayMessage } from "./receive";
import { recordPayment } from "./record";
import { requery } from "./requery";
import { settle } from "./settle";
import { startPayment, startPaymentSchema } from "./start";
import { newUser, prepare, TEST_CONFIG, testDeps } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
});
afterAll(async () => {
  await t?.dispose();
});

const paymentOf = async (merchTxnId: string) => (await t.db.select().from(payments).where(eq(payments.merchTxnId, merchTxnId)))[0]!;

/** A genuine message as the gateway would send it for this attempt (correct keys, correct signature). */
function genuine(merchTxnId: string, over: Partial<Parameters<typeof buildReturnMessage>[1]> = {}, signWith?: string) {
  const msg = buildReturnMessage(TEST_CONFIG, {
    merchTxnId,
    merchTxnDate: new Date(),
    atomTxnId: String(11_000_000_000_000 + Math.floor(Math.random() * 1e9)),
    amountPaise: 25_000,
    surchargePaise: 0,
    statusCode: "OTS0000",
    subChannel: "NB",
    bankTxnId: `BANK${Math.floor(Math.random() * 1e10)}`,
    ...over,
    signWith,
  });
  return encodeReturnForm(TEST_CONFIG, msg);
}

async function outcomesFor(merchTxnId: string) {
  const rows = await t.db
    .select({ outcome: gatewayMessages.outcome })
    .from(gatewayMessages)
    .where(eq(gatewayMessages.merchTxnId, merchTxnId));
  return rows.map((r) => r.outcome);
}

describe(`payments on ${testDatabaseKind()}`, () => {
  it("charges the event's fee from the database, whatever the client sends", async () => {
    const deps = testDeps(t);
    const user = await newUser(t);
    const input = startPaymentSchema.parse({ eventSlug: "code-sprint", amount: 100, amountPaise: 1 });
    expect(input).toEqual({ items: [{ eventSlug: "code-sprint" }] });
    const started = await startPayment(deps, user, input);
    expect(started.amountPaise).toBe(25_000);
    expect(started.atomTokenId).toMatch(/^\d{14}$/);
    expect(started.returnUrl).toBe("http://localhost:3000/api/response");
    const p = await paymentOf(started.merchTxnId);
    expect(p).toMatchObject({ status: "pending", expectedPaise: 25_000, userId: user.id });
    // Both AUTH messages are logged, without the password.
    const logged = await t.db.select().from(gatewayMessages).where(eq(gatewayMessages.merchTxnId, started.merchTxnId));
    expect(logged.map((m) => m.direction).sort()).toEqual(["inbound", "outbound"]);
    expect(JSON.stringify(logged)).not.toContain("Test@123");
  });

  it("a second click while the attempt is valid gets the same attempt; parallel clicks start one", async () => {
    const deps = testDeps(t);
    const user = await newUser(t);
    const first = await startPayment(deps, user, { eventSlug: "solo-singing" });
    const again = await startPayment(deps, user, { eventSlug: "solo-singing" });
    expect(again).toMatchObject({ merchTxnId: first.merchTxnId, atomTokenId: first.atomTokenId, reused: true });

    const other = await newUser(t);
    const parallel = await Promise.all(Array.from({ length: 8 }, () => startPayment(deps, other, { eventSlug: "solo-singing" })));
    expect(new Set(parallel.map((p) => p.merchTxnId)).size).toBe(1);
    const rows = await t.db.select().from(payments).where(eq(payments.userId, other.id));
    expect(rows).toHaveLength(1);
  });

  it("a click that finds the payment's AUTH under way elsewhere is told at once, not held while it polls", async () => {
    const deps = testDeps(t);
    const user = await newUser(t);
    const [event] = await t.db.select().from(events).where(eq(events.slug, "solo-singing"));
    // A payment recorded by another instance that is asking AUTH for it right now: no token yet, not this process's.
    const now = new Date();
    const recorded = await recordPayment(
      t.db,
      user,
      [{ event: event!, price: standardPrice(event!), code: null, discountPaise: 0, teamId: null, registration: null }],
      new Date(now.getTime() + 60_000),
      now,
    );
    expect(recorded).not.toBeNull();
    // Waiting is what changed, not the answer: the old code slept 60 × 250 ms re-reading the row before this 409.
    const timers = vi.spyOn(globalThis, "setTimeout");
    try {
      await expect(startPayment(deps, user, { eventSlug: "solo-singing" })).rejects.toMatchObject({
        status: 409,
        message: expect.stringMatching(/being started in another tab/),
      });
      // A sleep is a short timer; the Postgres driver's own 30-second connection timers are not waits of this request.
      expect(timers.mock.calls.filter(([, ms]) => Number(ms) >= 100 && Number(ms) < 10_000)).toEqual([]);
    } finally {
      timers.mockRestore();
    }
  });

  it("refuses closed events, missing teams and non-captains with clear conflicts", async () => {
    const deps = testDeps(t);
    const user = await newUser(t);
    await expect(startPayment(deps, user, { eventSlug: "treasure-hunt" })).rejects.toMatchObject({ status: 409 });
    await expect(startPayment(deps, user, { eventSlug: "quiz-bowl" })).rejects.toMatchObject({ status: 409 });
    await expect(startPayment(deps, user, { eventSlug: "no-such-event" })).rejects.toMatchObject({ status: 404 });
    const mate = await newUser(t, "mate");
    const { teamId } = await createTeam(t.db, user, { eventSlug: "quiz-bowl", name: `Quizzers ${user.anweshaId}`, members: [mate.email] });
    // Invited is not a member: the captain cannot pay until enough people accept.
    await expect(startPayment(deps, user, { eventSlug: "quiz-bowl", teamId })).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/1 more person must accept/),
    });
    const [invitation] = await invitationsOf(t.db, mate);
    await acceptInvitation(t.db, mate, invitation!.id);
    await expect(startPayment(deps, mate, { eventSlug: "quiz-bowl", teamId })).rejects.toMatchObject({ status: 403 });
    const started = await startPayment(deps, user, { eventSlug: "quiz-bowl", teamId });
    expect(started.amountPaise).toBe(30_000);
  });

  it("a genuine success settles once; the same message again changes nothing; then the registration is paid", async () => {
    const deps = testDeps(t);
    const user = await newUser(t);
    const started = await startPayment(deps, user, { eventSlug: "code-sprint" });
    const form = genuine(started.merchTxnId);
    const first = await receiveGatewayMessage(deps, form, "return");
    expect(first).toMatchObject({ kind: "settled", status: "success", changed: true });
    const again = await receiveGatewayMessage(deps, form, "callback");
    expect(again).toMatchObject({ kind: "settled", status: "success", changed: false });
    const p = await paymentOf(started.merchTxnId);
    expect(p).toMatchObject({ status: "success", totalPaise: 25_000, amountPaise: 25_000, subChannel: "NB" });
    expect(p.settledAt).toBeInstanceOf(Date);
    // a later failure for the same attempt never undoes the success
    await receiveGatewayMessage(deps, genuine(started.merchTxnId, { statusCode: "OTS0600" }), "callback");
    expect((await paymentOf(started.merchTxnId)).status).toBe("success");
    await expect(startPayment(deps, user, { eventSlug: "code-sprint" })).rejects.toMatchObject({ status: 409 });
  });

  it("rejects forged, undecryptable, foreign and unknown messages without changing anything", async () => {
    const deps = testDeps(t);
    const user = await newUser(t);
    const { merchTxnId } = await startPayment(deps, user, { eventSlug: "code-sprint" });
    const cases: [string, { encData: string; merchId: string }, string][] = [
      ["signed with the AES key (the old backend's bug)", genuine(merchTxnId, {}, TEST_CONFIG.responseAesKey), "bad-signature"],
      ["signed with the request hash key", genuine(merchTxnId, {}, TEST_CONFIG.requestHashKey), "bad-signature"],
      [
        "another merchant",
        encodeReturnForm(
          TEST_CONFIG,
          buildReturnMessage(
            { ...TEST_CONFIG, merchId: "999999" },
            {
              merchTxnId,
              merchTxnDate: new Date(),
              atomTxnId: "11000000000001",
              amountPaise: 25_000,
              statusCode: "OTS0000",
              subChannel: "NB",
              bankTxnId: "B1",
            },
          ),
        ),
        "wrong-merchant",
      ],
      ["an attempt we never made", genuine("ANWNOSUCHATTEMPT"), "unknown-attempt"],
      ["garbage", { encData: "ZZZZ", merchId: "317157" }, "undecryptable"],
      ["truncated", { encData: genuine(merchTxnId).encData.slice(0, 96), merchId: "317157" }, "undecryptable"],
    ];
    for (const [name, form, reason] of cases) {
      const outcome = await receiveGatewayMessage(deps, form, "return");
      expect(outcome, name).toMatchObject({ kind: "rejected", reason });
    }
    const tampered = genuine(merchTxnId);
    const flipped = tampered.encData.slice(0, 40) + (tampered.encData[40] === "A" ? "B" : "A") + tampered.encData.slice(41);
    expect((await receiveGatewayMessage(deps, { ...tampered, encData: flipped }, "return")).kind).toBe("rejected");
    expect((await paymentOf(merchTxnId)).status).toBe("pending");
  });

  it("a success for the wrong amount, or with an inconsistent surcharge, is flagged for an organiser, never success", async () => {
    const deps = testDeps(t);
    const lowered = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" });
    await receiveGatewayMessage(deps, genuine(lowered.merchTxnId, { amountPaise: 100 }), "return");
    expect(await paymentOf(lowered.merchTxnId)).toMatchObject({ status: "flagged", totalPaise: 100 });
    expect((await paymentOf(lowered.merchTxnId)).flagReason).toContain("amount");

    const surcharged = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" });
    await receiveGatewayMessage(deps, genuine(surcharged.merchTxnId, { surchargePaise: 500 }), "return");
    expect(await paymentOf(surcharged.merchTxnId)).toMatchObject({ status: "success", totalPaise: 25_500, surchargePaise: 500 });

    // a failure that does not match the attempt says nothing about it
    const unbound = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" });
    const out = await receiveGatewayMessage(deps, genuine(unbound.merchTxnId, { amountPaise: 1, statusCode: "OTS0600" }), "return");
    expect(out).toMatchObject({ kind: "settled", status: "pending", changed: false });
  });

  it("a second success for an already paid registration is flagged, and a replayed atomTxnId is never recorded twice", async () => {
    const deps = testDeps(t);
    const user = await newUser(t);
    const a = await startPayment(deps, user, { eventSlug: "code-sprint" });
    // A is abandoned (expired), B is paid; then A's late success arrives.
    await settle(t.db, a.merchTxnId, { kind: "local", status: "expired", reason: "test" });
    const b = await startPayment(deps, user, { eventSlug: "code-sprint" });
    const bForm = genuine(b.merchTxnId);
    await receiveGatewayMessage(deps, bForm, "return");
    await receiveGatewayMessage(deps, genuine(a.merchTxnId), "return");
    expect((await paymentOf(b.merchTxnId)).status).toBe("success");
    expect(await paymentOf(a.merchTxnId)).toMatchObject({ status: "flagged" });

    const paid = await t.db
      .select()
      .from(payments)
      .where(and(eq(payments.userId, user.id), eq(payments.status, "success")));
    expect(paid).toHaveLength(1);

    // A genuine-looking success for another attempt that reuses B's atomTxnId: accepted once only.
    const c = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" });
    const bTxn = (await paymentOf(b.merchTxnId)).atomTxnId!;
    await receiveGatewayMessage(deps, genuine(c.merchTxnId, { atomTxnId: bTxn }), "return");
    expect(await paymentOf(c.merchTxnId)).toMatchObject({ status: "flagged", atomTxnId: null });
    expect((await paymentOf(c.merchTxnId)).flagReason).toContain("already recorded");
  });

  it(`settles 100 concurrent copies of one genuine success exactly once`, async () => {
    const deps = testDeps(t);
    const { merchTxnId } = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" });
    const form = genuine(merchTxnId);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => receiveGatewayMessage(deps, form, i % 2 ? "return" : "callback")),
    );
    expect(results.every((r) => r.kind === "settled" && r.status === "success")).toBe(true);
    expect(results.filter((r) => r.kind === "settled" && r.changed)).toHaveLength(1);
    const outcomes = await outcomesFor(merchTxnId);
    expect(outcomes.filter((o) => o?.startsWith("settled:"))).toEqual(["settled:pending->success"]);
    expect(outcomes.filter((o) => o === "duplicate:success")).toHaveLength(99);
    // One receipt is queued, whatever the number of copies.
    const receipts = await t.db
      .select()
      .from(outbox)
      .where(eq(outbox.key, `receipt:${merchTxnId}`));
    expect(receipts.map((r) => r.template)).toEqual(["receipt"]);
  });

  it("the receipt is part of the settle itself: when it cannot be queued, nothing is settled, and a retry settles once", async () => {
    const deps = testDeps(t);
    const { merchTxnId } = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" });
    // The outbox refuses this payment's receipt (as a full disk or a broken constraint would).
    await t.db.execute(sql`create function refuse_receipt() returns trigger language plpgsql as $$
      begin if new.key = ${sql.raw(`'receipt:${merchTxnId}'`)} then raise exception 'outbox unavailable'; end if; return new; end $$`);
    await t.db.execute(sql`create trigger refuse_receipt before insert on outbox for each row execute function refuse_receipt()`);
    try {
      const error = await receiveGatewayMessage(deps, genuine(merchTxnId), "return").then(
        () => null,
        (e: unknown) => e,
      );
      expect((error as { cause?: Error } | null)?.cause?.message).toMatch(/outbox unavailable/);
      expect((await paymentOf(merchTxnId)).status).toBe("pending");
      expect(
        await t.db
          .select({ status: registrations.status })
          .from(registrations)
          .innerJoin(paymentItems, eq(paymentItems.registrationId, registrations.id))
          .innerJoin(payments, eq(payments.id, paymentItems.paymentId))
          .where(eq(payments.merchTxnId, merchTxnId)),
      ).toEqual([{ status: "awaiting_payment" }]);
    } finally {
      await t.db.execute(sql`drop trigger refuse_receipt on outbox`);
      await t.db.execute(sql`drop function refuse_receipt()`);
    }
    // The gateway's retry (or the status API) settles it, with its receipt and the receipt's delivery job.
    expect(await receiveGatewayMessage(deps, genuine(merchTxnId), "callback")).toMatchObject({
      kind: "settled",
      status: "success",
      changed: true,
    });
    const receipts = await t.db
      .select()
      .from(outbox)
      .where(eq(outbox.key, `receipt:${merchTxnId}`));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ template: "receipt", status: "pending", payload: `ref:payment:${merchTxnId}` });
    const jobs = await t.db.execute(
      sql`select count(*)::int as n from pgboss.job where name = 'mail-send' and data->>'id' = ${receipts[0]!.id}`,
    );
    expect(Number((Array.isArray(jobs) ? jobs : (jobs as unknown as { rows: { n: number }[] }).rows)[0]!.n)).toBe(1);
  });

  it("a success paid item by item (the careful path) and a gateway failure queue their mail in the same way", async () => {
    const deps = testDeps(t);
    const failed = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" });
    await receiveGatewayMessage(deps, genuine(failed.merchTxnId, { statusCode: "OTS0600" }), "return");
    expect((await paymentOf(failed.merchTxnId)).status).toBe("failed");
    const [note] = await t.db
      .select()
      .from(outbox)
      .where(eq(outbox.key, `payment-failed:${failed.merchTxnId}`));
    expect(note).toMatchObject({ template: "payment-failed", payload: `ref:payment:${failed.merchTxnId}` });
    const data = await paymentMailData(t.db, "http://localhost:3000", "payment-failed", `payment:${failed.merchTxnId}`);
    expect(data).toMatchObject({
      merchTxnId: failed.merchTxnId,
      description: "Code Sprint",
      amountPaise: 25_000,
      retryUrl: "http://localhost:3000/events/code-sprint",
    });
    // A success whose seat hold ran out takes the careful path; its receipt is queued in that transaction.
    const late = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" });
    await t.db
      .update(registrations)
      .set({ heldUntil: new Date(Date.now() - 60_000) })
      .where(eq(registrations.id, late.items[0]!.registrationId));
    await receiveGatewayMessage(deps, genuine(late.merchTxnId), "return");
    expect((await paymentOf(late.merchTxnId)).status).toBe("success");
    const receipt = await paymentMailData(t.db, "http://localhost:3000", "receipt", `payment:${late.merchTxnId}`);
    expect(receipt).toMatchObject({
      merchTxnId: late.merchTxnId,
      items: [{ label: "Code Sprint", amountPaise: 25_000 }],
      totalPaise: 25_000,
    });
    expect(
      await t.db
        .select({ key: outbox.key })
        .from(outbox)
        .where(eq(outbox.key, `receipt:${late.merchTxnId}`)),
    ).toEqual([{ key: `receipt:${late.merchTxnId}` }]);
    // An unknown reference resolves to nothing (the message then fails for good rather than sending an empty mail).
    expect(await paymentMailData(t.db, "http://localhost:3000", "receipt", "payment:ANWNOSUCH")).toBeNull();
  });

  it("the status API settles a pending-at-bank attempt and one whose browser never came back", async () => {
    const deps = testDeps(t);
    const pending = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" });
    const { form } = await sandboxComplete(t.db, TEST_CONFIG, { atomTokenId: pending.atomTokenId, outcome: "pending", mode: "NB" });
    await receiveGatewayMessage(deps, form!, "return");
    expect((await paymentOf(pending.merchTxnId)).status).toBe("pending");
    const r1 = await requery(deps, await paymentOf(pending.merchTxnId));
    expect(r1).toMatchObject({ statusCode: "OTS0000", to: "success", changed: true });

    const closed = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" });
    const none = await sandboxComplete(t.db, TEST_CONFIG, { atomTokenId: closed.atomTokenId, outcome: "no-return", mode: "UP" });
    expect(none.form).toBeNull();
    const r2 = await requery(deps, await paymentOf(closed.merchTxnId));
    expect(r2.to).toBe("success");
    expect(await paymentOf(closed.merchTxnId)).toMatchObject({ subChannel: "UP", totalPaise: 25_000 });
  });

  it("an attempt never completed at the gateway expires after its time-to-live, so a new one can start", async () => {
    const deps = testDeps(t, { attemptTtlMs: 0 });
    const user = await newUser(t);
    const first = await startPayment(deps, user, { eventSlug: "code-sprint" });
    const second = await startPayment(deps, user, { eventSlug: "code-sprint" });
    expect(second.merchTxnId).not.toBe(first.merchTxnId);
    expect((await paymentOf(first.merchTxnId)).status).toBe("expired");
  });

  it("when the gateway is down, the attendee gets a clear 502, the attempt is failed, and a retry works", async () => {
    const down = testDeps(t, {
      gateway: createAtomPayClient(TEST_CONFIG, {
        fetch: (async () => {
          throw new TypeError("fetch failed");
        }) as typeof fetch,
      }),
    });
    const user = await newUser(t);
    const error = await startPayment(down, user, { eventSlug: "code-sprint" }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/No money was taken/);
    const [failed] = await t.db.select().from(payments).where(eq(payments.userId, user.id));
    expect(failed!.status).toBe("failed");
    const retry = await startPayment(testDeps(t), user, { eventSlug: "code-sprint" });
    expect(retry.merchTxnId).not.toBe(failed!.merchTxnId);
  });

  it("the closed event in the seed really is closed", async () => {
    const [closed] = await t.db.select().from(events).where(eq(events.slug, "treasure-hunt"));
    expect(closed!.registrationClosesAt!.getTime()).toBeLessThan(Date.now());
  });
});
