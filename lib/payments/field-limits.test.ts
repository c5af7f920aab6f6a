// Issue 22 item 5, the app's side: NDPS's AUTH field limits are checked before anything is recorded (a clear 422
// naming the field, no payment, no seat held); the sandbox's AUTH refuses what NDPS refuses; and a refund sent in
// the API reference's query-string form (/paynetz/refund?merchId=…&encData=…) is made by the sandbox.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payments, users } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { createAtomPayClient, encodeForm, encrypt, sandboxUrls } from "@/lib/atompay";
import { sandboxFetch } from "@/lib/sandbox/fetch";
import { refundPayment } from "./refund";
import { startPayment } from "./start";
import { newUser, payFor, prepare, rejection, TEST_CONFIG, testDeps } from "./testing";

let t: TestDatabase;
let organiserId: string;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
  const [org] = await t.db.select({ id: users.id }).from(users).where(eq(users.role, "organiser")).limit(1);
  organiserId = org!.id;
}, 60_000);
afterAll(async () => {
  await t?.dispose();
});

const paymentsOf = async (userId: string) => t.db.select().from(payments).where(eq(payments.userId, userId));

describe(`AUTH field limits before AUTH (${testDatabaseKind()})`, () => {
  it("an email past 100 characters is a 422 naming custEmail; nothing is recorded and no seat is held", async () => {
    const user = await newUser(t);
    const long = { ...user, email: `${"a".repeat(101 - "@example.com".length)}@example.com` };
    const error = await rejection(startPayment(testDeps(t), long, { eventSlug: "code-sprint" }));
    expect(error.status).toBe(422);
    expect(error.message).toContain("100 characters");
    expect(error.details).toMatchObject({ custEmail: [expect.any(String)] });
    expect(await paymentsOf(user.id)).toEqual([]);
    // The same person with an address the gateway takes pays as usual.
    expect((await startPayment(testDeps(t), user, { eventSlug: "code-sprint" })).merchTxnId).toMatch(/^ANW/);
  });

  it("a phone number past 20 characters is a 422 naming custMobile", async () => {
    const user = await newUser(t);
    const error = await rejection(startPayment(testDeps(t), { ...user, phone: "9".repeat(21) }, { eventSlug: "code-sprint" }));
    expect([error.status, Object.keys(error.details as object)]).toEqual([422, ["custMobile"]]);
  });

  it("the sandbox's AUTH refuses what NDPS refuses: a udf past 45, a subChannel not in the list", async () => {
    const auth = (plain: unknown) =>
      sandboxFetch(t.db, TEST_CONFIG)(TEST_CONFIG.authUrl, {
        method: "POST",
        body: encodeForm({ encData: encrypt(JSON.stringify(plain), TEST_CONFIG.requestAesKey), merchId: TEST_CONFIG.merchId }),
      });
    const request = (extra: Record<string, unknown>) => ({
      payInstrument: {
        headDetails: { version: "OTSv1.1", api: "AUTH", platform: "FLASH" },
        merchDetails: {
          merchId: "317157",
          userId: "",
          password: "Test@123",
          merchTxnId: `LIM${Date.now()}`,
          merchTxnDate: "2026-01-05 10:00:00",
        },
        payDetails: { amount: "250.00", product: "NSE", custAccNo: "213232323", txnCurrency: "INR" },
        custDetails: { custEmail: "a@example.com", custMobile: "9876543210" },
        extras: { udf1: "", udf2: "", udf3: "", udf4: "", udf5: "" },
        ...extra,
      },
    });
    expect((await auth(request({}))).status).toBe(200);
    expect((await auth(request({ payModeSpecificData: { subChannel: "NR" } }))).status).toBe(200);
    const longUdf = await auth(request({ extras: { udf1: "x".repeat(46) } }));
    expect([longUdf.status, JSON.parse(await longUdf.text()).txnStatusCode]).toEqual([400, "OTS0600"]);
    expect((await auth(request({ payModeSpecificData: { subChannel: "UPI" } }))).status).toBe(400);
  });
});

describe(`REFUNDINIT in the query-string form (${testDatabaseKind()})`, () => {
  it("with ATOMPAY_REFUND_FORM=query at the reference's /paynetz/refund path, the sandbox makes the refund", async () => {
    const { started } = await payFor(testDeps(t), await newUser(t), { eventSlug: "code-sprint" });
    const root = sandboxUrls("http://127.0.0.1:9");
    const config = {
      ...TEST_CONFIG,
      refundUrl: root.refundUrl.replace("/ots/payment/refund", "/paynetz/refund"),
      refundForm: "query" as const,
    };
    const inner = sandboxFetch(t.db, config);
    const sent: { url: string; body: unknown }[] = [];
    const spy = ((url: RequestInfo | URL, init?: RequestInit) => {
      sent.push({ url: String(url), body: init?.body });
      return inner(url, init);
    }) as typeof fetch;
    const deps = testDeps(t, { config, gateway: createAtomPayClient(config, { fetch: spy, retryDelayMs: 0 }) });
    const r = await refundPayment(deps, { id: organiserId }, started.merchTxnId, { amountPaise: 5_000, reason: "partial" });
    expect(r.outcome).toBe("accepted");
    const refundCall = sent.find((s) => s.url.includes("/paynetz/refund"))!;
    expect(new URL(refundCall.url).searchParams.get("encData")).toMatch(/^[0-9A-F]+$/);
    expect(refundCall.body).toBe("");
  });
});
