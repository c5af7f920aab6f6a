import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payments } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import type { AtomPayClient } from "@/lib/atompay";
import { ApiError } from "@/lib/errors";
import { requeryForPayer } from "./payer-requery";
import { REQUERY_SPACING_MS } from "./requery-spacing";
import { startPayment } from "./start";
import { newUser, prepare, testDeps } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
});
afterAll(async () => {
  await t?.dispose();
});

describe(`check again with the bank on ${testDatabaseKind()}`, () => {
  it("ten parallel clicks make one status query; the rest are told how long to wait", async () => {
    const p = await startPayment(testDeps(t), await newUser(t), { eventSlug: "code-sprint" });
    let asked = 0;
    const gateway: AtomPayClient = {
      ...testDeps(t).gateway,
      status: async (input) => {
        asked++;
        await new Promise((r) => setTimeout(r, 20));
        return {
          result: {
            merchTxnId: input.merchTxnId,
            statusCode: "OTS0551",
            message: "PENDING",
            description: "PENDING FROM BANK",
            outcome: "pending",
          },
          exchange: { request: { encData: "00", plain: {} }, response: {} },
        };
      },
    };
    const deps = testDeps(t, { gateway });
    const now = new Date();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => requeryForPayer(deps, p.merchTxnId, now)));
    expect(asked).toBe(1);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason);
    expect(refused).toHaveLength(9);
    for (const e of refused) {
      expect(e).toBeInstanceOf(ApiError);
      expect(e).toMatchObject({ status: 429, headers: { "Retry-After": "15" } });
    }
    // After the interval, one more query is allowed.
    await requeryForPayer(deps, p.merchTxnId, new Date(now.getTime() + REQUERY_SPACING_MS));
    expect(asked).toBe(2);
    const [row] = await t.db.select().from(payments).where(eq(payments.merchTxnId, p.merchTxnId));
    expect(row!.lastCheckedAt?.getTime()).toBeGreaterThanOrEqual(now.getTime());
  });
});
