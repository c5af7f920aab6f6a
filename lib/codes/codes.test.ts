// Codes (issue 26) on a real database (PGlite, or the Postgres server with DATABASE_URL), through the real route
// handlers with bearer tokens: the organisers' API (422 per field, 409 for a code that exists in any case, 403 for
// anyone else), a code discounting what the gateway is asked for, a 100% code taking the free path, the event page's
// ?code=, the basket, uses held and counted like seats (50 concurrent checkouts for 5 uses; a use given back by a
// full refund and by a hold running out; a late success over a used-up code flagged), and the CSVs' columns.
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});
// next-auth cannot load under Vitest's resolution; bearer tokens never ask it (lib/auth/require-user).
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

import { POST as startRoute } from "@/app/api/atompay/route";
import { GET as basketGet, POST as basketPost } from "@/app/api/basket/route";
import { GET as eventRoute } from "@/app/api/events/[slug]/route";
import { GET as codesGet, POST as codesPost } from "@/app/api/organiser/codes/route";
import { auditLog, paymentItems, registrations, sandboxTransactions } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { createEvent } from "@/lib/events/admin";
import { createEventSchema } from "@/lib/events/admin-schema";
import { getEventBySlug } from "@/lib/events/events";
import { itemsCsvStream } from "@/lib/organiser/csv";
import { parseCsv } from "@/lib/organiser/csv-read";
import { parseListParams } from "@/lib/organiser/filters";
import { registrantsCsv } from "@/lib/organiser/registrants-csv";
import { receiveGatewayMessage } from "@/lib/payments/receive";
import { refundPayment } from "@/lib/payments/refund";
import { genuineReturn, newUser, testDeps } from "@/lib/payments/testing";
import { HOLD_GRACE_MS } from "@/lib/registrations/seats";
import { sandboxComplete } from "@/lib/sandbox/gateway";
import { params, routeTestDatabase } from "@/lib/server/route-testing";

const { t, organiser, send } = routeTestDatabase();
let seq = 0;
const unique = (tag: string) => `${tag}${++seq}${Date.now().toString(36).toUpperCase()}`.slice(0, 40);

/** An open solo event with these prices, made through the organisers' API. */
async function pricedEvent(prices: unknown[], over: Record<string, unknown> = {}) {
  const slug = `coded-${++seq}-${Date.now()}`;
  await createEvent(t.db, organiser, createEventSchema.parse({ slug, name: `Coded ${seq}`, kind: "solo", prices, ...over }));
  return (await getEventBySlug(t.db, slug))!;
}
const STANDARD = [{ key: "standard", label: "Standard", feePaise: 30_000 }];

/** A code made through POST /api/organiser/codes. */
async function makeCode(body: Record<string, unknown>) {
  const res = await codesPost(await send("POST", "/api/organiser/codes", organiser, body));
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
  return (await res.json()).code as { id: string; code: string };
}

const start = async (who: CurrentUser, body: unknown) => startRoute(await send("POST", "/api/atompay", who, body));
const registrationOf = async (id: string) => (await t.db.select().from(registrations).where(eq(registrations.id, id)))[0]!;

