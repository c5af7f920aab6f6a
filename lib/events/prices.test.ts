// Prices (issue 26) against a real database (PGlite, or the Postgres server with DATABASE_URL): the one rule (window,
// a verified email's domain, code-only), the start charging and copying the chosen price, a price's own capacity in a
// rush (never oversold) and on the late-success path (flagged like a full event), and the organisers' prices with
// their 4xx answers.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventPrices, events, paymentItems, payments, registrations, users } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { addToBasket, basketOf } from "@/lib/basket/basket";
import { ApiError } from "@/lib/errors";
import { receiveGatewayMessage } from "@/lib/payments/receive";
import { startCheckout, startPayment } from "@/lib/payments/start";
import { genuineReturn, newUser, payFor, prepare, rejection, soloEvent, testDeps } from "@/lib/payments/testing";
import { HOLD_GRACE_MS } from "@/lib/registrations/seats";
import { createEvent, updateEvent } from "./admin";
import { createEventSchema, updateEventSchema } from "./admin-schema";
import { organiserEventBySlug, organiserEventJson } from "./admin-view";
import { getEventBySlug } from "./events";
import { choosablePrices, pickPrice, priceRefusal, pricesByEvent, pricesJson, pricesOf, pricesOnOffer } from "./prices";

let t: TestDatabase;
let organiser: CurrentUser;
let seq = 0;

beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
  organiser = await newUser(t, "organiser");
  await t.db.update(users).set({ role: "organiser" }).where(eq(users.id, organiser.id));
});
afterAll(async () => {
  await t?.dispose();
});

const DAY = 24 * 60 * 60_000;
const at = new Date("2026-12-01T10:00:00+05:30");
const rules = (over: Partial<Parameters<typeof priceRefusal>[0] & { position: number }> = {}) => ({
  key: "p",
  label: "Early bird",
  feePaise: 100,
  opensAt: null,
  closesAt: null,
  emailDomains: [] as string[],
  codeOnly: false,
  position: 0,
  ...over,
});
const verified = (email: string) => ({ email, emailVerifiedAt: new Date(0) });

/** An open solo event made through the organisers' API with these prices. */
async function pricedEvent(prices: unknown[], over: Record<string, unknown> = {}) {
  const slug = `priced-${++seq}-${Date.now()}`;
  await createEvent(t.db, organiser, createEventSchema.parse({ slug, name: `Priced ${seq}`, kind: "solo", prices, ...over }));
  return (await getEventBySlug(t.db, slug))!;
}

/** A person whose verified email is at this domain. */
async function personAt(domain: string, verifiedEmail = true): Promise<CurrentUser> {
  const u = await newUser(t, "dom");
  const email = `${u.anweshaId.toLowerCase()}@${domain}`;
  const emailVerifiedAt = verifiedEmail ? new Date() : null;
  await t.db.update(users).set({ email, emailVerifiedAt }).where(eq(users.id, u.id));
  return { ...u, email, emailVerifiedAt };
}

