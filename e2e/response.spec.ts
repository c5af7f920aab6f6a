// Crafted gateway messages POSTed over real HTTP to /api/response, as an attacker or a misbehaving gateway
// would send them. Each must end in the documented state, and none may cause a 5xx.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { buildReturnMessage, encodeReturnForm } from "../lib/atompay/gateway";
import { type AtomPayConfig, returnSignature, sandboxUrls, UAT_TEST_MERCHANT } from "../lib/atompay/index";
import { bearer, E2E_PORT, newAttendee } from "./helpers";

const CONFIG: AtomPayConfig = { env: "sandbox", ...UAT_TEST_MERCHANT, ...sandboxUrls(`http://127.0.0.1:${E2E_PORT}`) };
let txnSeq = 0;

function message(merchTxnId: string, over: Partial<Parameters<typeof buildReturnMessage>[1]> = {}) {
  txnSeq++;
  return buildReturnMessage(CONFIG, {
    merchTxnId,
    merchTxnDate: new Date(),
    atomTxnId: String(12_000_000_000_000 + (Date.now() % 1e9) * 10 + txnSeq),
    amountPaise: 25_000,
    statusCode: "OTS0000",
    subChannel: "NB",
    bankTxnId: `BANK${Date.now()}${txnSeq}`,
    ...over,
  });
}

async function post(request: APIRequestContext, form: { encData: string; merchId: string }) {
  return request.post("/api/response", { form, maxRedirects: 0, headers: { accept: "text/html", "sec-fetch-mode": "navigate" } });
}

async function attempt(request: APIRequestContext, eventSlug = "code-sprint") {
  const who = await newAttendee(request, "resp");
  const auth = await bearer(request, who);
  const res = await request.post("/api/atompay", { headers: auth, data: { eventSlug } });
  expect(res.status()).toBe(201);
  const started = await res.json();
  const status = async () => (await (await request.get(`/api/payments/${started.merchTxnId}`, { headers: auth })).json()).status as string;
  return { ...started, auth, status, who } as {
    merchTxnId: string;
    auth: Record<string, string>;
    status: () => Promise<string>;
    who: { email: string; password: string };
  };
}

test("a genuine success is recorded and answered with 303 to the status page; its replay changes nothing", async ({ request }) => {
  const a = await attempt(request);
  const form = encodeReturnForm(CONFIG, message(a.merchTxnId));
  const res = await post(request, form);
  expect(res.status()).toBe(303);
  expect(res.headers().location).toBe(`http://localhost:${E2E_PORT}/payments/${a.merchTxnId}`);
  expect(await a.status()).toBe("success");
  const replay = await post(request, form);
  expect(replay.status()).toBe(303);
  expect(await a.status()).toBe("success");
});

test("forged signatures are refused with 400 and change nothing", async ({ request }) => {
  const a = await attempt(request);
  for (const key of [CONFIG.responseAesKey, CONFIG.requestHashKey, "guessed-key"]) {
    const res = await post(request, encodeReturnForm(CONFIG, buildReturnMessage(CONFIG, { ...mParams(a.merchTxnId), signWith: key })));
    expect(res.status()).toBe(400);
    expect(await res.text()).toContain("failed its signature check");
  }
  const m = message(a.merchTxnId) as { payInstrument: { payDetails: { signature?: string } } };
  delete m.payInstrument.payDetails.signature;
  expect((await post(request, encodeReturnForm(CONFIG, m))).status()).toBe(400);
  expect(await a.status()).toBe("pending");
});

function mParams(merchTxnId: string) {
  return {
    merchTxnId,
    merchTxnDate: new Date(),
    atomTxnId: "12999999999999",
    amountPaise: 25_000,
    statusCode: "OTS0000",
    subChannel: "NB",
    bankTxnId: "BANKFORGED",
  };
}

test("a message for another merchant changes nothing (verified, so answered as received, never applied)", async ({ request }) => {
  const a = await attempt(request);
  const foreign = buildReturnMessage({ ...CONFIG, merchId: "424242" }, mParams(a.merchTxnId));
  expect((await post(request, encodeReturnForm({ ...CONFIG, merchId: "424242" }, foreign))).status()).toBe(200);
  expect(await a.status()).toBe("pending");
});

