// The list (one row per item), totals and per-event picture on 10,000 generated payments (about a tenth of them
// baskets of two items), checked against an oracle: every row read once and filtered in plain TypeScript. Runs on
// PGlite, or on Postgres with DATABASE_URL.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertBulkPayments, rowsOf } from "@/db/fixtures/payments-bulk";
import type { PaymentStatus } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { decodeCursor, encodeCursor } from "./cursor";
import { type ListView, type PaymentFilter, parseListParams, type SortDir, type SortKey, viewToParams } from "./filters";
import { type ItemRow, iterateItems, listItems } from "./queries";
import { eventStats, listTotals } from "./summary";

const COUNT = 10_000;
const NOW = new Date("2026-11-27T12:00:00.000Z");
/** 150 rows share this instant, so page boundaries fall inside a tie and only the id can order them. */
const TIE = new Date("2026-11-20T06:30:00.000Z");

let t: TestDatabase;
let all: ItemRow[];
/** By team: its name and each member's name, email, phone and Anwesha ID, lower-cased (issue 24: the search finds a team's item from anyone in it). */
let teamText: Map<string, string>;
let tieIds: Set<string>;
let itemCount: number;

interface Oracle {
  id: string;
  merchTxnId: string;
  status: PaymentStatus;
  eventSlug: string;
  kind: "solo" | "team";
  name: string;
  email: string;
  phone: string;
  anweshaId: string;
  atomTxnId: string | null;
  bankTxnId: string | null;
  flagReason: string | null;
  createdAt: Date;
  teamId: string | null;
}

function matches(r: Oracle, f: Partial<PaymentFilter>): boolean {
  if (f.event && r.eventSlug !== f.event) return false;
  if (f.status?.length && !f.status.includes(r.status)) return false;
  if (f.kind && r.kind !== f.kind) return false;
  if (f.from && r.createdAt < f.from) return false;
  if (f.to && r.createdAt >= f.to) return false;
  if (
    f.pendingOverMinutes !== undefined &&
    !(r.status === "pending" && r.createdAt.getTime() < NOW.getTime() - f.pendingOverMinutes * 60_000)
  )
    return false;
  if (f.flagged && !(r.status === "flagged" || r.flagReason !== null)) return false;
  if (f.q) {
    const q = f.q.toLowerCase();
    const fields = [r.name, r.email, r.phone, r.anweshaId, r.merchTxnId, r.atomTxnId ?? "", r.bankTxnId ?? ""];
    if (r.teamId) fields.push(teamText.get(r.teamId) ?? "");
    if (!fields.some((x) => x.toLowerCase().includes(q))) return false;
  }
  return true;
}

function filter(f: Partial<PaymentFilter>): PaymentFilter {
  return { status: [], flagged: false, ...f };
}

function view(f: Partial<PaymentFilter>, v: Partial<ListView> = {}): ListView {
  return { filter: filter(f), sort: "created", dir: "desc", limit: 50, ...v };
}