describe("the price rule (one function: lib/events/prices.ts priceRefusal)", () => {
  it("a sale window: not before it opens, not from the moment it closes", () => {
    const p = rules({ opensAt: new Date(at.getTime() + 1), closesAt: new Date(at.getTime() + DAY) });
    expect(priceRefusal(p, null, at)).toMatch(/^The Early bird price is on sale from /);
    expect(priceRefusal(p, null, new Date(at.getTime() + 1))).toBeNull();
    expect(priceRefusal(p, null, new Date(at.getTime() + DAY))).toMatch(/^The Early bird price ended on /);
  });

  it("a domain: only a verified email there or at a subdomain; never a look-alike, an unverified one or nobody", () => {
    const p = rules({ emailDomains: ["iitp.ac.in"] });
    expect(priceRefusal(p, verified("a@iitp.ac.in"), at)).toBeNull();
    expect(priceRefusal(p, verified("a@CSE.IITP.AC.IN"), at)).toBeNull();
    expect(priceRefusal(p, verified("a@notiitp.ac.in"), at)).toBe(
      "The Early bird price is only for people with a verified @iitp.ac.in email.",
    );
    expect(priceRefusal(p, verified("iitp.ac.in@gmail.com"), at)).not.toBeNull();
    expect(priceRefusal(p, { email: "a@iitp.ac.in", emailVerifiedAt: null }, at)).toMatch(/verified first/);
    expect(priceRefusal(p, null, at)).toMatch(/sign in first/);
  });

  it("code-only: refused without a code that unlocks it, chosen with one", () => {
    const p = rules({ codeOnly: true });
    expect(priceRefusal(p, null, at)).toBe("The Early bird price is only available with a code.");
    expect(priceRefusal(p, null, at, { keys: ["other"] })).not.toBeNull();
    expect(priceRefusal(p, null, at, { keys: ["p"] })).toBeNull();
  });

  it("without a key, the cheapest price the person may choose; an unknown key is 422, a refused one 409", () => {
    const prices = [
      rules({ key: "standard", label: "Standard", feePaise: 300, position: 0 }),
      rules({ key: "host", label: "Host", feePaise: 100, emailDomains: ["iitp.ac.in"], position: 1 }),
      rules({ key: "early", label: "Early", feePaise: 200, closesAt: new Date(at.getTime() + DAY), position: 2 }),
    ];
    expect(choosablePrices(prices, verified("a@iitp.ac.in"), at).map((p) => p.key)).toEqual(["host", "early", "standard"]);
    expect(pickPrice(prices, undefined, verified("a@gmail.com"), at)).toEqual({ price: prices[2] });
    expect(pickPrice(prices, undefined, verified("a@gmail.com"), new Date(at.getTime() + DAY))).toEqual({ price: prices[0] });
    expect(pickPrice(prices, "nope", null, at)).toMatchObject({ status: 422 });
    expect(pickPrice(prices, "host", verified("a@gmail.com"), at)).toMatchObject({ status: 409 });
    expect(pickPrice([prices[1]!], undefined, null, at)).toEqual({
      refusal: "No price of this event is open to you right now.",
      status: 409,
    });
  });
});

