// The settlement view (issue 11 item 4): per India-time day, collected = settled + not settled yet + reversed, from
// payments paid, requeried and reversed through the sandbox gateway; its CSV through the real route handler.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as exportRoute } from "@/app/organiser/settlement/export/route";
import { paymentExtraCharges, payments, refunds, sandboxTransactions, users } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import { issueToken } from "@/lib/auth/tokens";
import { receiveGatewayMessage } from "@/lib/payments/receive";
import { refundPayment, refundRequestSchema } from "@/lib/payments/refund";
import { requerySuccesses } from "@/lib/payments/requery-successes";
import { startPayment } from "@/lib/payments/start";
import { genuineReturn, newUser, payFor, TEST_CONFIG, testDeps } from "@/lib/payments/testing";
import { sandboxComplete } from "@/lib/sandbox/gateway";
import { routeTestDatabase } from "@/lib/server/route-testing";
import { istDay, settlementCsv, settlementRangeSchema, settlementView } from "./settlement";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
  process.env.AUTH_SECRET = "settlement-test-auth-secret-0123456789-abcdefgh";
});
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

const DAY = 24 * 60 * 60_000;
const { t } = routeTestDatabase();
const range = { from: "2026-11-26", to: "2026-11-28" };
const merch: Record<string, string> = {};

beforeAll(async () => {
  const deps = testDeps(t);
  // Four successes of ₹250 (code-sprint) and ₹150 (solo-singing): one settled (RS), one reversed, two not settled.
  for (const [name, slug] of [
    ["settled", "code-sprint"],
    ["unsettled", "code-sprint"],
    ["plain", "solo-singing"],
  ] as const) {
    merch[name] = (await payFor(deps, await newUser(t), { eventSlug: slug })).started.merchTxnId;
  }
  const rev = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" });
  const { form } = await sandboxComplete(t.db, TEST_CONFIG, { atomTokenId: rev.atomTokenId, outcome: "reversed", mode: "UP" });
  await receiveGatewayMessage(deps, form!, "return");
  merch.reversed = rev.merchTxnId;
  // A failed payment is not collected.
  const failed = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" });
  await receiveGatewayMessage(
    deps,
    (await sandboxComplete(t.db, TEST_CONFIG, { atomTokenId: failed.atomTokenId, outcome: "failure", mode: "NB" })).form!,
    "return",
  );
  // The sandbox reports RS for what it took over a day ago.
  await t.db
    .update(sandboxTransactions)
    .set({ createdAt: new Date(Date.now() - 2 * DAY) })
    .where(eq(sandboxTransactions.merchTxnId, merch.settled!));
  await requerySuccesses(deps, { now: new Date(Date.now() + DAY + 60_000) });
  await requerySuccesses(deps, { now: new Date(Date.now() + 3 * DAY + 60_000) });
  // A second success for "plain": a possible double charge.
  await receiveGatewayMessage(deps, genuineReturn(merch.plain!, 15_000, { atomTxnId: "11000000555001" }), "callback");
  // Fixed days, across an India-time midnight: 23:30 IST on the 26th, 00:30 and 11:30 IST on the 27th.
  const at = (m: string, iso: string) =>
    t.db
      .update(payments)
      .set({ settledAt: new Date(iso) })
      .where(eq(payments.merchTxnId, m));
  await at(merch.plain!, "2026-11-26T18:00:00Z");
  await at(merch.unsettled!, "2026-11-26T19:00:00Z");
  await at(merch.settled!, "2026-11-27T06:00:00Z");
  await at(merch.reversed!, "2026-11-27T06:00:00Z");
  await t.db.update(paymentExtraCharges).set({ receivedAt: new Date("2026-11-27T07:00:00Z") });
  // Refunds (issue 24): ₹50 and ₹25 of "unsettled" accepted by AtomPay, one on the 27th and one on the 28th (a day
  // with nothing collected), and one the gateway refused, which moved no money.
  const [org] = await t.db.select({ id: users.id }).from(users).where(eq(users.role, "organiser")).limit(1);
  const refund = async (paise: number, iso: string) => {
    const r = await refundPayment(deps, org!, merch.unsettled!, refundRequestSchema.parse({ amountPaise: paise, reason: "Withdrew" }));
    expect(r.outcome).toBe("accepted");
    await t.db
      .update(refunds)
      .set({ createdAt: new Date(iso) })
      .where(eq(refunds.id, r.refund.id));
    return r.refund.id;
  };
  await refund(5_000, "2026-11-27T08:00:00Z");
  await refund(2_500, "2026-11-28T04:00:00Z");
  const refused = await refund(1_000, "2026-11-27T09:00:00Z");
  await t.db.update(refunds).set({ status: "failed" }).where(eq(refunds.id, refused));
}, 120_000);

