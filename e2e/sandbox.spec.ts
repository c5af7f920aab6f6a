// The sandbox gateway over real HTTP, driven by lib/atompay's own client exactly as the app drives the real
// gateway: AUTH gives a token, a chosen outcome gives a return message whose signature verifies, and the
// status API reports the same outcome.
import { expect, test } from "@playwright/test";
import {
  type AtomPayConfig,
  buildAuthRequest,
  checkReturnBinding,
  createAtomPayClient,
  encodeForm,
  encrypt,
  GatewayHttpError,
  openReturnMessage,
  sandboxUrls,
  UAT_TEST_MERCHANT,
} from "../lib/atompay/index";
import { E2E_PORT } from "./helpers";

const CONFIG: AtomPayConfig = { env: "sandbox", ...UAT_TEST_MERCHANT, ...sandboxUrls(`http://127.0.0.1:${E2E_PORT}`) };
const client = createAtomPayClient(CONFIG, { timeoutMs: 10_000 });
let n = 0;
const txnId = () => `SBXTEST${Date.now()}${++n}`;

for (const [outcome, returned, final, surcharge] of [
  ["success", "OTS0000", "OTS0000", 0],
  ["surcharge", "OTS0000", "OTS0000", 400],
  ["failure", "OTS0600", "OTS0600", 0],
  ["cancel", "OTS0101", "OTS0101", 0],
  ["pending", "OTS0551", "OTS0000", 0],
] as const) {
  test(`outcome ${outcome}: token, signed return, and the status API agree`, async ({ request }) => {
    const merchTxnId = txnId();
    const { result: token } = await client.auth({
      merchTxnId,
      amountPaise: 20_000,
      custEmail: "t@example.com",
      custMobile: "9876543210",
      txnDate: new Date(),
    });
    expect(token.atomTokenId).toMatch(/^\d{14}$/);
    const done = await request.post("/sandbox/atompay/pay/complete", { data: { atomTokenId: token.atomTokenId, outcome, mode: "CC" } });
    expect(done.status()).toBe(200);
    const { form } = await done.json();
    const opened = openReturnMessage(form.encData, CONFIG);
    expect(opened.signatureValid).toBe(true);
    expect(opened.message).toMatchObject({
      merchTxnId,
      statusCode: returned,
      amountPaise: 20_000,
      surchargePaise: surcharge,
      totalPaise: 20_000 + surcharge,
      subChannel: "CC",
    });
    expect(checkReturnBinding(opened.message, { merchId: CONFIG.merchId, merchTxnId, amountPaise: 20_000 })).toEqual({ ok: true });
    const { result: status } = await client.status({ merchTxnId, amountPaise: 20_000, txnDate: new Date() });
    expect(status).toMatchObject({ statusCode: final, atomTxnId: opened.message.atomTxnId });
    // a completed token cannot be paid twice
    expect(
      (await request.post("/sandbox/atompay/pay/complete", { data: { atomTokenId: token.atomTokenId, outcome: "success" } })).status(),
    ).toBe(409);
  });
}

test("the sandbox validates AUTH like the gateway: wrong password, future date, undecryptable body", async ({ request }) => {
  // AUTH errors are NDPS's flat body with an HTTP 4xx; the client keeps the code and words.
  const wrong = createAtomPayClient({ ...CONFIG, password: "nope" });
  const error = await wrong
    .auth({ merchTxnId: txnId(), amountPaise: 100, custEmail: "t@example.com", custMobile: "9876543210", txnDate: new Date() })
    .catch((e) => e);
  expect(error).toBeInstanceOf(GatewayHttpError);
  expect(error).toMatchObject({ httpStatus: 403, statusCode: "OTS0451", gatewayMessage: "INVALID MERCHANT INFORMATION" });

  const future = await client
    .auth({
      merchTxnId: txnId(),
      amountPaise: 100,
      custEmail: "t@example.com",
      custMobile: "9876543210",
      txnDate: new Date(Date.now() + 3_600_000),
    })
    .catch((e) => e);
  expect(future.statusCode).toBe("OTS0639");

  // encrypted with the wrong key: the real gateway answers an empty body
  const body = buildAuthRequest(CONFIG, {
    merchTxnId: txnId(),
    amountPaise: 100,
    custEmail: "t@example.com",
    custMobile: "9876543210",
    txnDate: new Date(),
  });
  const res = await request.post("/sandbox/atompay/ots/aipay/auth", {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: encodeForm({ encData: encrypt(JSON.stringify(body), CONFIG.responseAesKey), merchId: CONFIG.merchId }),
  });
  expect(await res.text()).toBe("");
});