describe(`prices at checkout on ${testDatabaseKind()}`, () => {
  const threePrices = (now = Date.now()) => [
    { key: "standard", label: "Standard", feePaise: 30_000 },
    { key: "early-bird", label: "Early bird", feePaise: 20_000, closesAt: new Date(now + DAY).toISOString() },
    { key: "host-college", label: "IIT Patna students", feePaise: 10_000, emailDomains: ["iitp.ac.in"] },
    { key: "jury", label: "Jury", feePaise: 0, codeOnly: true },
  ];

  it("the start's one read gives the prices pricesByEvent reads: windows, domains, code-only, capacity, order; Standard without rows", async () => {
    const now = Date.now();
    const event = await pricedEvent([
      ...threePrices(now),
      { key: "day-pass", label: "Day pass", feePaise: 15_000, opensAt: new Date(now - DAY).toISOString(), capacity: 7 },
    ]);
    const bare = await soloEvent(t, 5);
    for (const e of [event, bare]) {
      const [row] = await t.db.select({ event: events, prices: pricesJson }).from(events).where(eq(events.id, e.id));
      const read = pricesOf(row!.event, row!.prices);
      expect(read).toEqual((await pricesByEvent(t.db, [row!.event])).get(e.id));
      expect(read.length).toBe(e === bare ? 1 : 5);
    }
  });

  it("charges the chosen price and copies its key, label and amount onto the registration and the item", async () => {
    const event = await pricedEvent(threePrices());
    const deps = testDeps(t);
    const u = await newUser(t, "chooser");
    const started = await startPayment(deps, u, { eventSlug: event.slug, price: "standard" });
    expect(started.amountPaise).toBe(30_000);
    const [reg] = await t.db.select().from(registrations).where(eq(registrations.id, started.items[0]!.registrationId));
    expect(reg).toMatchObject({ priceKey: "standard", priceLabel: "Standard", feePaise: 30_000 });
    const [item] = await t.db.select().from(paymentItems).where(eq(paymentItems.registrationId, reg!.id));
    expect(item!.amountPaise).toBe(30_000);
  });

  it("without a price, the cheapest the person may choose: the early bird for most, the host price for a verified @iitp.ac.in", async () => {
    const event = await pricedEvent(threePrices());
    const deps = testDeps(t);
    expect((await startPayment(deps, await newUser(t, "anyone"), { eventSlug: event.slug })).amountPaise).toBe(20_000);
    const host = await personAt("iitp.ac.in");
    const started = await startPayment(deps, host, { eventSlug: event.slug });
    expect(started.amountPaise).toBe(10_000);
    const [reg] = await t.db.select().from(registrations).where(eq(registrations.id, started.items[0]!.registrationId));
    expect(reg).toMatchObject({ priceKey: "host-college", priceLabel: "IIT Patna students" });
  });

  it("refuses a price the person may not choose with a clear 409 (422 for no such price) and records nothing", async () => {
    const event = await pricedEvent(
      threePrices(Date.now() - 2 * DAY).map((p) =>
        p.key === "early-bird" ? { ...p, opensAt: new Date(Date.now() - 3 * DAY).toISOString() } : p,
      ),
    );
    const deps = testDeps(t);
    const u = await newUser(t, "refused");
    const unverified = await personAt("iitp.ac.in", false);
    const cases: [CurrentUser, string, number, RegExp][] = [
      [u, "early-bird", 409, /: The Early bird price ended on /],
      [u, "host-college", 409, /only for people with a verified @iitp\.ac\.in email/],
      [unverified, "host-college", 409, /verified first/],
      [u, "jury", 409, /only available with a code/],
      [u, "no-such-price", 422, /has no price "no-such-price"/],
    ];
    for (const [who, price, status, message] of cases) {
      const error = await rejection(startCheckout(deps, who, { eventSlug: event.slug, price }));
      expect(error.status, price).toBe(status);
      expect(error.message, price).toMatch(message);
    }
    expect(await t.db.select().from(registrations).where(eq(registrations.eventId, event.id))).toEqual([]);
    // A price key that is not a key at all is the schema's 422, before anything is read.
    expect((await rejection(startCheckout(deps, u, { eventSlug: event.slug, price: "" }))).status).toBe(422);
  });

  it("a registration priced again before paying copies the new price; a live payment is not reused for another price", async () => {
    const event = await pricedEvent(threePrices());
    const deps = testDeps(t);
    const u = await newUser(t, "switch");
    const first = await startPayment(deps, u, { eventSlug: event.slug, price: "early-bird" });
    await receiveGatewayMessage(deps, genuineReturn(first.merchTxnId, first.amountPaise, { statusCode: "OTS0600" }), "return");
    const second = await startPayment(deps, u, { eventSlug: event.slug, price: "standard" });
    expect(second.items[0]!.registrationId).toBe(first.items[0]!.registrationId);
    expect(second.amountPaise).toBe(30_000);
    const [reg] = await t.db.select().from(registrations).where(eq(registrations.id, second.items[0]!.registrationId));
    expect(reg).toMatchObject({ priceKey: "standard", priceLabel: "Standard", feePaise: 30_000 });
    // The same click again reuses the live payment; another price while it is live is told so.
    expect((await startPayment(deps, u, { eventSlug: event.slug, price: "standard" })).merchTxnId).toBe(second.merchTxnId);
    expect((await rejection(startPayment(deps, u, { eventSlug: event.slug, price: "early-bird" }))).status).toBe(409);
  });

  it("in a rush of 30 for a price with 3 seats of its own, exactly 3 start at it; the rest are told it is full", {
    timeout: 180_000,
  }, async () => {
    const event = await pricedEvent([
      { key: "standard", label: "Standard", feePaise: 30_000 },
      { key: "early-bird", label: "Early bird", feePaise: 20_000, capacity: 3 },
    ]);
    const deps = testDeps(t);
    const people = await Promise.all(Array.from({ length: 30 }, (_, i) => newUser(t, `prush${i}`)));
    const results = await Promise.allSettled(people.map((u) => startPayment(deps, u, { eventSlug: event.slug, price: "early-bird" })));
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect(refused).toHaveLength(27);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(ApiError);
      expect((r.reason as ApiError).status).toBe(409);
      expect((r.reason as ApiError).message).toBe(`${event.name} (Early bird) is full: every seat is taken or being paid for right now.`);
    }
    const held = await t.db.select().from(registrations).where(eq(registrations.eventId, event.id));
    expect(held.filter((r) => r.priceKey === "early-bird" && r.heldUntil && r.heldUntil > new Date())).toHaveLength(3);
    // The price is off the list for everyone now; the event itself still has seats at its standard price.
    const offer = (await pricesOnOffer(t.db, [event], null, new Date())).get(event.id)!;
    expect(offer.map((p) => [p.key, p.seatsLeft])).toEqual([
      ["early-bird", 0],
      ["standard", null],
    ]);
    expect((await startPayment(deps, people[29]!, { eventSlug: event.slug, price: "standard" })).amountPaise).toBe(30_000);
  });

  it("a late success whose price filled meanwhile is flagged like a full event's; one with a seat at its price is paid", async () => {
    const event = await pricedEvent([
      { key: "standard", label: "Standard", feePaise: 30_000 },
      { key: "early-bird", label: "Early bird", feePaise: 20_000, capacity: 1 },
    ]);
    const deps = testDeps(t);
    const [late, onTime, other] = [await newUser(t, "plate"), await newUser(t, "pontime"), await newUser(t, "pother")];
    const slow = await startPayment(deps, late, { eventSlug: event.slug, price: "early-bird" });
    const expire = (id: string) =>
      t.db
        .update(registrations)
        .set({ heldUntil: new Date(Date.now() - HOLD_GRACE_MS - 60_000) })
        .where(eq(registrations.id, id));
    await expire(slow.items[0]!.registrationId);
    await payFor(deps, onTime, { eventSlug: event.slug, price: "early-bird" });
    // A standard seat taken meanwhile does not count against the early bird's.
    const standard = await startPayment(deps, other, { eventSlug: event.slug, price: "standard" });
    const outcome = await receiveGatewayMessage(deps, genuineReturn(slow.merchTxnId, slow.amountPaise), "return");
    expect(outcome).toMatchObject({ kind: "settled", status: "flagged", changed: true });
    const [item] = await t.db.select().from(paymentItems).where(eq(paymentItems.paymentId, slow.paymentId));
    expect(item).toMatchObject({ status: "flagged", flagReason: "paid, but the event was full" });
    await expire(standard.items[0]!.registrationId);
    const paid = await receiveGatewayMessage(deps, genuineReturn(standard.merchTxnId, standard.amountPaise), "return");
    expect(paid).toMatchObject({ kind: "settled", status: "success" });
    const [p] = await t.db.select().from(payments).where(eq(payments.id, standard.paymentId));
    expect(p!.status).toBe("success");
  });

  it("the basket shows and charges a line's price by the same rule; a price the person may not choose is refused", async () => {
    const event = await pricedEvent(threePrices());
    const u = await newUser(t, "basket");
    expect((await rejection(addToBasket(t.db, u, event.slug, new Date(), { price: "host-college" }))).status).toBe(409);
    expect((await rejection(addToBasket(t.db, u, event.slug, new Date(), { price: "nope" }))).status).toBe(422);
    await addToBasket(t.db, u, event.slug);
    expect((await basketOf(t.db, u)).lines).toEqual([
      expect.objectContaining({
        eventSlug: event.slug,
        price: { key: "early-bird", label: "Early bird" },
        feePaise: 20_000,
        blocker: null,
      }),
    ]);
    await addToBasket(t.db, u, event.slug, new Date(), { price: "standard" });
    const basket = await basketOf(t.db, u);
    expect(basket.lines[0]).toMatchObject({ price: { key: "standard", label: "Standard" }, feePaise: 30_000 });
    expect(basket.totalPaise).toBe(30_000);
    const started = await startPayment(testDeps(t), u, { items: [{ eventSlug: event.slug, price: basket.lines[0]!.price!.key }] });
    expect(started.amountPaise).toBe(30_000);
  });

  it("a free price confirms at once, like a free event (a zero total)", async () => {
    const event = await pricedEvent([
      { key: "standard", label: "Standard", feePaise: 30_000 },
      { key: "volunteer", label: "Volunteers", feePaise: 0, emailDomains: ["iitp.ac.in"] },
    ]);
    const host = await personAt("iitp.ac.in");
    const done = await startCheckout(testDeps(t), host, { eventSlug: event.slug });
    expect(done).toMatchObject({ merchTxnId: null, amountPaise: 0, registrations: [{ status: "paid" }] });
    const [reg] = await t.db.select().from(registrations).where(eq(registrations.eventId, event.id));
    expect(reg).toMatchObject({ priceKey: "volunteer", priceLabel: "Volunteers", feePaise: 0, status: "paid" });
  });
});

