// The console's totals are the CSV's sums: for every filter, counting the export's rows and summing its money
// columns gives exactly the totals and the per-event figures the page shows, with payments of several items,
// surcharges, refunds (whole, partial, including a surcharge) and flagged amounts in the data. The rollup and a
// direct sum over the rows agree before and after folding. Runs on PGlite, or on Postgres with DATABASE_URL.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertBulkPayments } from "@/db/fixtures/payments-bulk";
import { rowsOf } from "@/db/rows";
import { paymentItems, payments } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { receiveGatewayMessage } from "@/lib/payments/receive";
import { refundPayment } from "@/lib/payments/refund";
import { settle } from "@/lib/payments/settle";
import { startPayment } from "@/lib/payments/start";
import { newUser, prepare, testDeps } from "@/lib/payments/testing";
import { sandboxComplete } from "@/lib/sandbox/gateway";
import { acceptInvitation, invitationsOf } from "@/lib/teams/invitations";
import { createTeam } from "@/lib/teams/teams";
import { type ListView, parseListParams } from "./filters";
import { foldAll } from "./rollup";
import { listSummary, rollupCanAnswer, type Summary } from "./summary";
import { type CsvRecord, columnSum, exportRecords, rupeesCell } from "./testing";

const NOW = new Date("2026-11-27T12:00:00.000Z");
let t: TestDatabase;
let organiserId: string;
/** Real payments, made through start → sandbox → return. */
const made: Record<string, { merchTxnId: string; registrations: Record<string, string> }> = {};

async function pay(
  user: Awaited<ReturnType<typeof newUser>>,
  items: { eventSlug: string; teamId?: string }[],
  outcome: "success" | "surcharge" | "failure",
) {
  const deps = testDeps(t);
  const started = await startPayment(deps, user, { items });
  const { form } = await sandboxComplete(t.db, deps.config, { atomTokenId: started.atomTokenId, outcome, mode: "UP" });
  await receiveGatewayMessage(deps, form!, "return");
  return { merchTxnId: started.merchTxnId, registrations: Object.fromEntries(started.items.map((i) => [i.eventSlug, i.registrationId])) };
}

const refund = (merchTxnId: string, registrationId: string | undefined, amountPaise: number) =>
  refundPayment(testDeps(t), { id: organiserId }, merchTxnId, { amountPaise, reason: "test refund", registrationId });

beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
  organiserId = (await newUser(t, "org")).id;
  const captain = await newUser(t, "cap");
  const mate = await newUser(t, "mate");
  const { teamId } = await createTeam(t.db, captain, { eventSlug: "quiz-bowl", name: `Summary team ${Date.now()}`, members: [mate.email] });
  await acceptInvitation(t.db, mate, (await invitationsOf(t.db, mate))[0]!.id);
  // Three events, one a team, in one payment with the gateway's 2% surcharge.
  made.basket3 = await pay(
    captain,
    [{ eventSlug: "code-sprint" }, { eventSlug: "solo-singing" }, { eventSlug: "quiz-bowl", teamId }],
    "surcharge",
  );
  // Two events paid together: one refunded in full, the other in part.
  const two = await newUser(t, "two");
  made.refunded2 = await pay(two, [{ eventSlug: "code-sprint" }, { eventSlug: "solo-singing" }], "success");
  await refund(made.refunded2.merchTxnId, made.refunded2.registrations["code-sprint"], 25_000);
  await refund(made.refunded2.merchTxnId, made.refunded2.registrations["solo-singing"], 5_000);
  // Two events, declined: no money moved.
  made.failed2 = await pay(await newUser(t, "fail"), [{ eventSlug: "code-sprint" }, { eventSlug: "solo-singing" }], "failure");
  // One event with a surcharge, refunded in full, surcharge included.
  made.single = await pay(await newUser(t, "single"), [{ eventSlug: "solo-singing" }], "surcharge");
  await refund(made.single.merchTxnId, undefined, 15_300);
  // Then many generated payments (after the real ones: they fill Code Sprint's seats).
  const bulk = await insertBulkPayments(t.db, { count: 2500, now: NOW });
  expect(bulk.multiItem).toBeGreaterThan(100);
}, 180_000);

