// Messages built the way NDPS's official kits build them (our own code, written from the kits' documented
// behaviour: crypto with node:crypto directly, the Java and C# kits' query-string AUTH, the Next.js kit's
// signature check with toFixed(2), NDPS's documented message shapes), driven through lib/atompay's client, the
// sandbox gateway and the app's real route handlers: the browser's return (/api/response) and the gateway's
// callback (/api/atompay/callback), on PGlite or the Postgres server.
import { createCipheriv, createHmac, pbkdf2Sync } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { POST as callbackRoute } from "@/app/api/atompay/callback/route";
import { POST as returnRoute } from "@/app/api/response/route";
import { payments } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import { decrypt, parseAuthResponse, parseStatusResponse } from "@/lib/atompay";
import { env } from "@/lib/env";
import { appPaymentDeps } from "@/lib/payments/deps";
import { startPayment } from "@/lib/payments/start";
import { newUser } from "@/lib/payments/testing";
import { JAVA_DEFAULT_HEADERS } from "@/lib/sandbox/callback";
import { sandboxFetch } from "@/lib/sandbox/fetch";
import { sandboxComplete } from "@/lib/sandbox/gateway";
import { routeTestDatabase } from "@/lib/server/route-testing";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
  process.env.AUTH_SECRET = "kit-flow-test-auth-secret-0123456789-abcdefghij";
});
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

const { t } = routeTestDatabase({ sandboxGateway: "env" });