test("a genuine success for a lowered amount is flagged, never success", async ({ request }) => {
  const a = await attempt(request);
  expect((await post(request, encodeReturnForm(CONFIG, message(a.merchTxnId, { amountPaise: 100 })))).status()).toBe(303);
  expect(await a.status()).toBe("flagged");
});

test("a total that is not amount + surcharge is flagged", async ({ request }) => {
  const a = await attempt(request);
  const m = message(a.merchTxnId, { surchargePaise: 500 }) as {
    payInstrument: {
      merchDetails: { merchId: number };
      payDetails: Record<string, unknown>;
      payModeSpecificData: { subChannel: string[]; bankDetails: { bankTxnId: string } };
      responseDetails: { statusCode: string };
    };
  };
  const p = m.payInstrument;
  p.payDetails.totalAmount = 255.5; // should be 255.00
  p.payDetails.signature = returnSignature(
    {
      merchId: String(p.merchDetails.merchId),
      atomTxnId: String(p.payDetails.atomTxnId),
      merchTxnId: a.merchTxnId,
      totalPaise: 25_550,
      statusCode: "OTS0000",
      subChannel: "NB",
      bankTxnId: p.payModeSpecificData.bankDetails.bankTxnId,
    },
    CONFIG.responseHashKey,
  );
  expect((await post(request, encodeReturnForm(CONFIG, m))).status()).toBe(303);
  expect(await a.status()).toBe("flagged");
});

test("an unknown merchTxnId is 200 (a page, nothing changed); garbage, wrong content types and oversized bodies are 4xx", async ({
  request,
}) => {
  // Genuine but about an attempt never made here (NDPS posts every transaction on the merchant id): a page, 200.
  expect((await post(request, encodeReturnForm(CONFIG, message("ANWNEVERSTARTED1")))).status()).toBe(200);
  expect((await post(request, { encData: "00112233", merchId: "317157" })).status()).toBe(400);
  expect((await post(request, { encData: "not hex at all", merchId: "317157" })).status()).toBe(400);
  expect((await request.post("/api/response", { data: { encData: "x" } })).status()).toBe(415);
  expect((await request.post("/api/response", { form: { encData: "A".repeat(70_000), merchId: "317157" } })).status()).toBe(413);
  expect((await request.post("/api/response", { form: { merchId: "317157" } })).status()).toBe(400);
  const sentinel = await request.post("/api/response", { form: { encData: "sessionTimeout", merchId: "317157" }, maxRedirects: 0 });
  expect(sentinel.status()).toBe(303);
  expect(sentinel.headers().location).toContain("/checkout/ended?reason=sessionTimeout");
});

test("two different successes for one registration: the second is flagged", async ({ request }) => {
  const a = await attempt(request);
  // A ends (cancelled), B is started and paid, then A's late success arrives.
  await post(request, encodeReturnForm(CONFIG, message(a.merchTxnId, { statusCode: "OTS0101" })));
  expect(await a.status()).toBe("cancelled");
  const b = await (await request.post("/api/atompay", { headers: a.auth, data: { eventSlug: "code-sprint" } })).json();
  expect(b.merchTxnId).not.toBe(a.merchTxnId);
  await post(request, encodeReturnForm(CONFIG, message(b.merchTxnId)));
  await post(request, encodeReturnForm(CONFIG, message(a.merchTxnId)));
  expect(await a.status()).toBe("flagged");
  const bStatus = await (await request.get(`/api/payments/${b.merchTxnId}`, { headers: a.auth })).json();
  expect(bStatus.status).toBe("success");
});

test("50 concurrent copies of one success: every answer is 303, the payment is paid once", async ({ request }) => {
  const a = await attempt(request);
  const form = encodeReturnForm(CONFIG, message(a.merchTxnId));
  const answers = await Promise.all(Array.from({ length: 50 }, () => post(request, form)));
  expect(answers.map((r) => r.status())).toEqual(Array(50).fill(303));
  expect(await a.status()).toBe("success");
  const again = await request.post("/api/atompay", { headers: a.auth, data: { eventSlug: "code-sprint" } });
  expect(again.status()).toBe(409);
});