async function everything(f: Partial<PaymentFilter>, sort: SortKey = "created", dir: SortDir = "desc"): Promise<ItemRow[]> {
  const out: ItemRow[] = [];
  for await (const batch of iterateItems(t.db, { filter: filter(f), sort, dir }, { batchSize: 1000, now: NOW })) out.push(...batch);
  return out;
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
const expected = (f: Partial<PaymentFilter>) => new Set(all.filter((r) => matches(r, f)).map((r) => r.id));

/** Moves payments (and their items, which are created with them) to another creation time. */
const setCreated = (at: string, where: ReturnType<typeof sql>) =>
  t.db.execute(sql`with moved as (update payments set created_at = ${at}::timestamptz where ${where} returning id)
    update payment_items set created_at = ${at}::timestamptz where payment_id in (select id from moved)`);

beforeAll(async () => {
  t = await openTestDatabase();
  itemCount = (await insertBulkPayments(t.db, { count: COUNT, now: NOW })).items;
  // 150 items share this instant (single-item payments, so the tie is exactly 150 rows). The payments moved to other
  // times below are left out: chosen by their random ids, one of them was sometimes in the tie, leaving 149.
  await setCreated(
    TIE.toISOString(),
    sql`id in (select i.payment_id from payment_items i join payments p on p.id = i.payment_id
      where p.merch_txn_id not in ('ANWBKX00000011', 'ANWBKX00000012', 'ANWBKX00000013')
      group by i.payment_id having count(*) = 1 order by i.payment_id offset 3000 limit 150)`,
  );
  // Names and ids that test the search's literal matching and the CSV's care with odd text.
  await t.db.execute(sql`update payments set name = '100% Real_Name' where merch_txn_id = 'ANWBKX00000005'`);
  await t.db.execute(sql`update payments set name = '=HYPERLINK("http://evil.example")' where merch_txn_id = 'ANWBKX00000006'`);
  await t.db.execute(sql`update payments set name = 'अनन्या Zoë, "Quoted"' where merch_txn_id = 'ANWBKX00000007'`);
  await setCreated("2026-11-10T18:30:00Z", sql`merch_txn_id = 'ANWBKX00000011'`);
  await t.db.execute(sql`update payments set settled_at = null, status = 'failed' where merch_txn_id = 'ANWBKX00000011'`);
  await t.db.execute(
    sql`update payment_items set status = 'failed' where payment_id = (select id from payments where merch_txn_id = 'ANWBKX00000011')`,
  );
  await setCreated("2026-11-12T18:29:59.999Z", sql`merch_txn_id = 'ANWBKX00000012'`);
  await setCreated("2026-11-12T18:30:00Z", sql`merch_txn_id = 'ANWBKX00000013'`);
  all = await everything({});
  teamText = new Map(
    (
      await rowsOf<{ id: string; text: string }>(
        t.db,
        sql`select t.id, lower(t.name || chr(31) || coalesce(string_agg(u.name || chr(31) || u.email || chr(31) || u.phone || chr(31) || u.anwesha_id, chr(31)), '')) as text
            from teams t left join team_members tm on tm.team_id = t.id left join users u on u.id = tm.user_id group by t.id`,
      )
    ).map((r) => [r.id, r.text]),
  );
  tieIds = new Set(
    (await rowsOf<{ id: string }>(t.db, sql`select id from payment_items where created_at = ${TIE.toISOString()}::timestamptz`)).map(
      (r) => r.id,
    ),
  );
}, 120_000);

afterAll(async () => {
  await t?.dispose();
});

describe(`organiser list on ${testDatabaseKind()} with ${COUNT} payments`, () => {
  it("the oracle saw every item once, newest first, ties broken by id", () => {
    expect(itemCount).toBeGreaterThan(COUNT);
    expect(all).toHaveLength(itemCount);
    expect(new Set(ids(all)).size).toBe(itemCount);
    expect(new Set(all.map((r) => r.merchTxnId)).size).toBe(COUNT);
    expect(tieIds.size).toBe(150);
    for (let i = 1; i < all.length; i++) {
      const a = all[i - 1]!;
      const b = all[i]!;
      const order = b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : 1);
      expect(order).toBeLessThan(0);
    }
  });

  it("the first page is the newest 50 with the joined event and team names", async () => {
    const page = await listItems(t.db, view({}), NOW);
    expect(ids(page.rows)).toEqual(ids(all.slice(0, 50)));
    expect(page.prev).toBeUndefined();
    expect(page.next).toBeDefined();
    const team = page.rows.find((r) => r.kind === "team");
    expect(team?.teamName).toMatch(/\w+ \w+ \d+/);
    expect(page.rows.every((r) => r.eventName.length > 0)).toBe(true);
  });

  const firstWith = (pick: (r: Oracle) => string | null) => () => all.map(pick).find((v): v is string => Boolean(v)) ?? "(none)";
  const cases: [string, () => Partial<PaymentFilter>][] = [
    ["event", () => ({ event: "robo-wars" })],
    ["one status", () => ({ status: ["pending"] })],
    ["several statuses", () => ({ status: ["failed", "cancelled", "expired"] })],
    ["kind", () => ({ kind: "team" })],
    ["date range (India days)", () => ({ from: new Date("2026-11-10T18:30:00Z"), to: new Date("2026-11-12T18:30:00Z") })],
    ["pending for more than 3 days", () => ({ pendingOverMinutes: 3 * 24 * 60 })],
    ["flagged", () => ({ flagged: true })],
    ["search by name, any case", () => ({ q: "aarav SHARMA" })],
    ["search by email", () => ({ q: "diya.sharma.1.bk@example.com" })],
    ["search by phone", () => ({ q: "9000012345" })],
    ["search by Anwesha ID", () => ({ q: "anw-bk00002a" })],
    ["search by merchTxnId", () => ({ q: "ANWBKX00004242" })],
    ["search by AtomPay transaction id", () => ({ q: firstWith((r) => r.atomTxnId)() })],
    ["search by bank transaction id", () => ({ q: firstWith((r) => r.bankTxnId)() })],
    ["search with % taken literally", () => ({ q: "100%" })],
    ["search with _ taken literally", () => ({ q: "l_n" })],
    ["search in another script", () => ({ q: "अनन्या" })],
    ["search matching nothing", () => ({ q: "no-such-person-zzz" })],
    [
      "everything at once",
      () => ({
        event: "code-sprint",
        status: ["success", "flagged"],
        kind: "solo",
        from: new Date("2026-11-01T00:00:00+05:30"),
        q: "sharma",
      }),
    ],
  ];

  it.each(cases)("filter: %s — exactly the matching rows, in order, and totals that agree", async (_name, make) => {
    const f = make();
    const want = expected(f);
    const got = await everything(f);
    expect(new Set(ids(got))).toEqual(want);
    expect(ids(got)).toEqual(ids(all.filter((r) => want.has(r.id))));
    const totals = await listTotals(t.db, filter(f), NOW);
    expect(totals.count).toBe(want.size);
    if (want.size === 0) expect((await listItems(t.db, view(f), NOW)).rows).toEqual([]);
  });

  it("the filters select something: no case passes by being empty", () => {
    for (const [name, make] of cases) {
      if (name === "search matching nothing") continue;
      const n = expected(make()).size;
      expect(n, name).toBeGreaterThan(0);
      expect(n, name).toBeLessThan(itemCount);
    }
    expect(expected({ q: "100%" }).size).toBe(1);
    expect(expected({ q: "ANWBKX00004242" }).size).toBe(1);
  });

  it("date range bounds: from is inclusive, to (a date) runs through the end of that India day", async () => {
    const parsed = parseListParams(new URLSearchParams("from=2026-11-11&to=2026-11-12")).view.filter;
    expect(parsed.from).toEqual(new Date("2026-11-10T18:30:00Z"));
    expect(parsed.to).toEqual(new Date("2026-11-12T18:30:00Z"));
    const got = new Set((await everything(parsed)).map((r) => r.merchTxnId));
    expect(got.has("ANWBKX00000011")).toBe(true); // exactly midnight IST on the 11th
    expect(got.has("ANWBKX00000012")).toBe(true); // the last millisecond of the 12th
    expect(got.has("ANWBKX00000013")).toBe(false); // midnight starting the 13th
  });

  it("totals by status add up to the oracle's counts and money", async () => {
    const f: Partial<PaymentFilter> = { kind: "solo" };
    const totals = await listTotals(t.db, filter(f), NOW);
    const rows = await everything(f);
    for (const s of ["pending", "success", "failed", "cancelled", "flagged", "expired"] as const) {
      const mine = rows.filter((r) => r.status === s);
      expect(totals.byStatus[s].count, s).toBe(mine.length);
      expect(totals.byStatus[s].feePaise, s).toBe(mine.reduce((n, r) => n + r.feePaise, 0));
      expect(totals.byStatus[s].paidPaise, s).toBe(mine.reduce((n, r) => n + (r.paidPaise ?? 0), 0));
      // Money only moved for paid and flagged items: every other row has none.
      if (s !== "success" && s !== "flagged")
        expect(
          mine.every((r) => r.paidPaise === null && r.netPaise === null),
          s,
        ).toBe(true);
    }
    const moved = rows.filter((r) => r.status === "success" || r.status === "flagged");
    expect(totals.collectedPaise).toBe(moved.reduce((n, r) => n + r.paidPaise!, 0));
    expect(totals.surchargePaise).toBe(moved.reduce((n, r) => n + r.surchargePaise!, 0));
    expect(totals.surchargePaise).toBeGreaterThan(0);
    expect(totals.refundedPaise).toBe(moved.reduce((n, r) => n + r.refundedPaise!, 0));
    expect(totals.refundedPaise).toBeGreaterThan(0);
    expect(totals.underReviewPaise).toBe(moved.filter((r) => r.status === "flagged").reduce((n, r) => n + r.paidPaise!, 0));
    expect(totals.netPaise).toBe(totals.collectedPaise + totals.surchargePaise - totals.refundedPaise);
    expect(totals.netPaise).toBe(moved.reduce((n, r) => n + r.netPaise!, 0));
  });

  it("per-event stats: registrations and net money per event, consistent with the totals", async () => {
    const stats = await eventStats(t.db, filter({}), NOW);
    const totals = await listTotals(t.db, filter({}), NOW);
    expect(stats.length).toBeGreaterThanOrEqual(5);
    expect(stats.reduce((n, s) => n + s.paid, 0)).toBe(totals.byStatus.success.count);
    expect(stats.reduce((n, s) => n + s.items, 0)).toBe(itemCount);
    expect(stats.reduce((n, s) => n + s.netPaise, 0)).toBe(totals.netPaise);
    const robo = stats.find((s) => s.slug === "robo-wars")!;
    expect(robo.paid).toBe(all.filter((r) => r.eventSlug === "robo-wars" && r.status === "success").length);
    // Each item of a basket counts for its own event: the event with the most basket items counts them beside its
    // one-item payments.
    const [second] = await rowsOf<{ slug: string; items: number; alone: number }>(
      t.db,
      sql`select e.slug, count(*)::integer as items, (count(*) filter (where k.single))::integer as alone
          from payment_items i join registrations r on r.id = i.registration_id join events e on e.id = r.event_id
          cross join lateral (select count(*) = 1 as single from payment_items j where j.payment_id = i.payment_id) k
          group by e.id, e.slug order by count(*) - count(*) filter (where k.single) desc limit 1`,
    );
    expect(second!.items).toBeGreaterThan(second!.alone);
    expect(stats.find((s) => s.slug === second!.slug)!.items).toBe(all.filter((r) => r.eventSlug === second!.slug).length);
    expect(stats.find((s) => s.slug === second!.slug)!.items).toBe(second!.items);

    const one = await eventStats(t.db, filter({ event: "quiz-bowl", status: ["failed"] }), NOW);
    expect(one.map((s) => s.slug)).toEqual(["quiz-bowl"]);
    expect(one[0]!.paid).toBe(0);
    expect(one[0]!.items).toBe(expected({ event: "quiz-bowl", status: ["failed"] }).size);
    // An event with nothing matching still shows, as zero.
    const none = await eventStats(t.db, filter({ q: "no-such-person-zzz" }), NOW);
    expect(none.every((s) => s.items === 0 && s.netPaise === 0)).toBe(true);
  });

  it("a basket is one row per item, each with the payment's ids; an event filter keeps only that event's item", async () => {
    const basket = all.find((r) => r.itemCount === 2 && r.atomTxnId)!;
    expect(basket).toBeDefined();
    const rows = all.filter((r) => r.merchTxnId === basket.merchTxnId);
    expect(rows.map((r) => r.position).sort()).toEqual([1, 2]);
    expect(new Set(rows.map((r) => [r.atomTxnId, r.bankTxnId, r.name, r.paymentStatus].join("|"))).size).toBe(1);
    expect(new Set(rows.map((r) => r.registrationId)).size).toBe(2);
    const byEvent = await everything({ q: basket.merchTxnId, event: basket.eventSlug });
    expect(byEvent.map((r) => r.id)).toEqual([basket.id]);
  });
});

