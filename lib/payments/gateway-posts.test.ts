// Issue 22 item 2: NDPS's callbacks and the browser's return are verified first. A message that decrypts and
// verifies is always processed and answered, even from an address that has sent a flood of junk; only posts that
// cannot be verified count against the address, and past the limit they are dropped without a record. Driven
// through the real route handlers, on PGlite or the Postgres server.
import { and, eq, gt, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { POST as callbackRoute } from "@/app/api/atompay/callback/route";
import { POST as returnRoute } from "@/app/api/response/route";
import { gatewayMessages, payments } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import { env } from "@/lib/env";
import { appPaymentDeps } from "@/lib/payments/deps";
import { REJECTED_POSTS_PER_ADDRESS } from "@/lib/payments/gateway-log";
import { startPayment } from "@/lib/payments/start";
import { genuineReturn, newUser } from "@/lib/payments/testing";
import { foreignCallbackForm } from "@/lib/sandbox/gateway";
import { routeTestDatabase } from "@/lib/server/route-testing";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
  process.env.AUTH_SECRET = "gateway-posts-test-auth-secret-0123456789-abcdef";
});
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));
// The request gate stamps the socket's address in a running server; here each request names its own.
vi.mock("@/lib/http/client-address", () => ({
  clientAddress: (req: Request) => req.headers.get("x-test-client"),
  requestHost: (req: Request) => req.headers.get("host"),
}));

const { t } = routeTestDatabase({ sandboxGateway: "env" });

const post = (path: string, form: Record<string, string>, from: string) =>
  new Request(`http://localhost:3000${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-test-client": from },
    body: new URLSearchParams(form),
  });
const junk = (i: number) => ({ encData: `${"AB".repeat(40)}${String(i).padStart(4, "0")}`, merchId: "317157" });
const statusOf = async (merchTxnId: string) => (await t.db.select().from(payments).where(eq(payments.merchTxnId, merchTxnId)))[0]!.status;
const inboundSince = async (id: number) =>
  (await t.db.select({ n: sql<number>`count(*)::int` }).from(gatewayMessages).where(gt(gatewayMessages.id, id)))[0]!.n;
const lastId = async () => (await t.db.select({ id: sql<number>`coalesce(max(id), 0)::int` }).from(gatewayMessages))[0]!.id;

describe(`issue 22 item 2: verify first; only what cannot be verified is limited (${testDatabaseKind()})`, () => {
  it("100 junk posts from one address, then a genuine callback and a genuine browser return from it: both taken", async () => {
    const campus = "198.51.100.7";
    const deps = appPaymentDeps();
    const forCallback = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" });
    const forReturn = await startPayment(deps, await newUser(t), { eventSlug: "code-sprint" });
    const before = await lastId();

    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) {
      const res =
        i % 2
          ? await returnRoute(post("/api/response", junk(i), campus))
          : await callbackRoute(post("/api/atompay/callback", junk(i), campus));
      statuses.push(res.status);
    }
    const limit = REJECTED_POSTS_PER_ADDRESS.points;
    expect(statuses.slice(0, limit + 1)).toEqual(Array(limit + 1).fill(400));
    expect(statuses.slice(limit + 1)).toEqual(Array(100 - limit - 1).fill(429));
    // Past the limit junk is dropped: not one row for the refused posts.
    expect(await inboundSince(before)).toBe(limit + 1);

    const callback = await callbackRoute(
      post("/api/atompay/callback", genuineReturn(forCallback.merchTxnId, forCallback.amountPaise), campus),
    );
    expect([callback.status, await callback.text()]).toEqual([200, "OK"]);
    expect(await statusOf(forCallback.merchTxnId)).toBe("success");

    const back = await returnRoute(post("/api/response", genuineReturn(forReturn.merchTxnId, forReturn.amountPaise), campus));
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe(`http://localhost:3000/payments/${forReturn.merchTxnId}`);
    expect(await statusOf(forReturn.merchTxnId)).toBe("success");

    // An attendee behind the same address who cancels still gets their page.
    const cancelled = await returnRoute(post("/api/response", { encData: "cancelTransaction", merchId: "317157" }, campus));
    expect([cancelled.status, cancelled.headers.get("location")]).toEqual([
      303,
      "http://localhost:3000/checkout/ended?reason=cancelTransaction",
    ]);
    // Junk from it is still refused, and another address is not affected.
    expect((await callbackRoute(post("/api/atompay/callback", junk(1000), campus))).status).toBe(429);
    expect((await callbackRoute(post("/api/atompay/callback", junk(1001), "198.51.100.8"))).status).toBe(400);
  });

  it("a verified callback about a transaction this app never made: 200 OK, kept in the gateway log, never counted", async () => {
    const ndps = "203.0.113.50";
    const before = await lastId();
    const n = REJECTED_POSTS_PER_ADDRESS.points + 10;
    for (let i = 0; i < n; i++) {
      const res = await callbackRoute(post("/api/atompay/callback", genuineReturn(`OTHERSYSTEM${i}`, 10_000), ndps));
      expect([res.status, await res.text()]).toEqual([200, "OK"]);
    }
    const kept = await t.db
      .select({ outcome: gatewayMessages.outcome, merchTxnId: gatewayMessages.merchTxnId, signatureValid: gatewayMessages.signatureValid })
      .from(gatewayMessages)
      .where(and(gt(gatewayMessages.id, before), eq(gatewayMessages.kind, "callback")));
    expect(kept).toHaveLength(n);
    expect(kept[0]).toMatchObject({ outcome: "rejected:unknown-attempt", merchTxnId: "OTHERSYSTEM0", signatureValid: true });
    // Not counted: the address's first junk post is still only rejected, not refused.
    expect((await callbackRoute(post("/api/atompay/callback", junk(2000), ndps))).status).toBe(400);
    // The sandbox's "foreignCallback" scenario sends one of these.
    const link = await callbackRoute(post("/api/atompay/callback", foreignCallbackForm(env().atompay), ndps));
    expect([link.status, await link.text()]).toEqual([200, "OK"]);
    // The browser return of such a message is a page, not an error.
    const page = await returnRoute(post("/api/response", genuineReturn("OTHERSYSTEM-R", 10_000), ndps));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("not for a payment started on this site");
  });
});