describe(`the organisers' codes on ${testDatabaseKind()}`, () => {
  it("POST names every field's problem at once (422) and makes nothing; 403 for an attendee, 401 for nobody", async () => {
    const attendee = await newUser(t, "notorg");
    expect((await codesPost(await send("POST", "/api/organiser/codes", attendee, { code: "NOPE1" }))).status).toBe(403);
    expect((await codesGet(await send("GET", "/api/organiser/codes", attendee))).status).toBe(403);
    expect((await codesPost(await send("POST", "/api/organiser/codes", null, { code: "NOPE1" }))).status).toBe(401);
    const bad = await codesPost(
      await send("POST", "/api/organiser/codes", organiser, {
        code: "no spaces!",
        events: ["no-such-event"],
        discountPaise: 500,
        discountPercent: 150,
        unlocks: ["no-such-price"],
        maxUses: 0,
        validFrom: "tomorrow",
        owner: "nobody-here@example.com",
      }),
    );
    expect(bad.status).toBe(422);
    const { fields } = (await bad.json()).error;
    expect(Object.keys(fields).sort()).toEqual(["code", "discountPercent", "events", "maxUses", "owner", "unlocks", "validFrom"]);
    expect(fields.code).toEqual(["Use letters, digits, - and _ only, like RIYA10."]);
    expect(fields.events).toEqual(['No event "no-such-event".']);
    expect(fields.owner).toEqual(["No account for nobody-here@example.com."]);
    const both = await codesPost(
      await send("POST", "/api/organiser/codes", organiser, { code: "BOTH1", discountPaise: 500, discountPercent: 10 }),
    );
    expect((await both.json()).error.fields).toEqual({ discountPercent: ["Give a fixed discount or a percentage, not both."] });
    const list = await (await codesGet(await send("GET", "/api/organiser/codes", organiser))).json();
    expect(list.codes.filter((c: { code: string }) => ["BOTH1", "no spaces!"].includes(c.code))).toEqual([]);
  });

  it("a code that exists in any case is 409; a made one is audited and listed with its uses and owner", async () => {
    const owner = await newUser(t, "ambassador");
    const event = await pricedEvent(STANDARD);
    const text = unique("Amb");
    const made = await makeCode({
      code: text,
      discountPercent: 10,
      events: [event.slug],
      maxUses: 100,
      owner: owner.anweshaId.toLowerCase(),
    });
    const again = await codesPost(await send("POST", "/api/organiser/codes", organiser, { code: text.toUpperCase(), discountPaise: 100 }));
    expect(again.status).toBe(409);
    expect((await again.json()).error.fields.code[0]).toContain("already exists");
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, "code.created"));
    expect(audit).toBeDefined();
    const { codes, leaderboard } = await (await codesGet(await send("GET", "/api/organiser/codes", organiser))).json();
    expect(codes.find((c: { id: string }) => c.id === made.id)).toMatchObject({
      code: text,
      summary: "10% off",
      events: [{ slug: event.slug, name: event.name }],
      owner: { name: owner.name, anweshaId: owner.anweshaId },
      held: 0,
      used: 0,
      limit: 100,
    });
    expect(leaderboard.find((r: { owner: { anweshaId: string } }) => r.owner.anweshaId === owner.anweshaId)).toMatchObject({
      codes: [text],
      used: 0,
    });
  });
});

