// Issue 11 items 4 and 7 in Chromium: a success the bank reverses (the sandbox's "reversed" outcome: the status API
// says OTS0000 on its first query, OTS0001 from the second on), learned by the organiser's re-check, shown to the
// organiser and told to the attendee; a second successful transaction for one payment shown with both ids; the
// settlement view and its CSV.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { buildReturnMessage, encodeReturnForm } from "../lib/atompay/gateway";
import { type AtomPayConfig, sandboxUrls, UAT_TEST_MERCHANT } from "../lib/atompay/index";
import { bearer, DEMO, E2E_PORT, newAttendee, shot, signIn } from "./helpers";

const BASE = `http://localhost:${E2E_PORT}`;
const CONFIG: AtomPayConfig = { env: "sandbox", ...UAT_TEST_MERCHANT, ...sandboxUrls(`http://127.0.0.1:${E2E_PORT}`) };

async function pay(request: APIRequestContext, outcome: "success" | "reversed") {
  const who = await newAttendee(request, "rev");
  const auth = await bearer(request, who);
  const started = await request.post("/api/atompay", { headers: auth, data: { eventSlug: "code-sprint" } });
  expect(started.status()).toBe(201);
  const { merchTxnId, atomTokenId } = await started.json();
  const done = await request.post("/sandbox/atompay/pay/complete", { data: { atomTokenId, outcome } });
  expect(done.status()).toBe(200);
  const back = await request.post("/api/response", {
    form: (await done.json()).form,
    maxRedirects: 0,
    headers: { accept: "text/html", "sec-fetch-mode": "navigate" },
  });
  expect(back.status()).toBe(303);
  const paid = await (await request.get(`/api/payments/${merchTxnId}`, { headers: auth })).json();
  expect(paid.status).toBe("success");
  return { who, merchTxnId: merchTxnId as string, atomTxnId: paid.atomTxnId as string };
}

let reversed: Awaited<ReturnType<typeof pay>>;
let doubled: Awaited<ReturnType<typeof pay>>;
const SECOND_ATOM_TXN_ID = String(13_000_000_000_000 + (Date.now() % 1e9));

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ playwright }) => {
  const request = await playwright.request.newContext({ baseURL: BASE });
  reversed = await pay(request, "reversed");
  doubled = await pay(request, "success");
  // The gateway's callback brings a second success for the same payment, with another atomTxnId.
  const second = buildReturnMessage(CONFIG, {
    merchTxnId: doubled.merchTxnId,
    merchTxnDate: new Date(),
    atomTxnId: SECOND_ATOM_TXN_ID,
    amountPaise: 25_000,
    statusCode: "OTS0000",
    subChannel: "UP",
    bankTxnId: "BANK-SECOND-E2E",
  });
  const cb = await request.post("/api/atompay/callback", { form: encodeReturnForm(CONFIG, second) });
  expect(cb.status()).toBe(200);
  expect(await cb.text()).toBe("OK");
  await request.dispose();
});

test("organiser: a re-check learns the settlement status, the next one the bank's reversal; the page says what it did", async ({
  page,
}) => {
  await signIn(page, DEMO.organiser);
  await page.goto(`/organiser/payments/${reversed.merchTxnId}`);
  await expect(page.getByTestId("payment-status")).toContainText("Paid");
  await page.getByRole("button", { name: "Re-check with AtomPay" }).click();
  await expect(page.getByTestId("recheck-result")).toHaveText("AtomPay says OTS0000: no change, still Paid.");
  await expect(page.getByTestId("recon-status")).toContainText("RNS Reconciled, not settled yet");

  await page.getByRole("button", { name: "Re-check with AtomPay" }).click();
  await expect(page.getByTestId("recheck-result")).toHaveText("AtomPay says OTS0001: this payment moved from Paid to Reversed.");
  await expect(page.getByTestId("payment-status")).toContainText("Reversed");
  await expect(page.getByTestId("reversed-note")).toContainText(
    "AtomPay's status API said OTS0001 (AUTO REVERSAL). Its registrations are awaiting payment again.",
  );
  const item = page.getByTestId("payment-item");
  await expect(item).toContainText("Reversed");
  await expect(item).toContainText("Awaiting payment");
  await expect(page.getByTestId("timeline")).toContainText("Reversed by the bank (AtomPay's status API said OTS0001)");
  await expect(page.getByTestId("timeline")).toContainText("automatically, on AtomPay's word");
  await shot(page, "organiser-payment-reversed");

  // The list's status filter knows the new status.
  await page.goto(`/organiser/payments?status=reversed&q=${reversed.merchTxnId}`);
  await expect(page.getByRole("region", { name: /Payments matching the filter/ })).toContainText(reversed.merchTxnId);
});

test("attendee: the receipt says the bank reversed it, the registration awaits payment again, and they can pay again", async ({ page }) => {
  await signIn(page, reversed.who);
  await page.goto(`/payments/${reversed.merchTxnId}`);
  await expect(page.getByTestId("payment-status")).toContainText("Your bank reversed this payment");
  await expect(page.getByTestId("payment-status")).toContainText("Reversed");
  await expect(page.getByTestId("registration-status")).toHaveText("Awaiting payment");
  await expect(page.getByText("Reversed by the bank", { exact: true })).toBeVisible();
  await shot(page, "attendee-receipt-reversed");
  await page.getByRole("link", { name: "Pay again" }).click();
  await expect(page).toHaveURL(/\/events\/code-sprint$/);
});

test("organiser: a second success for one payment is a possible double charge with both AtomPay ids; the settlement view lists it", async ({
  page,
}) => {
  await signIn(page, DEMO.organiser);
  await page.goto(`/organiser/payments/${doubled.merchTxnId}`);
  await expect(page.getByTestId("payment-status")).toContainText("Paid");
  await expect(page.getByTestId("double-charge")).toContainText("Possible double charge");
  await expect(page.getByTestId("double-charge")).toContainText("AtomPay reported 2 successful transactions for this payment.");
  const ids = page.getByTestId("atom-txn-ids");
  await expect(ids).toContainText(doubled.atomTxnId);
  await expect(ids).toContainText(`${SECOND_ATOM_TXN_ID} · second success by callback, ₹250.00, bank txn BANK-SECOND-E2E`);
  await shot(page, "organiser-payment-double-charge");

  await page.getByRole("link", { name: "Settlement" }).click();
  await expect(page.getByRole("heading", { name: "Settlement" })).toBeVisible();
  await expect(page.getByTestId("double-charges")).toContainText(`${doubled.atomTxnId}, ${SECOND_ATOM_TXN_ID}`);
  await expect(page.getByTestId("settlement-total-reversed")).not.toContainText("₹0.00");
  await shot(page, "organiser-settlement");
  const csv = await page.request.get(`/organiser/settlement/export`);
  expect(csv.status()).toBe(200);
  expect((await csv.text()).replace(/^\uFEFF/, "").split("\r\n")[0]).toBe(
    "Day (IST),Collected: payments,Collected (₹),Settled by AtomPay: payments,Settled by AtomPay (₹),Not settled yet: payments," +
      "Not settled yet (₹),Reversed by the bank: payments,Reversed by the bank (₹),Refunded: refunds,Refunded (₹)",
  );
  const bad = await page.request.get(`/organiser/settlement/export?from=2026-02-10&to=2026-02-01`);
  expect(bad.status()).toBe(422);
});