// ---- a kit, as the kits do it: a fresh PBKDF2 per call, the fixed IV, uppercase hex ----
const IV = Buffer.from(Array.from({ length: 16 }, (_, i) => i));
function kitEncrypt(text: string, key: string): string {
  const derived = pbkdf2Sync(Buffer.from(key, "utf8"), Buffer.from(key, "utf8"), 65536, 32, "sha512");
  const c = createCipheriv("aes-256-cbc", derived, IV);
  return Buffer.concat([c.update(text, "utf8"), c.final()])
    .toString("hex")
    .toUpperCase();
}
/** The Next.js kit's check: merchId.toString() + atomTxnId + merchTxnId + totalAmount.toFixed(2) + statusCode + subChannel[0] + bankTxnId. */
function kitSignature(p: KitMessage["payInstrument"], key: string): string {
  const text =
    p.merchDetails.merchId.toString() +
    p.payDetails.atomTxnId +
    p.merchDetails.merchTxnId +
    p.payDetails.totalAmount.toFixed(2) +
    p.responseDetails.statusCode +
    p.payModeSpecificData.subChannel[0] +
    p.payModeSpecificData.bankDetails.bankTxnId;
  return createHmac("sha512", key).update(text).digest("hex");
}
interface KitMessage {
  payInstrument: {
    merchDetails: { merchId: number; merchTxnId: string; merchTxnDate: string };
    payDetails: {
      atomTxnId: number;
      amount: number;
      surchargeAmount: number;
      totalAmount: number;
      signature: string;
      [k: string]: unknown;
    };
    payModeSpecificData: { subChannel: string[]; bankDetails: { bankTxnId: string; [k: string]: unknown } };
    responseDetails: { statusCode: string; message: string; description: string };
    [k: string]: unknown;
  };
}
/** NDPS's documented callback/return shape (a debit-card success with card fields, clientCode, custFirstName). */
function kitMessage(merchTxnId: string, atomTxnId: number, statusCode = "OTS0000"): KitMessage {
  const m: KitMessage = {
    payInstrument: {
      merchDetails: { merchId: 317157, merchTxnId, merchTxnDate: "2026-11-27T11:56:37" },
      payDetails: {
        atomTxnId,
        prodDetails: [{ prodName: "NSE", prodAmount: 250 }],
        amount: 250,
        surchargeAmount: 0,
        totalAmount: 250,
        custAccNo: "213232323",
        clientCode: "1234",
        txnCurrency: "INR",
        signature: "",
        txnInitDate: "2026-11-27 11:56:41",
        txnCompleteDate: "2026-11-27 11:57:21",
      },
      payModeSpecificData: {
        subChannel: ["DC"],
        bankDetails: {
          otsBankId: 2,
          bankTxnId: `0011${atomTxnId}`,
          authId: "00000",
          otsBankName: "Hdfc Bank",
          cardType: "DC",
          cardMaskNumber: "XXXXXXXXXXXX4444",
          scheme: "VISA",
        },
      },
      extras: { udf1: "One", udf2: "Two", udf3: "Three", udf4: "Four", udf5: "Five" },
      custDetails: { custFirstName: "Ravina", custEmail: "a@example.com", custMobile: "09754564348", billingInfo: {} },
      responseDetails: {
        statusCode,
        message: statusCode === "OTS0000" ? "SUCCESS" : "FAILED",
        description: statusCode === "OTS0000" ? "SUCCESS" : "FAILED",
      },
    },
  };
  m.payInstrument.payDetails.signature = kitSignature(m.payInstrument, "KEYRESP123657234");
  return m;
}
const formOf = (m: unknown) => ({ encData: kitEncrypt(JSON.stringify(m), "75AEF0FA1B94B3C10D4F5B268F757F11"), merchId: "317157" });
const post = (path: string, form: Record<string, string>, headers: Record<string, string>) =>
  new Request(`http://localhost:3000${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form),
  });
const BROWSER = { "sec-fetch-mode": "navigate", accept: "text/html,application/xhtml+xml" };
const statusOf = async (merchTxnId: string) => (await t.db.select().from(payments).where(eq(payments.merchTxnId, merchTxnId)))[0]!.status;

describe(`official-kit-shaped messages through the client, the sandbox and the app's URLs (${testDatabaseKind()})`, () => {
  it("AUTH as the Java and C# kits send it (query string, empty body), with prodDetails, udf6-10 and an 11-digit mobile", async () => {
    const config = env().atompay;
    const plain = {
      payInstrument: {
        headDetails: { version: "OTSv1.1", api: "AUTH", platform: "FLASH" },
        merchDetails: {
          merchId: "317157",
          userId: "",
          password: "Test@123",
          merchTxnId: `KIT${Date.now()}`,
          merchTxnDate: "2026-01-05 10:00:00",
        },
        payDetails: {
          amount: "300.00",
          product: "multi",
          custAccNo: "213232323",
          txnCurrency: "INR",
          clientCode: "",
          prodDetails: [
            { prodName: "NSE", prodAmount: "200.00" },
            { prodName: "BSE", prodAmount: "100.00" },
          ],
        },
        custDetails: { custFirstName: "Kit User", custEmail: "kit@example.com", custMobile: "09876543210" },
        extras: { udf1: "", udf2: "", udf3: "", udf4: "", udf5: "", udf6: "6", udf7: "7", udf8: "8", udf9: "9", udf10: "10" },
      },
    };
    const q = `encData=${kitEncrypt(JSON.stringify(plain), "A4476C2062FFA58980DC8F79EB6A799E")}&merchId=317157`;
    const res = await sandboxFetch(t.db, config)(`${config.authUrl}?${q}`, { method: "POST", body: "" });
    const body = await res.text();
    const encData = new URLSearchParams(body).get("encData")!;
    const answer = parseAuthResponse(JSON.parse(decrypt(encData, config.responseAesKey)));
    expect(answer).toMatchObject({ statusCode: "OTS0000", description: "ATOM TOKEN ID HAS BEEN GENERATED SUCCESSFULLY" });
    expect(answer.atomTokenId).toMatch(/^\d{14}$/);
    // Lines that do not add up to the amount are refused with the dictionary's code, as a flat error.
    plain.payInstrument.payDetails.prodDetails[1]!.prodAmount = "99.00";
    const bad = await sandboxFetch(t.db, config)(
      `${config.authUrl}?encData=${kitEncrypt(JSON.stringify(plain), "A4476C2062FFA58980DC8F79EB6A799E")}&merchId=317157`,
      { method: "POST", body: "" },
    );
    expect(bad.status).toBe(400);
    expect(JSON.parse(await bad.text())).toMatchObject({ encData: null, txnStatusCode: "OTS0626" });
  });

  it("a kit-built success: the browser's return gets a redirect, the callback with Java's headers gets OK, a duplicate too", async () => {
    const user = await newUser(t);
    const started = await startPayment(appPaymentDeps(), user, { eventSlug: "code-sprint" });
    const form = formOf(kitMessage(started.merchTxnId, 11_000_000_615_892));
    // The callback first, sent by a Java client: the old code took its Accept for a browser's and answered 303.
    const first = await callbackRoute(post("/api/atompay/callback", form, JAVA_DEFAULT_HEADERS));
    expect(first.status).toBe(200);
    expect(await first.text()).toBe("OK");
    expect(await statusOf(started.merchTxnId)).toBe("success");
    const again = await callbackRoute(post("/api/atompay/callback", form, JAVA_DEFAULT_HEADERS));
    expect([again.status, await again.text()]).toEqual([200, "OK"]);
    // The browser's return of the same message: always a page or a redirect, whatever its headers say.
    const back = await returnRoute(post("/api/response", form, BROWSER));
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe(`http://localhost:3000/payments/${started.merchTxnId}`);
    const plainClient = await returnRoute(post("/api/response", form, { accept: "*/*" }));
    expect(plainClient.status).toBe(303);
  });

  it("unverifiable callbacks get 400 and change nothing; the return URL answers a person with a page", async () => {
    const user = await newUser(t);
    const started = await startPayment(appPaymentDeps(), user, { eventSlug: "code-sprint" });
    const m = kitMessage(started.merchTxnId, 11_000_000_615_893);
    m.payInstrument.payDetails.signature = "00".repeat(64);
    const forged = await callbackRoute(post("/api/atompay/callback", formOf(m), JAVA_DEFAULT_HEADERS));
    expect([forged.status, await forged.text()]).toEqual([400, "BAD-SIGNATURE"]);
    const junk = await callbackRoute(post("/api/atompay/callback", { encData: "ZZ", merchId: "317157" }, {}));
    expect(junk.status).toBe(400);
    const page = await returnRoute(post("/api/response", formOf(m), {}));
    expect(page.status).toBe(400);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await statusOf(started.merchTxnId)).toBe("pending");
  });

  it("a kit-built status request (v1) is answered by the sandbox and read by the library", async () => {
    const user = await newUser(t);
    const started = await startPayment(appPaymentDeps(), user, { eventSlug: "code-sprint" });
    await sandboxComplete(t.db, env().atompay, { atomTokenId: started.atomTokenId, outcome: "no-return", mode: "UP" });
    const row = (await t.db.select().from(payments).where(eq(payments.merchTxnId, started.merchTxnId)))[0]!;
    const day = new Date(row.createdAt.getTime() + 5.5 * 3600_000).toISOString().slice(0, 10);
    const signature = createHmac("sha512", "KEY123657234")
      .update(`317157Test@123${started.merchTxnId}250.00INRTXNVERIFICATION`)
      .digest("hex");
    const plain = {
      payInstrument: {
        headDetails: { api: "TXNVERIFICATION", source: "OTS" },
        merchDetails: { merchId: 317157, password: "Test@123", merchTxnId: started.merchTxnId, merchTxnDate: day },
        payDetails: { amount: "250.00", txnCurrency: "INR", signature },
      },
    };
    const config = env().atompay;
    const res = await sandboxFetch(t.db, config)(config.statusUrl, {
      method: "POST",
      body: `merchId=317157&encData=${kitEncrypt(JSON.stringify(plain), "A4476C2062FFA58980DC8F79EB6A799E")}`,
    });
    const answer = parseStatusResponse(JSON.parse(decrypt(new URLSearchParams(await res.text()).get("encData")!, config.responseAesKey)));
    expect(answer).toMatchObject({
      outcome: "success",
      statusCode: "OTS0000",
      amountPaise: 25_000,
      subChannel: "UP",
      merchTxnId: started.merchTxnId,
    });
  });
});
