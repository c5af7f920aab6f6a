// Issue 27's waiting list on the real database: a refund, a cancel and a hold that ran out each offer the freed seat
// to the first in line; an offer that lapses moves on; nobody jumps the line while anyone waits; leaving and closing;
// and a burst of frees, joins and runs never gives one seat twice.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/rows";
import { auditLog, events, outbox, registrations, users, waitlistEntries } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { cancelByHolder } from "@/lib/payments/cancel-free";
import { refundPayment, refundRequestSchema } from "@/lib/payments/refund";
import { startCheckout } from "@/lib/payments/start";
import { newUser, payFor, prepare, rejection, soloEvent, testDeps } from "@/lib/payments/testing";
import { closeWaitlist } from "./close";
import { joinWaitlist, leaveWaitlist } from "./entries";
import { offerFreeSeats } from "./offers";
import { placeAt, placesOf } from "./view";

let t: TestDatabase;
let organiserId: string;
const settings = { offerMinutes: 60, appUrl: "http://localhost:3000" };
const MIN = 60_000;

beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
  const [org] = await t.db.select({ id: users.id }).from(users).where(eq(users.role, "organiser")).limit(1);
  organiserId = org!.id;
}, 60_000);
afterAll(async () => {
  await t?.dispose();
});

const people = (n: number, tag: string) => Promise.all(Array.from({ length: n }, () => newUser(t, tag)));
const entryOf = async (eventId: string, u: CurrentUser) => (await placeAt(t.db, eventId, { userId: u.id, teamId: null }))!;
const statusOf = async (id: string) => (await t.db.select().from(waitlistEntries).where(eq(waitlistEntries.id, id)))[0]!.status;
/** Wakes of this event's line waiting to run (the queue keeps one per event: db/job-queue.ts). */
const wakes = async (eventId: string) =>
  (
    await rowsOf<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from pgboss.job where name = 'waitlist-offers' and singleton_key = ${`waitlist:${eventId}`} and state = 'created'`,
    )
  )[0]!.n;
/** As if the wakes queued so far had run (the tests run the offers themselves, with their own clock). */
const ranWakes = (eventId: string) =>
  t.db.execute(sql`update pgboss.job set state = 'completed' where name = 'waitlist-offers' and singleton_key = ${`waitlist:${eventId}`}`);
/** A free event's checkout: its registrations, confirmed at once. */
async function freeStart(u: CurrentUser, eventSlug: string) {
  const done = await startCheckout(testDeps(t), u, { eventSlug });
  if (!("registrations" in done)) throw new Error("expected a free checkout");
  return done.registrations;
}
const offerMails = async (entryId: string) =>
  (
    await t.db
      .select()
      .from(outbox)
      .where(eq(outbox.key, `waitlist-offer:${entryId}`))
  ).length;

describe(`the waiting list on ${testDatabaseKind()}`, () => {
  it("a refund offers the freed seat to the first in line, and nobody else can take it meanwhile", async () => {
    const deps = testDeps(t);
    const event = await soloEvent(t, 1);
    const [a, b, c, d] = await people(4, "wl-refund");
    const { started } = await payFor(deps, a!, { eventSlug: event.slug });
    // Seats free: no line to join.
    const early = await soloEvent(t, 5);
    expect((await rejection(joinWaitlist(t.db, b!.id, early.slug, {}))).status).toBe(409);
    await joinWaitlist(t.db, b!.id, event.slug, {});
    await joinWaitlist(t.db, c!.id, event.slug, {});
    expect((await rejection(joinWaitlist(t.db, c!.id, event.slug, {}))).message).toMatch(/already on the waiting list/);
    expect((await entryOf(event.id, c!)).place).toBe(2);

    const before = await wakes(event.id);
    const refund = refundRequestSchema.parse({ amountPaise: started.amountPaise, reason: "Could not come" });
    expect((await refundPayment(deps, { id: organiserId }, started.merchTxnId, refund)).outcome).toBe("accepted");
    expect(await wakes(event.id)).toBe(before + 1); // queued with the refund

    // The seat is the line's: a newcomer and the second in line are refused before and after the offer.
    expect((await rejection(startCheckout(deps, d!, { eventSlug: event.slug }))).status).toBe(409);
    const run = await offerFreeSeats(t.db, event.id, settings);
    const first = await entryOf(event.id, b!);
    expect(run.offered).toEqual([first.id]);
    expect(first.status).toBe("offered");
    expect(await offerMails(first.id)).toBe(1);
    expect((await entryOf(event.id, c!)).place).toBe(1);
    expect((await rejection(startCheckout(deps, d!, { eventSlug: event.slug }))).status).toBe(409);
    expect((await rejection(startCheckout(deps, c!, { eventSlug: event.slug }))).status).toBe(409);
    // A second run offers nothing more.
    expect((await offerFreeSeats(t.db, event.id, settings)).offered).toEqual([]);

    await payFor(deps, b!, { eventSlug: event.slug });
    expect((await offerFreeSeats(t.db, event.id, settings)).taken).toBe(1);
    expect(await statusOf(first.id)).toBe("taken");
    expect((await entryOf(event.id, c!)).status).toBe("waiting");
  });

  it("a cancel offers the seat, and the offered person registers on it", async () => {
    const deps = testDeps(t);
    const event = await soloEvent(t, 1, 0);
    const [a, b] = await people(2, "wl-cancel");
    const [mine] = await freeStart(a!, event.slug);
    await joinWaitlist(t.db, b!.id, event.slug, {});
    const before = await wakes(event.id);
    await cancelByHolder(t.db, mine!.id, a!.id);
    expect(await wakes(event.id)).toBe(before + 1);
    // The one who gave it back is now a newcomer: the seat is the line's.
    expect((await rejection(startCheckout(deps, a!, { eventSlug: event.slug }))).status).toBe(409);
    const run = await offerFreeSeats(t.db, event.id, settings);
    expect(run.offered).toHaveLength(1);
    expect((await freeStart(b!, event.slug))[0]!.status).toBe("paid");
    expect((await offerFreeSeats(t.db, event.id, settings)).taken).toBe(1);
  });

  it("a hold that ran out offers its seat to the first in line; a lapsed offer moves on", async () => {
    const deps = testDeps(t);
    const event = await soloEvent(t, 1);
    const [a, b, c] = await people(3, "wl-hold");
    const now = new Date();
    await startCheckout(deps, a!, { eventSlug: event.slug }, now);
    await joinWaitlist(t.db, b!.id, event.slug, {}, new Date(now.getTime() + 1));
    await joinWaitlist(t.db, c!.id, event.slug, {}, new Date(now.getTime() + 2));
    // While the hold (and its grace) runs, nothing is offered.
    expect((await offerFreeSeats(t.db, event.id, settings, new Date(now.getTime() + 10 * MIN))).offered).toEqual([]);
    const later = new Date(now.getTime() + 20 * MIN);
    const run = await offerFreeSeats(t.db, event.id, settings, later);
    const first = await entryOf(event.id, b!);
    expect(run.offered).toEqual([first.id]);
    expect(first.offerExpiresAt?.getTime()).toBe(later.getTime() + 60 * MIN);
    // The offered person may start paying on the held seat; the one behind may not.
    expect((await rejection(startCheckout(deps, c!, { eventSlug: event.slug }, new Date(later.getTime() + MIN)))).status).toBe(409);

    // Nobody paid by the deadline: the offer lapses and the next in line gets the seat.
    const lapse = new Date(later.getTime() + 61 * MIN);
    const moved = await offerFreeSeats(t.db, event.id, settings, lapse);
    expect(moved.lapsed).toBe(1);
    expect(await statusOf(first.id)).toBe("lapsed");
    expect(moved.offered).toEqual([(await entryOf(event.id, c!)).id]);
    expect((await rejection(startCheckout(deps, b!, { eventSlug: event.slug }, new Date(lapse.getTime() + MIN)))).status).toBe(409);
    expect((await placesOf(t.db, c!.id)).map((p) => p.status)).toEqual(["offered"]);
  });

  it("leaving gives an offer back to the line; closing ends the waiting and refuses new places (audited)", async () => {
    const event = await soloEvent(t, 1, 0);
    const [a, b, c, d] = await people(4, "wl-leave");
    const [held] = await freeStart(a!, event.slug);
    for (const u of [b, c, d]) await joinWaitlist(t.db, u!.id, event.slug, {});
    await cancelByHolder(t.db, held!.id, a!.id);
    await offerFreeSeats(t.db, event.id, settings);
    expect((await placesOf(t.db, b!.id)).map((p) => p.status)).toEqual(["offered"]);
    await ranWakes(event.id);
    expect(await wakes(event.id)).toBe(0);
    await leaveWaitlist(t.db, b!.id, event.slug, undefined);
    expect(await wakes(event.id)).toBe(1);
    expect((await rejection(leaveWaitlist(t.db, b!.id, event.slug, undefined))).status).toBe(404);
    expect((await offerFreeSeats(t.db, event.id, settings)).offered).toEqual([(await entryOf(event.id, c!)).id]);

    expect(await closeWaitlist(t.db, organiserId, event.slug)).toEqual({ closed: 1 });
    expect(await placesOf(t.db, d!.id)).toEqual([]);
    expect((await rejection(joinWaitlist(t.db, b!.id, event.slug, {}))).message).toMatch(/closed/);
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.eventId, event.id), eq(auditLog.action, "waitlist.closed")));
    expect(audit.map((x) => x.details)).toEqual([{ closed: 1 }]);
    // The offer already out stands until its deadline: nobody waits now, yet a newcomer cannot take that seat.
    expect((await rejection(startCheckout(testDeps(t), b!, { eventSlug: event.slug }))).status).toBe(409);
    expect((await freeStart(c!, event.slug))[0]!.status).toBe("paid");
  });

  it("20 concurrent frees and joins (with offer runs and newcomers) never give one seat twice", async () => {
    const deps = testDeps(t);
    const event = await soloEvent(t, 5, 0);
    const holders = await people(5, "wl-burst-h");
    const line = await people(5, "wl-burst-l");
    const joiners = await people(10, "wl-burst-j");
    const newcomers = await people(5, "wl-burst-n");
    const held = [];
    for (const h of holders) held.push((await freeStart(h, event.slug))[0]!.id);
    for (const u of line) await joinWaitlist(t.db, u.id, event.slug, {});

    const outcomes = await Promise.allSettled([
      ...held.map((id, i) => cancelByHolder(t.db, id, holders[i]!.id)),
      ...joiners.map((u) => joinWaitlist(t.db, u.id, event.slug, {})),
      ...newcomers.map((u) => startCheckout(deps, u, { eventSlug: event.slug })),
      ...Array.from({ length: 5 }, () => offerFreeSeats(t.db, event.id, settings)),
    ]);
    expect(outcomes.slice(0, 15).every((o) => o.status === "fulfilled")).toBe(true);
    expect(outcomes.slice(15, 20).every((o) => o.status === "rejected")).toBe(true); // no newcomer jumped the line
    await offerFreeSeats(t.db, event.id, settings);

    // Exactly the five first in line hold offers, and each takes its seat.
    const offered = await t.db
      .select()
      .from(waitlistEntries)
      .where(and(eq(waitlistEntries.eventId, event.id), eq(waitlistEntries.status, "offered")));
    expect(offered.map((o) => o.userId).sort()).toEqual(line.map((u) => u.id).sort());
    for (const u of line) expect((await freeStart(u, event.slug))[0]!.status).toBe("paid");
    expect((await rejection(startCheckout(deps, joiners[0]!, { eventSlug: event.slug }))).status).toBe(409);
    const paid = await t.db
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, event.id), eq(registrations.status, "paid")));
    expect(paid).toHaveLength(5);
    expect((await offerFreeSeats(t.db, event.id, settings)).offered).toEqual([]);
    const [cap] = await t.db.select({ capacity: events.capacity }).from(events).where(eq(events.id, event.id));
    expect(cap!.capacity).toBe(5);
  });
});