test("refunds through the sandbox never exceed what was paid", async ({ request }) => {
  const merchTxnId = txnId();
  const { result: token } = await client.auth({
    merchTxnId,
    amountPaise: 30_000,
    custEmail: "t@example.com",
    custMobile: "9876543210",
    txnDate: new Date(),
  });
  const { form } = await (
    await request.post("/sandbox/atompay/pay/complete", { data: { atomTokenId: token.atomTokenId, outcome: "success" } })
  ).json();
  const { atomTxnId } = openReturnMessage(form.encData, CONFIG).message;
  const part = await client.refund({ merchTxnId, atomTxnId, refundPaise: 10_000, refundId: "R1" });
  expect(part.result.statusCode).toBe("OTS0000");
  const tooMuch = await client.refund({ merchTxnId, atomTxnId, refundPaise: 20_001, refundId: "R2" }).catch((e) => e);
  expect(tooMuch.statusCode ?? tooMuch.result?.statusCode).not.toBe("OTS0000");
  const rest = await client.refund({ merchTxnId, atomTxnId, refundPaise: 20_000, refundId: "R3" });
  expect(rest.result.statusCode).toBe("OTS0000");
});

test("atomcheckout.js keeps the real constructor contract: all five options and the environment are mandatory", async ({ page }) => {
  await page.goto("/");
  await page.addScriptTag({ url: CONFIG.checkoutScriptUrl });
  const errors = await page.evaluate(() => {
    const Ctor = (window as unknown as { AtomPaynetz: new (o: unknown, e: unknown) => unknown }).AtomPaynetz;
    const full = { atomTokenId: "1", merchId: "317157", custEmail: "a@b.c", custMobile: "9876543210", returnUrl: "http://localhost/x" };
    const out: string[] = [];
    for (const k of Object.keys(full)) {
      try {
        new Ctor({ ...full, [k]: "" }, "uat");
      } catch (e) {
        out.push((e as Error).message);
      }
    }
    try {
      new Ctor(full, "staging");
    } catch (e) {
      out.push((e as Error).message);
    }
    return out;
  });
  expect(errors).toHaveLength(6);
  expect(errors[0]).toContain("atomTokenId");
  expect(errors[5]).toContain("environment");
});

test("the sandbox's server-to-server callback settles an attempt whose browser never returned, and duplicates change nothing", async ({
  request,
}) => {
  const email = `cb-${Date.now()}@example.com`;
  expect(
    (
      await request.post("/api/users", {
        data: { name: "Cal Back", email, phone: "9811111111", college: "Callback College", password: "Lantern-Quasar-81-Orbit" },
      })
    ).status(),
  ).toBe(202);
  const token = (await (await request.post("/api/token", { data: { email, password: "Lantern-Quasar-81-Orbit" } })).json()).token;
  const auth = { Authorization: `Bearer ${token}` };
  const started = await (await request.post("/api/atompay", { headers: auth, data: { eventSlug: "solo-singing" } })).json();
  const done = await request.post("/sandbox/atompay/pay/complete", {
    data: { atomTokenId: started.atomTokenId, outcome: "no-return", callback: "twice" },
  });
  expect((await done.json()).form).toBeNull();
  const view = await (await request.get(`/api/payments/${started.merchTxnId}`, { headers: auth })).json();
  expect(view).toMatchObject({ status: "success", paidPaise: 15_000 });
});

test("scenario switches by API and on the page; a callback with Java's default headers is still a callback (200 OK)", async ({
  page,
  request,
}) => {
  const set = await request.post("/sandbox/atompay/scenarios", { data: { callbackHeaders: "java", lateCallbackMs: 1000 } });
  expect(set.status()).toBe(200);
  expect(await set.json()).toMatchObject({ callbackHeaders: "java", lateCallbackMs: 1000, status: "normal" });
  expect((await request.post("/sandbox/atompay/scenarios", { data: { status: "sideways" } })).status()).toBe(400);
  try {
    const email = `java-${Date.now()}@example.com`;
    expect(
      (
        await request.post("/api/users", {
          data: { name: "Java Callback", email, phone: "9811111112", college: "Callback College", password: "Lantern-Quasar-81-Orbit" },
        })
      ).status(),
    ).toBe(202);
    const token = (await (await request.post("/api/token", { data: { email, password: "Lantern-Quasar-81-Orbit" } })).json()).token;
    const auth = { Authorization: `Bearer ${token}` };
    const started = await (await request.post("/api/atompay", { headers: auth, data: { eventSlug: "solo-singing" } })).json();
    const done = await request.post("/sandbox/atompay/pay/complete", {
      data: { atomTokenId: started.atomTokenId, outcome: "no-return", callback: "once" },
    });
    expect((await done.json()).form).toBeNull();
    const view = await (await request.get(`/api/payments/${started.merchTxnId}`, { headers: auth })).json();
    expect(view).toMatchObject({ status: "success" });
    await page.goto("/sandbox/atompay/scenarios");
    await expect(page.getByLabel(/Java's default headers/)).toBeChecked();
    // (A harmless switch: other spec files run meanwhile and must not see the status API go down.)
    await page.getByLabel("Plain headers").check();
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByLabel("Plain headers")).toBeChecked();
    await expect(page.getByLabel("Answers the truth", { exact: true })).toBeChecked();
  } finally {
    await request.post("/sandbox/atompay/scenarios", { data: { reset: true } });
  }
  expect(await (await request.get("/sandbox/atompay/scenarios", { headers: { accept: "application/json" } })).json()).toMatchObject({
    status: "normal",
    callbackHeaders: "plain",
  });
});