describe(`settlement view on ${testDatabaseKind()}`, () => {
  it("collected, settled (RS), not settled yet and reversed, per day and in total, and the possible double charges", async () => {
    const paymentOf = async (m: string) => (await t.db.select().from(payments).where(eq(payments.merchTxnId, m)))[0]!;
    expect(await paymentOf(merch.settled!)).toMatchObject({ status: "success", reconStatus: "RS" });
    expect(await paymentOf(merch.reversed!)).toMatchObject({ status: "reversed" });

    const view = await settlementView(t.db, settlementRangeSchema.parse(range));
    expect(view.totals).toEqual({
      collected: { count: 4, paise: 90_000 },
      settled: { count: 1, paise: 25_000 },
      notSettled: { count: 2, paise: 40_000 },
      reversed: { count: 1, paise: 25_000 },
      refunded: { count: 2, paise: 7_500 },
    });
    const none = { count: 0, paise: 0 };
    expect(view.days).toEqual([
      { day: "2026-11-28", collected: none, settled: none, notSettled: none, reversed: none, refunded: { count: 1, paise: 2_500 } },
      {
        day: "2026-11-27",
        collected: { count: 3, paise: 75_000 },
        settled: { count: 1, paise: 25_000 },
        notSettled: { count: 1, paise: 25_000 },
        reversed: { count: 1, paise: 25_000 },
        refunded: { count: 1, paise: 5_000 },
      },
      {
        day: "2026-11-26",
        collected: { count: 1, paise: 15_000 },
        settled: { count: 0, paise: 0 },
        notSettled: { count: 1, paise: 15_000 },
        reversed: { count: 0, paise: 0 },
        refunded: { count: 0, paise: 0 },
      },
    ]);
    const own = (await paymentOf(merch.plain!)).atomTxnId!;
    expect(view.doubleCharges).toEqual([
      expect.objectContaining({ merchTxnId: merch.plain, atomTxnIds: [own, "11000000555001"], extraPaise: 15_000 }),
    ]);

    // Another range holds none of it.
    const empty = await settlementView(t.db, settlementRangeSchema.parse({ from: "2020-01-01", to: "2020-01-31" }));
    expect(empty).toMatchObject({ days: [], doubleCharges: [], totals: { collected: { count: 0, paise: 0 } } });
  });

  it("the CSV: a header in words (like the payments CSV) and one line per day in rupees, through the route for organisers; bad ranges are a 422", async () => {
    const view = await settlementView(t.db, settlementRangeSchema.parse(range));
    const csv = settlementCsv(view);
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe(
      "Day (IST),Collected: payments,Collected (₹),Settled by AtomPay: payments,Settled by AtomPay (₹),Not settled yet: payments," +
        "Not settled yet (₹),Reversed by the bank: payments,Reversed by the bank (₹),Refunded: refunds,Refunded (₹)",
    );
    expect(lines.slice(1)).toEqual([
      "2026-11-28,0,0.00,0,0.00,0,0.00,0,0.00,1,25.00",
      "2026-11-27,3,750.00,1,250.00,1,250.00,1,250.00,1,50.00",
      "2026-11-26,1,150.00,0,0.00,1,150.00,0,0.00,0,0.00",
    ]);

    const [org] = await t.db.select({ id: users.id }).from(users).where(eq(users.role, "organiser")).limit(1);
    const organiser = (await issueToken(t.db, org!.id)).token;
    const attendee = (await issueToken(t.db, (await newUser(t)).id)).token;
    const get = (query: string, token: string) =>
      exportRoute(
        new Request(`http://localhost:3000/organiser/settlement/export?${query}`, { headers: { authorization: `Bearer ${token}` } }),
      );
    const res = await get(new URLSearchParams(range).toString(), organiser);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="anwesha-settlement-${range.from}-to-${range.to}.csv"`);
    const body = new Uint8Array(await res.clone().arrayBuffer());
    expect([...body.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a byte order mark, as the payments CSV has
    expect(await res.text()).toBe(csv);
    expect((await get("", attendee)).status).toBe(403);
    for (const bad of ["from=2026-13-01", "from=yesterday", "from=2026-02-10&to=2026-02-01", "from=2020-01-01&to=2026-01-01"]) {
      const r = await get(bad, organiser);
      expect(r.status, bad).toBe(422);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
    }
  });

  it("the range defaults to the last 30 days (IST) and refuses more than 366", () => {
    const r = settlementRangeSchema.parse({});
    expect(r.to).toBe(istDay(new Date()));
    expect((Date.parse(r.to) - Date.parse(r.from)) / DAY).toBe(29);
    expect(settlementRangeSchema.safeParse({ from: "2025-01-01", to: "2026-01-02" }).success).toBe(false);
    expect(settlementRangeSchema.safeParse({ from: "2025-01-01", to: "2026-01-01" }).success).toBe(true);
  });
});
