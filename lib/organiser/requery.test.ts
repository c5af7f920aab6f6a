// Re-checking with the gateway, one attempt or every stuck one of a filter, against a fake status API.
import { and, eq, lt, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertBulkPayments } from "@/db/fixtures/payments-bulk";
import { auditLog, gatewayMessages, payments, users } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { type AtomPayClient, GatewayTimeoutError, type StatusResult, sandboxUrls, UAT_TEST_MERCHANT } from "@/lib/atompay";
import { ApiError } from "@/lib/errors";
import type { PaymentDeps } from "@/lib/payments/deps";
import { paysOnly } from "@/lib/payments/testing";
import type { PaymentFilter } from "./filters";
import { type RequeryProgress, requeryPayment, requeryStuck } from "./requery";
import { listSummary } from "./summary";

const NOW = new Date("2026-11-27T12:00:00.000Z");
const TTL_MS = 15 * 60_000;
let t: TestDatabase;
let organiserId: string;
let atomSeq = 0;
const timeouts = new Set<string>();
const statusCalls: string[] = [];

/** The fake gateway: even-numbered attempts were paid, odd ones never completed, some time out. */
const gateway: AtomPayClient = {
  auth: () => Promise.reject(new Error("not used")),
  refund: () => Promise.reject(new Error("not used")),
  refundStatus: () => Promise.reject(new Error("not used")),
  async status(input) {
    statusCalls.push(input.merchTxnId);
    if (timeouts.has(input.merchTxnId)) {
      const e = new GatewayTimeoutError("http://gw/status", 100);
      e.exchange = { request: { encData: "AA", plain: { merchTxnId: input.merchTxnId } }, response: {} };
      throw e;
    }
    const paid = Number(input.merchTxnId.slice(-1)) % 2 === 0;
    const result: StatusResult = paid
      ? {
          merchTxnId: input.merchTxnId,
          outcome: "success",
          statusCode: "OTS0000",
          message: "SUCCESS",
          description: "",
          atomTxnId: `8800${String(++atomSeq).padStart(8, "0")}`,
          amountPaise: input.amountPaise,
          surchargePaise: 0,
          totalPaise: input.amountPaise,
          bankTxnId: `BK${atomSeq}`,
          subChannel: "UPI",
        }
      : { merchTxnId: input.merchTxnId, outcome: "failed", statusCode: "OTS0401", message: "NO DATA", description: "" };
    return {
      result,
      exchange: {
        request: { encData: "AA", plain: { merchTxnId: input.merchTxnId } },
        response: { encData: "BB", plain: result, httpStatus: 200 },
      },
    };
  },
};

const deps = (): PaymentDeps => ({
  db: t.db,
  gateway,
  config: { env: "sandbox", ...UAT_TEST_MERCHANT, ...sandboxUrls("http://127.0.0.1:1") },
  appUrl: "http://localhost:3100",
  attemptTtlMs: TTL_MS,
});

const filter = (f: Partial<PaymentFilter> = {}): PaymentFilter => ({ status: [], flagged: false, ...f });

async function collect(gen: AsyncGenerator<RequeryProgress>): Promise<RequeryProgress[]> {
  const out: RequeryProgress[] = [];
  for await (const p of gen) out.push(p);
  return out;
}

/** Stuck payments with an item for this event (a basket counts for each of its events). */
async function stuckCount(event: string): Promise<number> {
  const [row] = await t.db
    .select({ n: sql<number>`count(*)::integer` })
    .from(payments)
    .where(
      and(
        eq(payments.status, "pending"),
        lt(payments.createdAt, new Date(NOW.getTime() - TTL_MS)),
        sql`exists (select 1 from payment_items i join registrations r on r.id = i.registration_id
          where i.payment_id = ${payments.id} and r.event_id = (select id from events where slug = ${event}))`,
      ),
    );
  return row!.n;
}

beforeAll(async () => {
  t = await openTestDatabase();
  await insertBulkPayments(t.db, { count: 1500, tag: "rc", now: NOW });
  // Two pending attempts younger than the TTL (with their items, created with them): not stuck, whatever the
  // filter. Odd-numbered, so the fake gateway says it never saw them completed.
  const young = new Date(NOW.getTime() - 5 * 60_000).toISOString();
  await t.db.execute(sql`with moved as (update payments set created_at = ${young}::timestamptz
      where id in (select id from payments where status = 'pending' and ${paysOnly("solo")} and right(merch_txn_id, 1) in ('1','3','5','7','9')
                   order by merch_txn_id limit 2) returning id)
    update payment_items set created_at = ${young}::timestamptz where payment_id in (select id from moved)`);
  const [org] = await t.db.select({ id: users.id }).from(users).where(eq(users.role, "organiser")).limit(1);
  organiserId = org!.id;
}, 60_000);