describe(`organisers' prices on ${testDatabaseKind()}`, () => {
  it("a bare fee is one Standard price", async () => {
    const slug = `bare-${++seq}`;
    await createEvent(t.db, organiser, createEventSchema.parse({ slug, name: "Bare fee", kind: "solo", feePaise: 4_000 }));
    const json = organiserEventJson((await organiserEventBySlug(t.db, slug))!);
    expect(json.feePaise).toBe(4_000);
    expect(json.prices.map((p) => [p.key, p.label, p.feePaise, p.paidFor])).toEqual([["standard", "Standard", 4_000, false]]);
  });

  it("creates with prices and answers each price's problems at once, keyed prices.<i>.<field>, writing nothing", async () => {
    const slug = `bad-${++seq}`;
    const error = await rejection(
      createEvent(
        t.db,
        organiser,
        createEventSchema.parse({
          slug,
          name: "Bad prices",
          kind: "solo",
          prices: [
            { key: "Early Bird", label: "", feePaise: -1 },
            { key: "std", label: "Standard", feePaise: 100, emailDomains: ["@IITP.ac.in", "not a domain"], capacity: 0 },
            { key: "std", label: "Again", feePaise: 100, opensAt: "2026-12-02T10:00:00+05:30", closesAt: "2026-12-01T10:00:00+05:30" },
          ],
        }),
      ),
    );
    expect(error.status).toBe(422);
    expect(Object.keys(error.details as object).sort()).toEqual([
      "prices.0.feePaise",
      "prices.0.key",
      "prices.0.label",
      "prices.1.capacity",
      "prices.1.emailDomains",
      "prices.2.closesAt",
      "prices.2.key",
    ]);
    expect(await getEventBySlug(t.db, slug)).toBeUndefined();
    // Neither a fee nor prices.
    const none = await rejection(createEvent(t.db, organiser, createEventSchema.parse({ slug, name: "No fee", kind: "solo" })));
    expect(none.status).toBe(422);
    expect(none.details).toEqual({ feePaise: ["Give the fee (0 for a free event), or the prices."] });
    // An empty list is the schema's.
    expect(createEventSchema.safeParse({ slug, name: "Empty", kind: "solo", prices: [] }).success).toBe(false);
  });

  it("edits prices (add, remove, reorder); a paid-for price keeps its amount (409); a bare fee with several prices is 422", async () => {
    const event = await pricedEvent([
      { key: "standard", label: "Standard", feePaise: 30_000 },
      { key: "early-bird", label: "Early bird", feePaise: 20_000 },
    ]);
    const made = organiserEventJson((await organiserEventBySlug(t.db, event.slug))!);
    expect(made.feePaise).toBe(20_000);
    expect(made.prices.map((p) => [p.key, p.feePaise, p.paidFor])).toEqual([
      ["standard", 30_000, false],
      ["early-bird", 20_000, false],
    ]);
    await payFor(testDeps(t), await newUser(t, "payer"), { eventSlug: event.slug, price: "early-bird" });
    const edit = (prices: unknown[]) => updateEvent(t.db, organiser, event.slug, updateEventSchema.parse({ prices }));
    const refused = await rejection(
      edit([
        { key: "early-bird", label: "Early bird", feePaise: 25_000 },
        { key: "standard", label: "Standard", feePaise: 30_000 },
      ]),
    );
    expect(refused.status).toBe(409);
    expect(refused.details).toEqual({
      "prices.0.feePaise": ["The Early bird price has been paid for, so its amount can't change. Add a new price instead."],
    });
    // Reorder, relabel, change an unpaid amount, remove one and add one: all at once.
    const edited = organiserEventJson(
      await edit([
        { key: "early-bird", label: "Early bird (closed)", feePaise: 20_000, closesAt: new Date(Date.now() - 1000).toISOString() },
        { key: "student", label: "Students", feePaise: 15_000, capacity: 10 },
      ]),
    );
    expect(edited.prices.map((p) => [p.key, p.label, p.feePaise, p.paidFor])).toEqual([
      ["early-bird", "Early bird (closed)", 20_000, true],
      ["student", "Students", 15_000, false],
    ]);
    expect(edited.feePaise).toBe(15_000);
    const several = await rejection(updateEvent(t.db, organiser, event.slug, updateEventSchema.parse({ feePaise: 100 })));
    expect(several.status).toBe(422);
    expect(several.details).toEqual({ feePaise: ["This event has several prices: edit the prices, not the fee."] });
    // What the person paid is theirs: their registration keeps its copy.
    const [reg] = await t.db.select().from(registrations).where(eq(registrations.eventId, event.id));
    expect(reg).toMatchObject({ priceKey: "early-bird", priceLabel: "Early bird", feePaise: 20_000, status: "paid" });
  });

  it("a price's own capacity can't go below the seats taken at it (paid or held), like the event's: 422 on that price", async () => {
    const event = await pricedEvent([
      { key: "standard", label: "Standard", feePaise: 30_000 },
      { key: "early-bird", label: "Early bird", feePaise: 20_000, capacity: 5 },
    ]);
    await payFor(testDeps(t), await newUser(t, "capPaid"), { eventSlug: event.slug, price: "early-bird" });
    await startPayment(testDeps(t), await newUser(t, "capHeld"), { eventSlug: event.slug, price: "early-bird" });
    const edit = (capacity: number) =>
      updateEvent(
        t.db,
        organiser,
        event.slug,
        updateEventSchema.parse({
          prices: [
            { key: "standard", label: "Standard", feePaise: 30_000 },
            { key: "early-bird", label: "Early bird", feePaise: 20_000, capacity },
          ],
        }),
      );
    const refused = await rejection(edit(1));
    expect(refused.status).toBe(422);
    expect(refused.details).toEqual({ "prices.1.capacity": ["2 seats are taken at Early bird, so its capacity can't be below 2."] });
    const [kept] = await t.db
      .select()
      .from(eventPrices)
      .where(and(eq(eventPrices.eventId, event.id), eq(eventPrices.key, "early-bird")));
    expect(kept!.capacity).toBe(5);
    // Down to exactly the seats taken is allowed.
    const edited = organiserEventJson(await edit(2));
    expect(edited.prices.find((p) => p.key === "early-bird")!.capacity).toBe(2);
  });

  it("a bare fee on an event with one price changes that price's amount, keeping its key and label", async () => {
    const event = await pricedEvent([{ key: "entry", label: "Entry", feePaise: 5_000 }]);
    const edited = organiserEventJson(await updateEvent(t.db, organiser, event.slug, updateEventSchema.parse({ feePaise: 7_000 })));
    expect(edited.feePaise).toBe(7_000);
    expect(edited.prices.map((p) => [p.key, p.label, p.feePaise])).toEqual([["entry", "Entry", 7_000]]);
  });
});