afterAll(async () => {
  await t?.dispose();
});

const viewOf = (query: string): ListView => {
  const parsed = parseListParams(new URLSearchParams(query));
  expect(parsed.errors).toEqual({});
  return parsed.view;
};

/** What the accountant gets by counting and summing the CSV's columns. */
function sums(records: CsvRecord[]) {
  return {
    count: records.length,
    collectedPaise: columnSum(records, "Paid (₹)"),
    surchargePaise: columnSum(records, "Surcharge (₹)"),
    refundedPaise: columnSum(records, "Refunded (₹)"),
    netPaise: columnSum(records, "Net (₹)"),
  };
}

function expectCsvMatches(records: CsvRecord[], summary: Summary) {
  const { totals } = summary;
  expect(sums(records)).toEqual({
    count: totals.count,
    collectedPaise: totals.collectedPaise,
    surchargePaise: totals.surchargePaise,
    refundedPaise: totals.refundedPaise,
    netPaise: totals.netPaise,
  });
  for (const e of summary.events) {
    const mine = records.filter((r) => r.Event === e.name);
    expect({
      event: e.slug,
      ...sums(mine),
      paid: mine.filter(
        (r) => r.Status === "Paid" || r.Status === "Partly refunded" || (r.Status === "Refunded" && r.Registration === "Refunded"),
      ).length,
    }).toEqual({
      event: e.slug,
      count: e.items,
      collectedPaise: e.collectedPaise,
      surchargePaise: e.surchargePaise,
      refundedPaise: e.refundedPaise,
      netPaise: e.netPaise,
      paid: e.paid,
    });
  }
}

const QUERIES = [
  "",
  "event=code-sprint",
  "event=quiz-bowl&status=success",
  "status=success&status=flagged",
  "kind=team",
  "flagged=1",
  "from=2026-11-10&to=2026-11-20",
  "q=sharma",
  "pendingOver=1440",
  "from=2026-11-10T09:15",
];