describe("keyset pagination", () => {
  async function walk(v: ListView): Promise<{ pages: ItemRow[][]; back: ItemRow[][] }> {
    const pages: ItemRow[][] = [];
    let page = await listItems(t.db, v, NOW);
    pages.push(page.rows);
    while (page.next) {
      page = await listItems(t.db, { ...v, after: page.next }, NOW);
      pages.push(page.rows);
      expect(pages.length).toBeLessThan(1000);
    }
    // ... and back again from the last page with `before`.
    const back: ItemRow[][] = [page.rows];
    while (page.prev) {
      page = await listItems(t.db, { ...v, before: page.prev }, NOW);
      back.push(page.rows);
      expect(back.length).toBeLessThan(1000);
    }
    return { pages, back };
  }

  const sorts: [SortKey, SortDir][] = [
    ["created", "desc"],
    ["created", "asc"],
    ["settled", "desc"],
    ["settled", "asc"],
    ["amount", "desc"],
    ["amount", "asc"],
    ["name", "asc"],
    ["name", "desc"],
  ];

  it.each(sorts)("sort %s %s: pages forward and back cover the filter exactly once, in order", async (sort, dir) => {
    const f: Partial<PaymentFilter> = { kind: "solo", status: ["success", "pending", "failed"] };
    const full = await everything(f, sort, dir);
    expect(full.length).toBe(expected(f).size);
    const { pages, back } = await walk(view(f, { sort, dir, limit: 173 }));
    expect(ids(pages.flat())).toEqual(ids(full));
    expect(ids(back.reverse().flat())).toEqual(ids(full));
    expect(pages.slice(0, -1).every((p) => p.length === 173)).toBe(true);
    // The order is really the sort's order (names use the database's collation, checked by the walk itself).
    if (sort !== "name") {
      const key = (r: ItemRow) =>
        sort === "created" ? r.createdAt.getTime() : sort === "settled" ? (r.settledAt?.getTime() ?? 0) : r.feePaise;
      for (let i = 1; i < full.length; i++) {
        const d = key(full[i]!) - key(full[i - 1]!);
        expect(dir === "desc" ? d <= 0 : d >= 0).toBe(true);
      }
    }
  });

  it("a page boundary inside 150 rows with the same created_at neither skips nor repeats", async () => {
    const f: Partial<PaymentFilter> = { from: new Date(TIE.getTime() - 1000), to: new Date(TIE.getTime() + 1000) };
    const got = await everything(f);
    expect(new Set(ids(got))).toEqual(tieIds);
    const { pages } = await walk(view(f, { limit: 7 }));
    expect(pages.length).toBe(Math.ceil(150 / 7));
    expect(new Set(ids(pages.flat())).size).toBe(150);
    expect(ids(pages.flat())).toEqual(ids(got));
  });

  it("boundaries: exactly a page, a page and one, a single row, nothing", async () => {
    const f: Partial<PaymentFilter> = { event: "solo-singing", status: ["cancelled"] };
    const n = expected(f).size;
    expect(n).toBeGreaterThan(2);

    const exact = await listItems(t.db, view(f, { limit: n }), NOW);
    expect(exact.rows).toHaveLength(n);
    expect(exact.next).toBeUndefined();
    expect(exact.prev).toBeUndefined();

    const oneShort = await listItems(t.db, view(f, { limit: n - 1 }), NOW);
    expect(oneShort.rows).toHaveLength(n - 1);
    const last = await listItems(t.db, view(f, { limit: n - 1, after: oneShort.next }), NOW);
    expect(last.rows).toHaveLength(1);
    expect(last.next).toBeUndefined();
    expect(last.prev).toBeDefined();
    const backToFirst = await listItems(t.db, view(f, { limit: n - 1, before: last.prev }), NOW);
    expect(ids(backToFirst.rows)).toEqual(ids(oneShort.rows));
    expect(backToFirst.prev).toBeUndefined();

    const single = await listItems(t.db, view({ q: "ANWBKX00000042" }), NOW);
    expect(single.rows.map((r) => r.merchTxnId)).toEqual(["ANWBKX00000042"]);
    expect(single.next).toBeUndefined();

    const nothing = await listItems(t.db, view({ q: "zzz-nobody" }), NOW);
    expect(nothing).toEqual({ rows: [] });

    // Past the end: a cursor at the last row gives an empty page.
    const lastRow = (await everything(f)).at(-1)!;
    const beyond = await listItems(t.db, view(f, { after: { sort: "created", dir: "desc", value: lastRow.sortKey, id: lastRow.id } }), NOW);
    expect(beyond.rows).toEqual([]);
    expect(beyond.next).toBeUndefined();
  });

  it("page links survive the URL: the cursor in ?after= round-trips and keeps the filter", async () => {
    const v = parseListParams(new URLSearchParams("status=success&kind=team&limit=20")).view;
    const first = await listItems(t.db, v, NOW);
    const url = viewToParams(v, { after: first.next });
    const parsed = parseListParams(url);
    expect(parsed.errors).toEqual({});
    expect(parsed.view.after).toEqual(first.next);
    const second = await listItems(t.db, parsed.view, NOW);
    const full = await everything({ status: ["success"], kind: "team" });
    expect(ids([...first.rows, ...second.rows])).toEqual(ids(full.slice(0, 40)));
  });

  it("a cursor that was tampered with, or belongs to another sort, is refused before it reaches the database", () => {
    const good = encodeCursor({
      sort: "created",
      dir: "desc",
      value: "2026-11-20T06:30:00.000000Z",
      id: "7d1f0c8e-3a41-4c8e-9d4b-2f8e6a1b0c3d",
    });
    expect(decodeCursor(good)).not.toBeNull();
    const evil = Buffer.from(
      JSON.stringify(["created", "desc", "2026-11-20'); drop table payments; --", "7d1f0c8e-3a41-4c8e-9d4b-2f8e6a1b0c3d"]),
    ).toString("base64url");
    expect(decodeCursor(evil)).toBeNull();
    expect(
      decodeCursor(Buffer.from(JSON.stringify(["amount", "desc", "12abc", "7d1f0c8e-3a41-4c8e-9d4b-2f8e6a1b0c3d"])).toString("base64url")),
    ).toBeNull();
    expect(
      decodeCursor(Buffer.from(JSON.stringify(["created", "desc", "2026-11-20T06:30:00.000000Z", "not-a-uuid"])).toString("base64url")),
    ).toBeNull();
    expect(decodeCursor("!!!")).toBeNull();
    expect(decodeCursor("e30")).toBeNull();
    const otherSort = parseListParams(new URLSearchParams(`sort=amount&after=${good}`));
    expect(otherSort.errors.cursor).toMatch(/another sort/);
    expect(otherSort.view.after).toBeUndefined();
  });
});
