// Desk registration (issue 27) on the real database: cash, UPI with a UTR (a reused one refused, even at once), the
// amount checked against the fee the server works out, seats and code limits as online, who may use the desk, a
// minimal account for a walk-in, takings that add up with a refund paid back, and never a word to AtomPay.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, codes, events, gatewayMessages, outbox, payments, registrations, users } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { newOrganiser } from "@/lib/checkin/testing";
import { grantVolunteer } from "@/lib/checkin/volunteers";
import { istDay } from "@/lib/format";
import { parseListParams } from "@/lib/organiser/filters";
import { listItems } from "@/lib/organiser/queries";
import { listTotals } from "@/lib/organiser/summary";
import { exportRecords } from "@/lib/organiser/testing";
import { reconcile } from "@/lib/payments/reconcile";
import { refundPayment } from "@/lib/payments/refund";
import { requery } from "@/lib/payments/requery";
import { requerySuccesses } from "@/lib/payments/requery-successes";
import { newUser, payFor, prepare, rejection, soloEvent, testDeps } from "@/lib/payments/testing";
import { joinWaitlist } from "@/lib/waitlist/entries";
import { offerFreeSeats } from "@/lib/waitlist/offers";
import { type DeskRegistrationInput, deskRegistrationSchema, registerAtDesk } from "./register";
import { takingsOf } from "./takings";

let t: TestDatabase;
let organiser: CurrentUser;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
  organiser = await newOrganiser(t);
}, 60_000);
afterAll(async () => {
  await t?.dispose();
});

let utrs = 0;
const nextUtr = () => String(400_000_000_000 + ++utrs * 7919 + Math.floor(Math.random() * 1000) * 1_000_000);
const desk = (by: CurrentUser, input: DeskRegistrationInput, now?: Date) =>
  registerAtDesk(t.db, by, deskRegistrationSchema.parse(input), now);

async function deskVolunteer(eventSlug: string): Promise<CurrentUser> {
  const u = await newUser(t, "desk");
  await grantVolunteer(t.db, organiser.id, { eventSlug, who: u.anweshaId, role: "desk" });
  return u;
}

