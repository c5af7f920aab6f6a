import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayMessages, payments } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { sandboxComplete } from "@/lib/sandbox/gateway";
import { reconcile } from "./reconcile";
import { startPayment } from "./start";
import { newUser, prepare, TEST_CONFIG, testDeps } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
});
afterAll(async () => {
  await t?.dispose();
});

const MIN = 60_000;
const later = (ms: number) => new Date(Date.now() + ms);
const statusOf = async (merchTxnId: string) => (await t.db.select().from(payments).where(eq(payments.merchTxnId, merchTxnId)))[0]!.status;

describe(`reconciliation on ${testDatabaseKind()}`, () => {
  it("settles an attempt whose browser never came back, expires one never paid, and leaves fresh ones alone", async () => {
    const deps = testDeps(t);
    const paidAtBank = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" });
    await sandboxComplete(t.db, TEST_CONFIG, { atomTokenId: paidAtBank.atomTokenId, outcome: "no-return", mode: "NB" });
    const abandoned = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" });
    const fresh = await startPayment(deps, await newUser(t), { eventSlug: "solo-singing" });

    // 20 minutes on: past the 2-minute grace and the 15-minute token lifetime.
    const report = await reconcile(deps, { now: later(20 * MIN), minAgeMs: 2 * MIN });
    expect(report.errors).toBe(0);
    expect(await statusOf(paidAtBank.merchTxnId)).toBe("success");
    expect(await statusOf(abandoned.merchTxnId)).toBe("expired");
    // fresh was also older than 2 minutes at that "now"; run again at a time when it is young
    const young = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" });
    const r2 = await reconcile(deps, { now: new Date(), minAgeMs: 2 * MIN });
    expect(r2.checked).toBe(0);
    expect(await statusOf(young.merchTxnId)).toBe("pending");
    expect(await statusOf(fresh.merchTxnId)).toBe("expired");
  });

  it("backs off: an attempt just asked about is not asked again at once", async () => {
    const still = { statusCode: "OTS0551" };
    const deps = testDeps(t, {
      gateway: {
        auth: testDeps(t).gateway.auth,
        refund: testDeps(t).gateway.refund,
        refundStatus: testDeps(t).gateway.refundStatus,
        status: async (input) => ({
          result: {
            merchTxnId: input.merchTxnId,
            outcome: "pending",
            statusCode: still.statusCode,
            message: "PENDING",
            description: "PENDING FROM BANK",
          },
          exchange: { request: { encData: "00", plain: {} }, response: {} },
        }),
      },
    });
    const p = await startPayment(testDeps(t), await newUser(t), { eventSlug: "code-sprint" });
    const now = later(10 * MIN);
    // The earlier test's young attempt is pending too: every pending attempt is asked about, once.
    const pending = await t.db.select().from(payments).where(eq(payments.status, "pending"));
    expect(pending.map((r) => r.merchTxnId)).toContain(p.merchTxnId);
    const first = await reconcile(deps, { now });
    expect(first.checked).toBe(pending.length);
    expect(await statusOf(p.merchTxnId)).toBe("pending");
    const second = await reconcile(deps, { now: new Date(now.getTime() + 30_000) });
    expect(second.checked).toBe(0);
    // past the cut-off, a still-pending attempt is expired
    const third = await reconcile(deps, { now: later(50 * 60 * MIN), cutoffMs: 48 * 60 * MIN });
    expect(third.expired).toBe(pending.length);
    expect(await statusOf(p.merchTxnId)).toBe("expired");
  });

  it("two reconcilers at once never ask about the same attempt", async () => {
    const deps = testDeps(t);
    const started = [];
    for (let i = 0; i < 12; i++) started.push(await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" }));
    const now = later(25 * MIN);
    const [a, b] = await Promise.all([reconcile(deps, { now, limit: 100 }), reconcile(deps, { now, limit: 100 })]);
    const ids = started.map((s) => s.merchTxnId);
    expect(a.checked + b.checked).toBe(ids.length);
    for (const id of ids) {
      const asked = await t.db
        .select()
        .from(gatewayMessages)
        .where(and(eq(gatewayMessages.merchTxnId, id), eq(gatewayMessages.kind, "status"), eq(gatewayMessages.direction, "outbound")));
      expect(asked, id).toHaveLength(1);
      expect(await statusOf(id)).toBe("expired");
    }
  });
});