describe(`totals and CSV on ${testDatabaseKind()}`, () => {
  it.each(QUERIES)("filter %j: the CSV's row count and column sums are the console's totals, overall and per event", async (query) => {
    const view = viewOf(query);
    const summary = await listSummary(t.db, view.filter, NOW);
    expect(summary.source).toBe(rollupCanAnswer(view.filter) ? "rollup" : "rows");
    const { records, reported } = await exportRecords(t.db, view, { now: NOW });
    expect(reported).toBe(records.length);
    expect(records.length).toBeGreaterThan(0);
    expectCsvMatches(records, summary);
    if (rollupCanAnswer(view.filter))
      expect(await listSummary(t.db, view.filter, NOW, { source: "rows" })).toEqual({ ...summary, source: "rows" });
  });

  it("the everything view has money of every kind in it: baskets, surcharges, refunds, flagged amounts", async () => {
    const { records } = await exportRecords(t.db, viewOf(""), { now: NOW });
    const baskets = new Set(records.filter((r) => r.Item === "2 of 2" || r.Item === "3 of 3").map((r) => r["Payment ID (merchTxnId)"]));
    expect(baskets.size).toBeGreaterThan(100);
    expect(columnSum(records, "Surcharge (₹)")).toBeGreaterThan(0);
    expect(columnSum(records, "Refunded (₹)")).toBeGreaterThan(0);
    expect(records.some((r) => r.Status === "Under review" && r["Why flagged"]!.includes("amount"))).toBe(true);
  });

  it("each payment's rows add up to what AtomPay charged; rows where no money moved have empty money cells", async () => {
    const { records } = await exportRecords(t.db, viewOf(""), { now: NOW });
    const byPayment = new Map<string, CsvRecord[]>();
    for (const r of records) byPayment.set(r["Payment ID (merchTxnId)"]!, [...(byPayment.get(r["Payment ID (merchTxnId)"]!) ?? []), r]);
    const charged = new Map(
      (await t.db.select({ merchTxnId: payments.merchTxnId, status: payments.status, totalPaise: payments.totalPaise }).from(payments)).map(
        (p) => [p.merchTxnId, p],
      ),
    );
    expect(byPayment.size).toBe(charged.size);
    for (const [merchTxnId, rows] of byPayment) {
      const p = charged.get(merchTxnId)!;
      const moved = p.status === "success" || p.status === "flagged";
      if (moved) {
        expect(columnSum(rows, "Paid (₹)") + columnSum(rows, "Surcharge (₹)"), merchTxnId).toBe(p.totalPaise);
      } else {
        for (const r of rows) {
          expect([r["Paid (₹)"], r["Surcharge (₹)"], r["Refunded (₹)"], r["Net (₹)"]], merchTxnId).toEqual(["", "", "", ""]);
        }
      }
    }
  });

  it("a basket of three is three rows with the payment's ids; the surcharge is on its first row only", async () => {
    const { records } = await exportRecords(t.db, viewOf(`q=${made.basket3!.merchTxnId}`), { now: NOW });
    const rows = [...records].sort((a, b) => a.Item!.localeCompare(b.Item!));
    expect(rows.map((r) => r.Item)).toEqual(["1 of 3", "2 of 3", "3 of 3"]);
    expect(new Set(rows.map((r) => r["Payment ID (merchTxnId)"]))).toEqual(new Set([made.basket3!.merchTxnId]));
    expect(new Set(rows.map((r) => r["AtomPay transaction ID"])).size).toBe(1);
    expect(rows[0]!["AtomPay transaction ID"]).toMatch(/^="\d+"$/);
    expect(rows.map((r) => r.Event).sort()).toEqual(["Code Sprint", "Quiz Bowl", "Solo Singing"]);
    const fee: Record<string, number> = { "Code Sprint": 25_000, "Solo Singing": 15_000, "Quiz Bowl": 30_000 };
    expect(rows.map((r) => rupeesCell(r["Paid (₹)"]))).toEqual(rows.map((r) => fee[r.Event!]));
    // The sandbox's 2% of the whole ₹700.00, on the first row; 0.00 on the others.
    expect(rows.map((r) => r["Surcharge (₹)"])).toEqual(["14.00", "0.00", "0.00"]);
    expect(rows.map((r) => r.Status)).toEqual(["Paid", "Paid", "Paid"]);
    const team = rows.find((r) => r.Event === "Quiz Bowl")!;
    expect(team.Kind).toBe("Team");
    expect(team["Team members"]!.split("; ")).toHaveLength(2);
    expect(team.Registration).toBe("Registered");
  });

  it("a fully refunded item reads Refunded, a partly refunded one Partly refunded; the other row of the payment is untouched", async () => {
    const { records } = await exportRecords(t.db, viewOf(`q=${made.refunded2!.merchTxnId}`), { now: NOW });
    const by = Object.fromEntries(records.map((r) => [r.Event, r]));
    expect([
      by["Code Sprint"]!.Status,
      by["Code Sprint"]!["Refunded (₹)"],
      by["Code Sprint"]!["Net (₹)"],
      by["Code Sprint"]!.Registration,
    ]).toEqual(["Refunded", "250.00", "0.00", "Refunded"]);
    expect([
      by["Solo Singing"]!.Status,
      by["Solo Singing"]!["Refunded (₹)"],
      by["Solo Singing"]!["Net (₹)"],
      by["Solo Singing"]!.Registration,
    ]).toEqual(["Partly refunded", "50.00", "100.00", "Registered"]);
    const single = (await exportRecords(t.db, viewOf(`q=${made.single!.merchTxnId}`), { now: NOW })).records;
    expect(single.map((r) => [r.Status, r["Paid (₹)"], r["Surcharge (₹)"], r["Refunded (₹)"], r["Net (₹)"]])).toEqual([
      ["Refunded", "150.00", "3.00", "153.00", "0.00"],
    ]);
    const failed = (await exportRecords(t.db, viewOf(`q=${made.failed2!.merchTxnId}`), { now: NOW })).records;
    expect(failed.map((r) => [r.Status, r["Paid (₹)"], r["Net (₹)"]])).toEqual([
      ["Failed", "", ""],
      ["Failed", "", ""],
    ]);
  });

  it("the rollup is exact while changes wait to be folded, and after they are folded", async () => {
    await foldAll(t.db);
    expect(await rowsOf<{ n: number }>(t.db, sql`select count(distinct payment_id)::integer as n from organiser_marks`)).toEqual([
      { n: 0 },
    ]);
    const before = await listSummary(t.db, viewOf("").filter, NOW);
    // A pending fixture payment succeeds with a surcharge, a paid one is refunded, an item is re-flagged by hand.
    const [pending] = await t.db.select().from(payments).where(eq(payments.status, "pending")).limit(1);
    await settle(t.db, pending!.merchTxnId, {
      kind: "gateway",
      source: "status",
      statusCode: "OTS0000",
      atomTxnId: "99000000000001",
      bankTxnId: "BK-ROLLUP",
      amountPaise: pending!.expectedPaise,
      surchargePaise: 500,
      totalPaise: pending!.expectedPaise + 500,
      subChannel: "NB",
    });
    await refund(made.basket3!.merchTxnId, made.basket3!.registrations["code-sprint"], 10_000);
    await t.db.execute(
      sql`update payment_items set flag_reason = 'checked by hand' where id = (select id from payment_items where status = 'success' order by id limit 1)`,
    );
    const [{ n: dirty }] = (await rowsOf<{ n: number }>(
      t.db,
      sql`select count(distinct payment_id)::integer as n from organiser_marks`,
    )) as [{ n: number }];
    expect(dirty).toBe(3);

    for (const query of ["", "status=success", "flagged=1", "event=code-sprint", "kind=solo&from=2026-11-01"]) {
      const filter = viewOf(query).filter;
      // Read without folding first: the marked payments are added up from their rows in the same statement.
      const rows = await listSummary(t.db, filter, NOW, { source: "rows" });
      expect({ ...(await readRollupWithoutFolding(filter)), source: "rows" }, query).toEqual(rows);
    }
    const after = await listSummary(t.db, viewOf("").filter, NOW);
    expect(after.totals.count).toBe(before.totals.count);
    expect(after.totals.surchargePaise).toBe(before.totals.surchargePaise + 500);
    expect(after.totals.refundedPaise).toBe(before.totals.refundedPaise + 10_000);
    await foldAll(t.db);
    expect(await rowsOf<{ n: number }>(t.db, sql`select count(distinct payment_id)::integer as n from organiser_marks`)).toEqual([
      { n: 0 },
    ]);
    expect(await listSummary(t.db, viewOf("").filter, NOW)).toEqual(after);
    // The rollup is the sum of the facts, and there is one fact per item.
    const [facts] = await rowsOf<{ items: number; fee: string; paid: string }>(
      t.db,
      sql`select count(*)::integer as items, sum(fee_paise)::text as fee, sum(paid_paise)::text as paid from organiser_item_facts`,
    );
    const [rollup] = await rowsOf<{ items: number; fee: string; paid: string }>(
      t.db,
      sql`select sum(items)::integer as items, sum(fee_paise)::text as fee, sum(paid_paise)::text as paid from organiser_rollup`,
    );
    expect(rollup).toEqual(facts);
    expect(facts!.items).toBe((await t.db.select({ id: paymentItems.id }).from(paymentItems)).length);
  });
});

/** The rollup's answer with marked payments still unfolded (pages fold a batch first). */
async function readRollupWithoutFolding(filter: ListView["filter"]) {
  const { source: _source, ...rest } = await listSummary(t.db, filter, NOW, { source: "rollup", fold: false });
  return rest;
}