describe(`desk registration on ${testDatabaseKind()}`, () => {
  it("cash: a paid registration with its pass, a desk payment recorded by who took it, a receipt queued", async () => {
    const event = await soloEvent(t, null, 15_000);
    const walkIn = await newUser(t, "walkin");
    const done = await desk(organiser, { eventSlug: event.slug, person: { email: walkIn.email }, method: "cash", amountPaise: 15_000 });
    expect(done.registration).toMatchObject({ status: "paid", feePaise: 15_000, priceKey: "standard" });
    expect(done.person).toMatchObject({ id: walkIn.id, created: false });
    expect(done.pass.token).toMatch(/^ANWP1\./);
    expect(done.pass.holder).toMatchObject({ kind: "user", anweshaId: walkIn.anweshaId });
    const [p] = await t.db.select().from(payments).where(eq(payments.merchTxnId, done.payment!.merchTxnId));
    expect(p).toMatchObject({
      method: "desk",
      deskKind: "cash",
      utr: null,
      recordedBy: organiser.id,
      status: "success",
      expectedPaise: 15_000,
      totalPaise: 15_000,
      userId: walkIn.id,
      atomTokenId: null,
    });
    const [mail] = await t.db
      .select()
      .from(outbox)
      .where(eq(outbox.key, `receipt:${p!.merchTxnId}`));
    expect(mail?.recipient).toBe(walkIn.email);
    // Again for the same person: refused, nothing recorded twice.
    const again = await rejection(
      desk(organiser, { eventSlug: event.slug, person: { email: walkIn.email }, method: "cash", amountPaise: 15_000 }),
    );
    expect(again.status).toBe(409);
    expect(again.message).toMatch(/already registered/);
  });

  it("UPI with a UTR; a reused UTR is refused, even by two desks at the same moment", async () => {
    const event = await soloEvent(t, null, 20_000);
    const utr = nextUtr();
    const a = await newUser(t, "upi");
    const done = await desk(organiser, {
      eventSlug: event.slug,
      person: { anweshaId: a.anweshaId },
      method: "upi",
      utr,
      amountPaise: 20_000,
    });
    expect(done.payment).toMatchObject({ method: "desk", deskKind: "upi", utr });
    const b = await newUser(t, "upi");
    const reused = await rejection(
      desk(organiser, { eventSlug: event.slug, person: { email: b.email }, method: "upi", utr, amountPaise: 20_000 }),
    );
    expect(reused.status).toBe(409);
    expect(reused.details).toHaveProperty("utr");
    // Nothing of b's was kept: no paid registration, no payment.
    expect((await t.db.select().from(registrations).where(eq(registrations.userId, b.id))).filter((r) => r.status === "paid")).toEqual([]);

    const fresh = nextUtr();
    const [c, d] = [await newUser(t, "race"), await newUser(t, "race")];
    const results = await Promise.allSettled(
      [c, d].map((u) =>
        desk(organiser, { eventSlug: event.slug, person: { email: u.email }, method: "upi", utr: fresh, amountPaise: 20_000 }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ status: 409 });
    expect(await t.db.select().from(payments).where(eq(payments.utr, fresh))).toHaveLength(1);
  });

  it("a UTR that is an online payment's bank reference is refused: that success screen paid for something else", async () => {
    const event = await soloEvent(t, null, 10_000);
    const online = await payFor(testDeps(t), await newUser(t, "online"), { eventSlug: (await soloEvent(t, null, 5_000)).slug });
    const rrn = nextUtr();
    await t.db.update(payments).set({ bankTxnId: rrn }).where(eq(payments.merchTxnId, online.started.merchTxnId));
    const who = await newUser(t, "again");
    const refused = await rejection(
      desk(organiser, { eventSlug: event.slug, person: { email: who.email }, method: "upi", utr: rrn, amountPaise: 10_000 }),
    );
    expect(refused).toMatchObject({ status: 409, details: { utr: [expect.stringContaining(online.started.merchTxnId)] } });
    expect(await t.db.select().from(payments).where(eq(payments.utr, rrn))).toEqual([]);
  });

  it("refuses bad input before anything: UPI without a UTR, cash with one, a short UTR", () => {
    const base = { eventSlug: "x", person: { email: "a@example.com" }, amountPaise: 100 };
    expect(deskRegistrationSchema.safeParse({ ...base, method: "upi" }).success).toBe(false);
    expect(deskRegistrationSchema.safeParse({ ...base, method: "cash", utr: "123456789012" }).success).toBe(false);
    expect(deskRegistrationSchema.safeParse({ ...base, method: "upi", utr: "12345" }).success).toBe(false);
    expect(deskRegistrationSchema.safeParse({ ...base, method: "upi", utr: "123456789012" }).success).toBe(true);
    expect(deskRegistrationSchema.safeParse({ ...base, person: {}, method: "cash" }).success).toBe(false);
  });

  it("a wrong amount is refused with the right one, and writes nothing", async () => {
    const event = await soloEvent(t, null, 25_000);
    const before = (await t.db.select().from(users)).length;
    const wrong = await rejection(
      desk(organiser, {
        eventSlug: event.slug,
        person: { email: `nobody-${Date.now()}@example.com`, name: "Nitya Walkin" },
        method: "cash",
        amountPaise: 20_000,
      }),
    );
    expect(wrong.status).toBe(409);
    expect(wrong.message).toContain("₹250.00");
    expect(wrong.details).toMatchObject({ feePaise: ["25000"] });
    expect((await t.db.select().from(users)).length).toBe(before);
  });

  it("a full event is refused; a code's limit holds as online, and its discount is the fee", async () => {
    const event = await soloEvent(t, 1, 10_000);
    await desk(organiser, {
      eventSlug: event.slug,
      person: { email: (await newUser(t, "first")).email },
      method: "cash",
      amountPaise: 10_000,
    });
    const full = await rejection(
      desk(organiser, { eventSlug: event.slug, person: { email: (await newUser(t, "late")).email }, method: "cash", amountPaise: 10_000 }),
    );
    expect(full.status).toBe(409);
    expect(full.message).toMatch(/full/);

    const open = await soloEvent(t, null, 10_000);
    const word = `DESK${Date.now() % 100000}`;
    await t.db.insert(codes).values({ code: word, discountPaise: 3_000, maxUses: 1, createdBy: organiser.id });
    const once = await desk(organiser, {
      eventSlug: open.slug,
      code: word.toLowerCase(),
      person: { email: (await newUser(t, "code")).email },
      method: "cash",
      amountPaise: 7_000,
    });
    expect(once.registration).toMatchObject({ feePaise: 7_000, discountPaise: 3_000 });
    const twice = await rejection(
      desk(organiser, {
        eventSlug: open.slug,
        code: word,
        person: { email: (await newUser(t, "code")).email },
        method: "cash",
        amountPaise: 7_000,
      }),
    );
    expect(twice.status).toBe(409);
    expect(twice.message).toMatch(/used up/);
  });

  it("only organisers and the event's desk volunteers may use its desk (a door volunteer may not)", async () => {
    const event = await soloEvent(t, null, 5_000);
    const other = await soloEvent(t, null, 5_000);
    const volunteer = await deskVolunteer(event.slug);
    const door = await newUser(t, "door");
    await grantVolunteer(t.db, organiser.id, { eventSlug: event.slug, who: door.anweshaId });
    const someone = await newUser(t, "walkin");
    const input = (slug: string) => ({ eventSlug: slug, person: { email: someone.email }, method: "cash" as const, amountPaise: 5_000 });
    expect((await rejection(desk(door, input(event.slug)))).status).toBe(403);
    expect((await rejection(desk(volunteer, input(other.slug)))).status).toBe(403);
    expect((await desk(volunteer, input(event.slug))).registration.status).toBe("paid");
  });

  it("a walk-in without an account gets a minimal one, claimable by mail; free events take no money", async () => {
    const event = await soloEvent(t, null, 0);
    const email = `walkin-${Date.now()}@example.com`;
    const needsName = await rejection(desk(organiser, { eventSlug: event.slug, person: { email }, method: "cash", amountPaise: 0 }));
    expect(needsName.status).toBe(422);
    const done = await desk(organiser, {
      eventSlug: event.slug,
      person: { email, name: "Wanda Walkin", phone: "+91 98765-11111" },
      method: "cash",
      amountPaise: 0,
    });
    expect(done.person).toMatchObject({ created: true, email });
    expect(done.payment).toBeNull();
    expect(done.registration).toMatchObject({ status: "paid", feePaise: 0 });
    const [u] = await t.db.select().from(users).where(eq(users.id, done.person.id));
    expect(u).toMatchObject({ name: "Wanda Walkin", phone: "9876511111", emailVerifiedAt: null });
    expect(u!.passwordHash).toMatch(/^\$argon2id\$/);
    const [welcome] = await t.db
      .select()
      .from(outbox)
      .where(eq(outbox.key, `welcome:${u!.id}`));
    expect(welcome?.recipient).toBe(email);
    // Found again by phone.
    const paidEvent = await soloEvent(t, null, 1_000);
    const byPhone = await desk(organiser, {
      eventSlug: paidEvent.slug,
      person: { phone: "9876511111" },
      method: "cash",
      amountPaise: 1_000,
    });
    expect(byPhone.person).toMatchObject({ id: u!.id, created: false });

    // A new email with someone else's phone: the typed email is the person's; the phone's owner is never registered.
    const stranger = `other-${Date.now()}@example.com`;
    const newcomer = await desk(organiser, {
      eventSlug: (await soloEvent(t, null, 1_000)).slug,
      person: { email: stranger, phone: "9876511111", name: "Nadia Newcomer" },
      method: "cash",
      amountPaise: 1_000,
    });
    expect(newcomer.person).toMatchObject({ created: true, email: stranger });
    expect(newcomer.person.id).not.toBe(u!.id);
    // Every desk registration is audited with who took it, free ones (no payment to say so) included.
    const audited = await t.db.select().from(auditLog).where(eq(auditLog.registrationId, done.registration.id));
    expect(audited.map((a) => [a.action, a.actorId])).toEqual([["desk.registered", organiser.id]]);
    expect(audited[0]!.details).toMatchObject({ person: u!.anweshaId, accountMade: true, amountPaise: 0, method: null });
  });

  it("the waiting list holds at the desk too: a walk-in cannot take a freed seat from the line; the one offered it can", async () => {
    const event = await soloEvent(t, 1, 1_000);
    const first = await newUser(t, "seated");
    await desk(organiser, { eventSlug: event.slug, person: { email: first.email }, method: "cash", amountPaise: 1_000 });
    const waiting = await newUser(t, "waiting");
    await joinWaitlist(t.db, waiting.id, event.slug, {});
    // The seat frees (a refund paid back at the desk); the line is offered it before anyone at the desk.
    const [p] = await t.db.select().from(payments).where(eq(payments.userId, first.id));
    await refundPayment(testDeps(t), organiser, p!.merchTxnId, { amountPaise: 1_000, reason: "cannot come" });
    const walkIn = await newUser(t, "walkin");
    const jumped = await rejection(
      desk(organiser, { eventSlug: event.slug, person: { email: walkIn.email }, method: "cash", amountPaise: 1_000 }),
    );
    expect(jumped.status).toBe(409);
    expect((await offerFreeSeats(t.db, event.id, { offerMinutes: 60, appUrl: "http://localhost:3000" })).offered.length).toBe(1);
    expect(
      (await rejection(desk(organiser, { eventSlug: event.slug, person: { email: walkIn.email }, method: "cash", amountPaise: 1_000 })))
        .status,
    ).toBe(409);
    const offered = await desk(organiser, { eventSlug: event.slug, person: { email: waiting.email }, method: "cash", amountPaise: 1_000 });
    expect(offered.registration.status).toBe("paid");
  });

  it("a new person's answers are checked before their account is made: a refusal leaves no account", async () => {
    const event = await soloEvent(t, null, 1_000);
    await t.db
      .update(events)
      .set({ questions: [{ key: "roll", label: "Roll number", type: "text", required: true, perMember: false }] })
      .where(eq(events.id, event.id));
    const email = `asked-${Date.now()}@example.com`;
    const refused = await rejection(
      desk(organiser, { eventSlug: event.slug, person: { email, name: "Asha Asked" }, method: "cash", amountPaise: 1_000 }),
    );
    expect(refused.status).toBe(422);
    expect(await t.db.select().from(users).where(eq(users.email, email))).toEqual([]);
    const ok = await desk(organiser, {
      eventSlug: event.slug,
      person: { email, name: "Asha Asked" },
      method: "cash",
      amountPaise: 1_000,
      answers: { roll: "21CS042" },
    });
    expect(ok.registration.status).toBe("paid");
  });

  it("takings add up per desk person and kind, less a refund paid back at the desk; nothing reaches AtomPay", async () => {
    const event = await soloEvent(t, null, 10_000);
    const volunteer = await deskVolunteer(event.slug);
    const now = new Date();
    const take = async (method: "cash" | "upi") =>
      desk(volunteer, {
        eventSlug: event.slug,
        person: { email: (await newUser(t, "till")).email },
        method,
        ...(method === "upi" ? { utr: nextUtr() } : {}),
        amountPaise: 10_000,
      });
    const first = await take("cash");
    await take("cash");
    await take("upi");
    const refunded = await refundPayment(testDeps(t), organiser, first.payment!.merchTxnId, {
      amountPaise: 10_000,
      reason: "changed their mind",
    });
    expect(refunded.outcome).toBe("accepted");
    expect(refunded.refund.gatewayMessage).toBe("paid back at the desk");
    const [reg] = await t.db.select().from(registrations).where(eq(registrations.id, first.registration.id));
    expect(reg!.status).toBe("refunded");

    const mine = await takingsOf(t.db, volunteer, istDay(now));
    expect(mine.people.map((p) => p.person.id)).toEqual([volunteer.id]);
    expect(mine.people[0]!.lines).toEqual([
      { kind: "cash", payments: 2, takenPaise: 20_000, paidBackPaise: 10_000, netPaise: 10_000 },
      { kind: "upi", payments: 1, takenPaise: 10_000, paidBackPaise: 0, netPaise: 10_000 },
    ]);
    expect(mine.people[0]!.netPaise).toBe(20_000);
    const all = await takingsOf(t.db, organiser, istDay(now));
    expect(all.people.length).toBeGreaterThan(1);
    const sum = (kind: "cash" | "upi") => all.people.reduce((s, p) => s + p.lines.find((l) => l.kind === kind)!.netPaise, 0);
    expect(all.totals.find((l) => l.kind === "cash")!.netPaise).toBe(sum("cash"));
    expect(all.totals.find((l) => l.kind === "upi")!.netPaise).toBe(sum("upi"));
    // The payments list's CSV says how each was paid.
    const { records } = await exportRecords(t.db, parseListParams(new URLSearchParams({ event: event.slug })).view);
    expect(records.map((r) => r.Method).sort()).toEqual([expect.stringMatching(/^Desk: UPI, UTR \d{12}$/), "Desk: cash", "Desk: cash"]);
    // Another day: nothing.
    expect((await takingsOf(t.db, volunteer, "2020-01-01")).people).toEqual([]);
    // The console's totals by how the money came: the desk's are the three taken here, less the one paid back.
    const byMethod = async (method: string) =>
      listTotals(t.db, parseListParams(new URLSearchParams({ event: event.slug, method })).view.filter);
    expect(await byMethod("desk")).toMatchObject({ count: 3, refundedPaise: 10_000, netPaise: 20_000 });
    expect(await byMethod("gateway")).toMatchObject({ count: 0, netPaise: 0 });
    const listed = await listItems(t.db, parseListParams(new URLSearchParams({ method: "desk" })).view);
    expect(listed.rows.length).toBeGreaterThanOrEqual(3);
    expect(parseListParams(new URLSearchParams({ method: "cash-box" })).errors).toMatchObject({ method: expect.any(String) });

    // Never requeried: the status API, the reconciler and the re-verification of successes leave desk payments alone.
    const deps = testDeps(t);
    const [p] = await t.db.select().from(payments).where(eq(payments.merchTxnId, first.payment!.merchTxnId));
    const asked = await requery(deps, p!);
    expect(asked).toMatchObject({ changed: false, unknownReason: "desk" });
    const later = new Date(now.getTime() + 5 * 24 * 60 * 60_000);
    await reconcile(deps, { now: later });
    await requerySuccesses(deps, { now: later });
    const deskIds = (await t.db.select({ id: payments.id }).from(payments).where(eq(payments.method, "desk"))).map((r) => r.id);
    const said = await t.db.select().from(gatewayMessages);
    expect(said.filter((m) => m.paymentId && deskIds.includes(m.paymentId))).toEqual([]);
    const [still] = await t.db.select().from(payments).where(eq(payments.id, p!.id));
    expect(still).toMatchObject({ status: "success", reverifyCount: 0, lastCheckedAt: null });
  });
});