describe(`codes at checkout on ${testDatabaseKind()}`, () => {
  it("a code discounts what the gateway is asked for; the registration keeps the price, the code and the discount", async () => {
    const event = await pricedEvent(STANDARD);
    const text = unique("Ten");
    const code = await makeCode({ code: text, discountPercent: 10 });
    const u = await newUser(t, "tenoff");
    const res = await start(u, { eventSlug: event.slug, code: `  ${text.toLowerCase()} `, amountPaise: 1 });
    expect(res.status).toBe(201);
    const started = await res.json();
    expect(started.amountPaise).toBe(27_000);
    expect(started.items).toEqual([{ registrationId: expect.any(String), eventSlug: event.slug, amountPaise: 27_000 }]);
    const [asked] = await t.db.select().from(sandboxTransactions).where(eq(sandboxTransactions.merchTxnId, started.merchTxnId));
    expect(asked!.amountPaise).toBe(27_000);
    expect(await registrationOf(started.items[0].registrationId)).toMatchObject({
      priceKey: "standard",
      priceLabel: "Standard",
      feePaise: 27_000,
      codeId: code.id,
      discountPaise: 3_000,
    });
    // Paid through the sandbox: the use is counted, and the CSVs name the price and the code.
    const { form } = await sandboxComplete(t.db, testDeps(t).config, { atomTokenId: started.atomTokenId, outcome: "success", mode: "NB" });
    expect(await receiveGatewayMessage(testDeps(t), form!, "return")).toMatchObject({ status: "success" });
    const { codes } = await (await codesGet(await send("GET", "/api/organiser/codes", organiser))).json();
    expect(codes.find((c: { id: string }) => c.id === code.id)).toMatchObject({ held: 0, used: 1, limit: null });

    const view = parseListParams(new URLSearchParams({ event: event.slug })).view;
    let text2 = "";
    const reader = itemsCsvStream(t.db, view, { bom: false }).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) text2 += new TextDecoder().decode(r.value);
    const [header, row] = parseCsv(text2);
    expect(row![header!.indexOf("Price")]).toBe("Standard");
    expect(row![header!.indexOf("Code")]).toBe(text);
    expect(row![header!.indexOf("Paid (₹)")]).toBe("270.00");
    const registrants = parseCsv((await registrantsCsv(t.db, event)).text.slice(1));
    expect(registrants[0]!.slice(8, 11)).toEqual(["Price", "Code", "Fee (₹)"]);
    expect(registrants[1]!.slice(8, 11)).toEqual(["Standard", text, "270.00"]);
  });

  it("a 100% code takes the free path (201, merchTxnId null); a code unlocks a code-only price", async () => {
    const event = await pricedEvent([...STANDARD, { key: "judges", label: "Judges & sponsors", feePaise: 0, codeOnly: true }]);
    // The event's "from" fee is what anyone may be offered, not the price only a code opens.
    expect(event.feePaise).toBe(30_000);
    const all = unique("Free");
    await makeCode({ code: all, discountPercent: 100 });
    const u = await newUser(t, "free");
    const res = await start(u, { eventSlug: event.slug, code: all });
    expect(res.status).toBe(201);
    const done = await res.json();
    expect(done).toMatchObject({ merchTxnId: null, amountPaise: 0, registrations: [{ status: "paid" }] });
    expect(await registrationOf(done.registrations[0].id)).toMatchObject({ feePaise: 0, discountPaise: 30_000, priceLabel: "Standard" });

    const judges = unique("Judge");
    await makeCode({ code: judges, unlocks: ["judges"], events: [event.slug] });
    const refused = await start(await newUser(t, "nocode"), { eventSlug: event.slug, price: "judges" });
    expect(refused.status).toBe(409);
    const judge = await newUser(t, "judge");
    const opened = await start(judge, { eventSlug: event.slug, code: judges });
    expect(opened.status).toBe(201);
    expect(await opened.json()).toMatchObject({ merchTxnId: null, registrations: [{ status: "paid" }] });
    // The code lists its prices: asking it for another is refused with the reason.
    const other = await start(await newUser(t, "judge2"), { eventSlug: event.slug, price: "standard", code: judges });
    expect(other.status).toBe(409);
    expect((await other.json()).error.message).toBe(`${event.name}: The code ${judges} does not apply to the Standard price.`);
  });

  it("an unknown code is 422 naming the field; an ended one or one for another event is 409 with the reason", async () => {
    const event = await pricedEvent(STANDARD);
    const elsewhere = await pricedEvent(STANDARD);
    const u = await newUser(t, "badcode");
    const unknown = await start(u, { eventSlug: event.slug, code: "NO-SUCH-CODE" });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error).toMatchObject({
      message: 'There is no code "NO-SUCH-CODE". Check how it is spelt.',
      fields: { code: ['There is no code "NO-SUCH-CODE". Check how it is spelt.'] },
    });
    const ended = unique("Old");
    await makeCode({ code: ended, discountPaise: 1_000, validFrom: "2020-01-01T00:00:00Z", validUntil: "2020-02-01T00:00:00Z" });
    const late = await start(u, { eventSlug: event.slug, code: ended });
    expect(late.status).toBe(409);
    expect((await late.json()).error.message).toMatch(new RegExp(`^${event.name}: The code ${ended} ended on .*IST\\.$`));
    const onlyThere = unique("There");
    await makeCode({ code: onlyThere, discountPaise: 1_000, events: [elsewhere.slug] });
    const wrong = await start(u, { eventSlug: event.slug, code: onlyThere });
    expect(wrong.status).toBe(409);
    expect((await wrong.json()).error.message).toBe(`${event.name}: The code ${onlyThere} is not for ${event.name}.`);
    expect(await t.db.select().from(registrations).where(eq(registrations.eventId, event.id))).toEqual([]);
  });

  it("GET /api/events/{slug}?code= shows the prices the code opens and what it takes off; 422 unknown, 409 used up", async () => {
    const event = await pricedEvent([...STANDARD, { key: "judges", label: "Judges & sponsors", feePaise: 0, codeOnly: true }]);
    const text = unique("Look");
    await makeCode({ code: text, discountPaise: 5_000, unlocks: ["judges", "standard"], maxUses: 1 });
    const get = async (q: string) => eventRoute(await send("GET", `/api/events/${event.slug}${q}`, null), params({ slug: event.slug }));
    const plain = await (await get("")).json();
    expect(plain.event.prices.map((p: { key: string }) => p.key)).toEqual(["standard"]);
    const coded = await (await get(`?code=${text.toLowerCase()}`)).json();
    expect(coded.code).toMatchObject({ code: text, discountPaise: 5_000, summary: "₹50.00 off" });
    expect(
      coded.event.prices.map((p: { key: string; feePaise: number; discountPaise: number }) => [p.key, p.feePaise, p.discountPaise]),
    ).toEqual([
      ["judges", 0, 0],
      ["standard", 30_000, 5_000],
    ]);
    expect((await get("?code=NOPE")).status).toBe(422);
    const paid = await start(await newUser(t, "look"), { eventSlug: event.slug, price: "standard", code: text });
    expect(paid.status).toBe(201);
    const usedUp = await get(`?code=${text}`);
    expect(usedUp.status).toBe(409);
    expect((await usedUp.json()).error.message).toBe("This code has been used up.");
  });

  it("the basket keeps a line's code and shows its discount; paying the basket charges the discounted amount", async () => {
    const event = await pricedEvent(STANDARD);
    const text = unique("Bask");
    await makeCode({ code: text, discountPaise: 10_000 });
    const u = await newUser(t, "basketcode");
    expect((await basketPost(await send("POST", "/api/basket", u, { eventSlug: event.slug, code: "NOPE-NOPE" }))).status).toBe(422);
    const added = await basketPost(await send("POST", "/api/basket", u, { eventSlug: event.slug, code: text.toLowerCase() }));
    expect(added.status).toBe(201);
    const basket = await (await basketGet(await send("GET", "/api/basket", u))).json();
    expect(basket.lines).toEqual([
      expect.objectContaining({
        eventSlug: event.slug,
        price: { key: "standard", label: "Standard" },
        code: { code: text, discountPaise: 10_000 },
        feePaise: 20_000,
        blocker: null,
      }),
    ]);
    expect(basket.totalPaise).toBe(20_000);
    const res = await start(u, { items: [{ eventSlug: event.slug, price: "standard", code: text }] });
    expect((await res.json()).amountPaise).toBe(20_000);
  });
});