afterAll(async () => {
  await t?.dispose();
});

describe(`re-check on ${testDatabaseKind()}`, () => {
  it("one attempt: asks the status API, settles through settle(), logs the exchange, audits who did it", async () => {
    const [p] = await t.db
      .select()
      .from(payments)
      .where(and(eq(payments.status, "pending"), sql`right(${payments.merchTxnId}, 1) in ('0','2','4','6','8')`))
      .limit(1);
    const r = await requeryPayment(deps(), { id: organiserId }, p!.merchTxnId, NOW);
    expect(r).toMatchObject({ merchTxnId: p!.merchTxnId, from: "pending", to: "success", changed: true, statusCode: "OTS0000" });
    const [after] = await t.db.select().from(payments).where(eq(payments.id, p!.id));
    expect(after).toMatchObject({ status: "success", totalPaise: p!.expectedPaise, subChannel: "UPI" });
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.paymentId, p!.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: organiserId,
      action: "recheck",
      details: { from: "pending", to: "success", changed: true, statusCode: "OTS0000" },
    });
    expect((await t.db.select().from(gatewayMessages).where(eq(gatewayMessages.paymentId, p!.id))).map((m) => m.kind)).toEqual([
      "status",
      "status",
    ]);

    // Asking again changes nothing, but the page's "Last checked" says when we last asked.
    const later = new Date(NOW.getTime() + 60_000);
    const again = await requeryPayment(deps(), { id: organiserId }, p!.merchTxnId, later);
    expect(again).toMatchObject({ from: "success", to: "success", changed: false });
    const [checked] = await t.db.select({ lastCheckedAt: payments.lastCheckedAt }).from(payments).where(eq(payments.id, p!.id));
    expect(checked!.lastCheckedAt).toEqual(later);
  });

  it("a young attempt the gateway has not seen completed stays pending, and is stamped as checked", async () => {
    const [p] = await t.db
      .select()
      .from(payments)
      .where(and(eq(payments.status, "pending"), eq(payments.createdAt, new Date(NOW.getTime() - 5 * 60_000))))
      .limit(1);
    expect(p!.lastCheckedAt).toBeNull();
    const r = await requeryPayment(deps(), { id: organiserId }, p!.merchTxnId, NOW);
    expect(r).toEqual({ merchTxnId: p!.merchTxnId, from: "pending", to: "pending", changed: false, statusCode: "OTS0401" });
    const [after] = await t.db.select().from(payments).where(eq(payments.id, p!.id));
    expect([after!.status, after!.lastCheckedAt]).toEqual(["pending", NOW]);
  });

  it("the gateway does not answer: 503 saying when to re-check, nothing changes, the attempt is still audited", async () => {
    const [p] = await t.db.select().from(payments).where(eq(payments.status, "pending")).limit(1);
    timeouts.add(p!.merchTxnId);
    try {
      await requeryPayment(deps(), { id: organiserId }, p!.merchTxnId, NOW);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      // Issue 24, item 3: not a 502 "something went wrong", but "not answering" and when to try again.
      expect((e as ApiError).status).toBe(503);
      expect((e as ApiError).headers).toEqual({ "Retry-After": "60" });
      expect((e as ApiError).message).toMatch(
        /^AtomPay is not answering; nothing was changed\. Re-check at 5:31\u00a0pm\u00a0IST or later/,
      );
    }
    const [after] = await t.db.select().from(payments).where(eq(payments.id, p!.id));
    expect(after!.status).toBe("pending");
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.paymentId, p!.id));
    expect(audit?.details).toMatchObject({ changed: false, error: "AtomPay took too long to answer" });
    timeouts.delete(p!.merchTxnId);
  });

  it("unknown attempts are 404", async () => {
    await expect(requeryPayment(deps(), { id: organiserId }, "ANWNOPE", NOW)).rejects.toMatchObject({ status: 404 });
    // a malformed id from the URL (Postgres refuses NUL) is "not found", never a 500
    await expect(requeryPayment(deps(), { id: organiserId }, "ANW\u0000X", NOW)).rejects.toMatchObject({ status: 404 });
  });

  it("every stuck pending attempt of the filter, with progress, and nothing outside the filter", async () => {
    const before = await stuckCount("code-sprint");
    const otherBefore = await stuckCount("robo-wars");
    expect(before).toBeGreaterThan(5);
    // The list page's summary counts the same attempts the bulk requery will ask about.
    expect((await listSummary(t.db, filter({ event: "code-sprint" }), NOW, { stuckMinutes: 15 })).stuck).toBe(before);
    statusCalls.length = 0;
    const events = await collect(requeryStuck(deps(), { id: organiserId }, filter({ event: "code-sprint" }), { concurrency: 3, now: NOW }));
    const start = events[0]!;
    expect(start).toEqual({ type: "start", total: before, olderThanMinutes: 15, limited: false });
    const progress = events.filter((e) => e.type === "progress");
    expect(progress.map((p) => p.done)).toEqual(progress.map((_, i) => Math.min((i + 1) * 3, before)));
    const end = events.at(-1)!;
    expect(end).toMatchObject({ type: "end", done: before, total: before, changed: before, errors: 0, aborted: false });
    if (end.type === "end") expect((end.byStatus.success ?? 0) + (end.byStatus.expired ?? 0)).toBe(before);
    expect(statusCalls).toHaveLength(before);
    expect(await stuckCount("code-sprint")).toBe(0);
    expect((await listSummary(t.db, filter({ event: "code-sprint" }), NOW, { stuckMinutes: 15 })).stuck).toBe(0);
    expect(await stuckCount("robo-wars")).toBe(otherBefore);
    const bulk = await t.db.select().from(auditLog).where(eq(auditLog.action, "recheck.bulk"));
    expect(bulk).toHaveLength(1);
    expect(bulk[0]).toMatchObject({
      actorId: organiserId,
      paymentId: null,
      details: { filter: "event=code-sprint", total: before, changed: before },
    });
    const perPayment = await t.db
      .select({ n: sql<number>`count(*)::integer` })
      .from(auditLog)
      .where(and(eq(auditLog.action, "recheck"), sql`${auditLog.details}->>'bulk' = 'true'`));
    expect(perPayment[0]!.n).toBe(before);
  });

  it("attempts younger than the TTL are not stuck; pendingOver narrows further", async () => {
    const young = await collect(requeryStuck(deps(), { id: organiserId }, filter({ kind: "solo", pendingOverMinutes: 10 }), { now: NOW }));
    expect(young[0]).toMatchObject({ type: "start", olderThanMinutes: 10 });
    const veryOld = await collect(
      requeryStuck(deps(), { id: organiserId }, filter({ event: "quiz-bowl", pendingOverMinutes: 40 * 24 * 60 }), { now: NOW }),
    );
    expect(veryOld[0]).toMatchObject({ type: "start", total: 0 });
    expect(veryOld.at(-1)).toMatchObject({ type: "end", done: 0 });
    const left = await t.db
      .select({ n: sql<number>`count(*)::integer` })
      .from(payments)
      .where(and(eq(payments.status, "pending"), paysOnly("solo")));
    expect(left[0]!.n).toBe(2); // the two young ones
  });

  it("a cap per run, errors counted, and a client that goes away stops the run", async () => {
    const stuck = await stuckCount("robo-wars");
    expect(stuck).toBeGreaterThan(6);
    const [first] = await t.db
      .select()
      .from(payments)
      .where(
        and(
          eq(payments.status, "pending"),
          sql`exists (select 1 from payment_items i join registrations r on r.id = i.registration_id
            join events e on e.id = r.event_id where i.payment_id = ${payments.id} and e.slug = 'robo-wars')`,
        ),
      )
      .orderBy(payments.createdAt, payments.id)
      .limit(1);
    timeouts.add(first!.merchTxnId);
    const capped = await collect(
      requeryStuck(deps(), { id: organiserId }, filter({ event: "robo-wars" }), { limit: 4, concurrency: 2, now: NOW }),
    );
    expect(capped[0]).toMatchObject({ type: "start", total: 4, limited: true });
    expect(capped.at(-1)).toMatchObject({ type: "end", done: 4, errors: 1, changed: 3 });
    timeouts.delete(first!.merchTxnId);

    const controller = new AbortController();
    const seen: RequeryProgress[] = [];
    for await (const p of requeryStuck(deps(), { id: organiserId }, filter({ event: "robo-wars" }), {
      concurrency: 1,
      signal: controller.signal,
      now: NOW,
    })) {
      seen.push(p);
      if (p.type === "progress" && p.done === 2) controller.abort();
    }
    expect(seen.at(-1)).toMatchObject({ type: "end", done: 2, aborted: true });
  });
});
