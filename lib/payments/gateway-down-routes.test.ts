// "Re-check with AtomPay" and the attendee page's checks while AtomPay's status service is down or too slow
// (issue 24, item 3), through the real route handlers on the test's database with the sandbox told to fail: a
// clear 503 with Retry-After and words saying when we will try again, never a 500; nothing about the payment changes.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
  // The slow scenario's answer comes after the client's time limit.
  process.env.ATOMPAY_TIMEOUT_MS = "1000";
});
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

import { POST as recheckRoute } from "@/app/api/organiser/payments/[merchTxnId]/recheck/route";
import { POST as requeryRoute } from "@/app/api/payments/[merchTxnId]/requery/route";
import { payments } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import { newOrganiser } from "@/lib/checkin/testing";
import { writeSwitches } from "@/lib/sandbox/switches";
import { APP, routeTestDatabase } from "@/lib/server/route-testing";
import { startPayment } from "./start";
import { newUser, testDeps } from "./testing";

const g = globalThis as unknown as { __anweshaAtomPay?: unknown };
const { t, bearer } = routeTestDatabase();
beforeAll(async () => {
  delete g.__anweshaAtomPay;
}, 60_000);
afterAll(async () => {
  delete g.__anweshaAtomPay;
});
beforeEach(async () => {
  await writeSwitches(t.db, {}, true);
});

const post = (path: string, headers: Record<string, string>) => new Request(`${APP}${path}`, { method: "POST", headers });
const params = (merchTxnId: string) => ({ params: Promise.resolve({ merchTxnId }) });
const HHMM = /we will try again at \d{1,2}:\d{2}\s[ap]m\sIST/;

describe(`AtomPay's status service down, on ${testDatabaseKind()}`, () => {
  for (const status of ["down", "slow"] as const) {
    it(`${status}: the attendee's check and the organiser's re-check answer 503 with Retry-After and when we try again`, async () => {
      await writeSwitches(t.db, { status, statusDelayMs: 5_000 });
      const payer = await newUser(t, `down-${status}`);
      const p = await startPayment(testDeps(t), payer, { eventSlug: "code-sprint" });

      const mine = await requeryRoute(post(`/api/payments/${p.merchTxnId}/requery`, await bearer(payer)), params(p.merchTxnId));
      expect(mine.status).toBe(503);
      const wait = Number(mine.headers.get("retry-after"));
      expect(wait).toBeGreaterThan(0);
      const body = await mine.json();
      expect(body.error.code).toBe("gateway_unavailable");
      expect(body.error.message).toMatch(/^AtomPay is not answering/);
      expect(body.error.message).toMatch(HHMM);

      const organiser = await newOrganiser(t);
      const theirs = await recheckRoute(
        post(`/api/organiser/payments/${p.merchTxnId}/recheck`, await bearer(organiser)),
        params(p.merchTxnId),
      );
      expect(theirs.status).toBe(503);
      expect(Number(theirs.headers.get("retry-after"))).toBeGreaterThan(0);
      const said = (await theirs.json()).error.message as string;
      expect(said).toMatch(/^AtomPay is not answering; nothing was changed\. Re-check at \d{1,2}:\d{2}\s[ap]m\sIST/);

      const [row] = await t.db.select().from(payments).where(eq(payments.merchTxnId, p.merchTxnId));
      expect(row!.status).toBe("pending");
    });
  }

  it("an error from another bundle's copy of lib/atompay (the production build's globalThis client) is still a 503, not a 500", async () => {
    const payer = await newUser(t, "down-copy");
    const p = await startPayment(testDeps(t), payer, { eventSlug: "code-sprint" });
    // What a production build threw: a GatewayHttpError whose class is not the one this code imports.
    const foreign = Object.assign(new Error("AtomPay gateway answered HTTP 503: http://gw/status"), {
      code: "GATEWAY_HTTP",
      httpStatus: 503,
    });
    const real = testDeps(t).gateway;
    g.__anweshaAtomPay = { ...real, status: () => Promise.reject(foreign) };
    try {
      const mine = await requeryRoute(post(`/api/payments/${p.merchTxnId}/requery`, await bearer(payer)), params(p.merchTxnId));
      expect(mine.status).toBe(503);
      expect((await mine.json()).error.message).toMatch(HHMM);
      const organiser = await newOrganiser(t);
      const theirs = await recheckRoute(
        post(`/api/organiser/payments/${p.merchTxnId}/recheck`, await bearer(organiser)),
        params(p.merchTxnId),
      );
      expect(theirs.status).toBe(503);
    } finally {
      delete g.__anweshaAtomPay;
    }
  });
});