describe(`a code's uses on ${testDatabaseKind()}`, () => {
  it("50 concurrent checkouts with a code of 5 uses: exactly 5 hold one, 45 are told it has been used up", {
    timeout: 300_000,
  }, async () => {
    const event = await pricedEvent(STANDARD);
    const text = unique("Rush");
    const code = await makeCode({ code: text, discountPercent: 20, maxUses: 5 });
    const people = await Promise.all(Array.from({ length: 50 }, (_, i) => newUser(t, `crush${i}`)));
    const requests = await Promise.all(people.map((u) => send("POST", "/api/atompay", u, { eventSlug: event.slug, code: text })));
    const answers = await Promise.all(requests.map((r) => startRoute(r)));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(5);
    const refused = answers.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(45);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect((await r.json()).error.message).toBe("This code has been used up.");
    }
    const held = await t.db.select().from(registrations).where(eq(registrations.codeId, code.id));
    expect(held.filter((r) => r.heldUntil && r.heldUntil > new Date())).toHaveLength(5);
    const { codes } = await (await codesGet(await send("GET", "/api/organiser/codes", organiser))).json();
    expect(codes.find((c: { id: string }) => c.id === code.id)).toMatchObject({ held: 5, used: 0, limit: 5 });
  });

  it("a full refund gives the use back, and so does a hold that ran out; a late success over a used-up code is flagged", async () => {
    const deps = testDeps(t);
    const event = await pricedEvent(STANDARD);
    const text = unique("One");
    await makeCode({ code: text, discountPaise: 2_000, maxUses: 1 });
    const [a, b, c, d] = [await newUser(t, "one-a"), await newUser(t, "one-b"), await newUser(t, "one-c"), await newUser(t, "one-d")];
    const first = await (await start(a, { eventSlug: event.slug, code: text })).json();
    const { form } = await sandboxComplete(t.db, deps.config, { atomTokenId: first.atomTokenId, outcome: "success", mode: "NB" });
    await receiveGatewayMessage(deps, form!, "return");
    expect((await start(b, { eventSlug: event.slug, code: text })).status).toBe(409);
    // A full refund: the registration is refunded and its use comes back.
    await refundPayment(deps, organiser, first.merchTxnId, { amountPaise: 28_000, reason: "Refund in full" });
    expect((await registrationOf(first.items[0].registrationId)).status).toBe("refunded");
    const second = await start(b, { eventSlug: event.slug, code: text });
    expect(second.status).toBe(201);
    const slow = await second.json();
    // Its hold runs out (and the grace after it): the use is free for someone else.
    await t.db
      .update(registrations)
      .set({ heldUntil: new Date(Date.now() - HOLD_GRACE_MS - 60_000) })
      .where(eq(registrations.id, slow.items[0].registrationId));
    const third = await start(c, { eventSlug: event.slug, code: text });
    expect(third.status).toBe(201);
    const onTime = await third.json();
    const done = await sandboxComplete(t.db, deps.config, { atomTokenId: onTime.atomTokenId, outcome: "success", mode: "UP" });
    await receiveGatewayMessage(deps, done.form!, "return");
    expect((await start(d, { eventSlug: event.slug, code: text })).status).toBe(409);
    // The bank's late success for the expired hold: the code's one use went to someone else, so it is flagged.
    const late = await receiveGatewayMessage(deps, genuineReturn(slow.merchTxnId, slow.amountPaise), "return");
    expect(late).toMatchObject({ kind: "settled", status: "flagged", changed: true });
    const [item] = await t.db.select().from(paymentItems).where(eq(paymentItems.registrationId, slow.items[0].registrationId));
    expect(item).toMatchObject({ status: "flagged", flagReason: "paid, but its code had been used up meanwhile" });
  });
});
