// The organisers' console in Chromium, on payments made through the real flow: POST /api/atompay with a bearer
// token, the sandbox gateway's "bank" picks an outcome, and its signed return is POSTed to /api/response.
// Every search and bulk action here is narrowed to this file's own attendees, so specs running in parallel
// never see their attempts re-checked. The list is one row per item: a basket of two events is two rows.
import { readFileSync } from "node:fs";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { csvRecords } from "../lib/organiser/csv-read";
import { bearer, DEMO, E2E_PORT, newAttendee, shot, signIn } from "./helpers";

const BASE = `http://localhost:${E2E_PORT}`;
type Outcome = "success" | "surcharge" | "failure" | "cancel" | "pending";
interface Made {
  merchTxnId: string;
  anweshaId: string;
  email: string;
  name: string;
}

async function pay(request: APIRequestContext, eventSlug: string | string[], outcome: Outcome): Promise<Made> {
  const who = await newAttendee(request, "org");
  const auth = await bearer(request, who);
  const me = await (await request.get("/api/me", { headers: auth })).json();
  const data = Array.isArray(eventSlug) ? { items: eventSlug.map((slug) => ({ eventSlug: slug })) } : { eventSlug };
  const started = await request.post("/api/atompay", { headers: auth, data });
  expect(started.status()).toBe(201);
  const { merchTxnId, atomTokenId } = await started.json();
  const done = await request.post("/sandbox/atompay/pay/complete", { data: { atomTokenId, outcome } });
  expect(done.status()).toBe(200);
  const { form } = await done.json();
  const back = await request.post("/api/response", {
    form,
    maxRedirects: 0,
    headers: { accept: "text/html", "sec-fetch-mode": "navigate" },
  });
  expect(back.status()).toBe(303);
  return { merchTxnId, anweshaId: who.anweshaId, email: who.email, name: me.user.name };
}

let paid: Made; // code-sprint, success: searched for, exported
let withFee: Made; // solo-singing, success with a surcharge
let declined: Made; // code-sprint, failed
let cancelled: Made; // code-sprint, cancelled
let atBank: Made; // solo-singing, pending at the bank (the status API says success)
let stuck: Made; // code-sprint, pending at the bank: for the bulk re-check
let toRefund: Made; // code-sprint, success: refunded in two steps
let basket: Made; // code-sprint and solo-singing in one payment, success

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ playwright }) => {
  const request = await playwright.request.newContext({ baseURL: BASE });
  paid = await pay(request, "code-sprint", "success");
  withFee = await pay(request, "solo-singing", "surcharge");
  declined = await pay(request, "code-sprint", "failure");
  cancelled = await pay(request, "code-sprint", "cancel");
  atBank = await pay(request, "solo-singing", "pending");
  stuck = await pay(request, "code-sprint", "pending");
  toRefund = await pay(request, "code-sprint", "success");
  basket = await pay(request, ["code-sprint", "solo-singing"], "success");
  await request.dispose();
});

async function applyFilters(page: Page) {
  await page.getByRole("button", { name: "Apply filters" }).click();
}

const rows = (page: Page) => page.getByRole("region", { name: /Payments matching the filter/ }).locator("tbody tr");

test("organiser: the list, its filters in the URL, search, sort, pages, totals and the per-event chart", async ({ page }) => {
  await signIn(page, DEMO.organiser);
  await page.goto("/organiser/payments");
  await expect(page.getByRole("heading", { name: "Payments", exact: true })).toBeVisible();
  await expect(page.getByTestId("result-count")).toContainText("rows match");
  await expect(page.getByTestId("page-count")).toHaveText(/^Page 1 of \d+$/);
  await expect(page.getByRole("table")).toBeVisible();
  await expect(page.getByRole("figure", { name: /Registrations/ })).toContainText("Code Sprint");
  await expect(page.getByRole("figure", { name: /Money collected/ })).toContainText("Solo Singing");
  await shot(page, "organiser-payments-list");
  await page.getByTestId("event-chart").screenshot({ path: "test-results/screenshots/organiser-event-chart.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/organiser/payments");
  // On a phone the filters and the totals fold away, so the first result is on the first screen; the page is
  // never wider than the phone (the table scrolls inside its own box).
  await expect(page.getByText(/^More filters/)).toBeVisible();
  await expect(page.getByLabel("Event", { exact: true })).toBeHidden();
  await expect(page.getByText(/^Show totals: \d+ rows, net ₹/)).toBeVisible();
  await expect(page.getByTestId("total-collected")).toBeHidden();
  const firstRowTop = await rows(page)
    .first()
    .evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  expect(firstRowTop).toBeLessThan(844);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, "organiser-payments-mobile");
  await page.getByText(/^More filters/).click();
  await expect(page.getByLabel("Event", { exact: true })).toBeVisible();
  await page.getByText(/^Show totals/).click();
  await expect(page.getByTestId("total-collected")).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.reload();
  // On a laptop too the filters fold (issue 24): open, they would fill the first screen.
  await expect(page.getByLabel("Event", { exact: true })).toBeHidden();
  await page.getByText(/^More filters/).click();
  await expect(page.getByLabel("Event", { exact: true })).toBeVisible();

  // Filter: failed payments of Code Sprint. The filter lands in the URL.
  await page.getByLabel("Event", { exact: true }).selectOption("code-sprint");
  await page.getByRole("checkbox", { name: "Failed" }).check();
  await applyFilters(page);
  await expect(page).toHaveURL(/event=code-sprint/);
  await expect(page).toHaveURL(/status=failed/);
  await expect(rows(page).first()).toBeVisible();
  const statuses = await rows(page).locator("td:nth-child(4)").allInnerTexts();
  expect(statuses.length).toBeGreaterThan(0);
  expect(statuses.every((s) => s.startsWith("Failed"))).toBe(true);
  await expect(page.getByRole("link", { name: declined.name, exact: true })).toBeVisible();
  await expect(page.getByTestId("status-total-success")).toHaveText(/^Paid\s*0\s*₹0\.00$/);

  // Search by Anwesha ID (with the other filters cleared): exactly that attendee.
  await page.goto("/organiser/payments");
  await page.getByLabel("Search").fill(paid.anweshaId.toLowerCase());
  await applyFilters(page);
  await expect(page).toHaveURL(new RegExp(`q=${paid.anweshaId.toLowerCase()}`));
  await expect(page.getByTestId("result-count")).toHaveText("1 row matches this filter; showing 1 on this page.");
  await expect(page.getByTestId("page-count")).toHaveText("Page 1 of 1");
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText(paid.merchTxnId);
  await expect(rows(page).first()).toContainText(paid.email);
  await expect(page.getByTestId("total-collected")).toHaveText("₹250.00");
  // The view is shareable: a reload (or a colleague opening the link) shows the same.
  await page.reload();
  await expect(rows(page)).toHaveCount(1);
  await expect(page.getByLabel("Search")).toHaveValue(paid.anweshaId.toLowerCase());

  // Search by merchTxnId, and a search that finds nothing.
  await page.goto(`/organiser/payments?q=${withFee.merchTxnId}`);
  await expect(rows(page)).toHaveCount(1);
  // The ₹150 fee, and the sandbox's 2% convenience fee shown apart from it (and counted apart in the totals).
  await expect(rows(page).first()).toContainText("₹150.00");
  await expect(rows(page).first()).toContainText("+ surcharge ₹3.00");
  await expect(rows(page).first()).toContainText("Net banking");
  await expect(page.getByTestId("total-collected")).toHaveText("₹150.00");
  await expect(page.getByTestId("total-surcharge")).toHaveText("₹3.00");
  await expect(page.getByTestId("total-net")).toHaveText("₹153.00");
  // A basket of two events is two rows, each with the payment's ids.
  await page.goto(`/organiser/payments?q=${basket.merchTxnId}`);
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByTestId("result-count")).toHaveText("2 rows match this filter; showing 2 on this page.");
  for (const text of ["Code Sprint", "Solo Singing"]) await expect(rows(page).filter({ hasText: text })).toHaveCount(1);
  await expect(rows(page).filter({ hasText: basket.merchTxnId })).toHaveCount(2);
  await expect(rows(page).filter({ hasText: "item 1 of 2" })).toHaveCount(1);
  await expect(rows(page).filter({ hasText: "item 2 of 2" })).toHaveCount(1);
  await expect(page.getByTestId("total-collected")).toHaveText("₹400.00");
  await page.goto(`/organiser/payments?q=${basket.merchTxnId}&event=solo-singing`);
  await expect(rows(page)).toHaveCount(1);
  await expect(page.getByTestId("total-collected")).toHaveText("₹150.00");
  await page.goto("/organiser/payments?q=nobody-has-this-name-zz");
  await expect(page.getByTestId("result-count")).toHaveText("Nothing matches this filter.");
  await expect(page.getByRole("table")).toHaveCount(0);

  // Sorting from the column header, and keyset pages two at a time (over this file's own attendees only).
  await page.goto("/organiser/payments?q=E2E%20org&limit=2");
  await page.getByRole("link", { name: /^Amount/ }).click();
  await expect(page).toHaveURL(/sort=amount/);
  await expect(page.getByRole("columnheader", { name: /Amount/ })).toHaveAttribute("aria-sort", "descending");
  const first = await rows(page).locator("td:first-child a").allInnerTexts();
  const pagesText = ((await page.getByTestId("page-count").textContent()) ?? "").replace("Page 1 of ", "");
  await page.getByRole("link", { name: "Next page →" }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByTestId("page-count")).toHaveText(`Page 2 of ${pagesText}`);
  const second = await rows(page).locator("td:first-child a").allInnerTexts();
  expect(second).toHaveLength(2);
  expect(second.some((n) => first.includes(n))).toBe(false);
  await page.getByRole("link", { name: "← Previous page" }).click();
  await expect(page).toHaveURL(/before=/);
  expect(await rows(page).locator("td:first-child a").allInnerTexts()).toEqual(first);
  await expect(page.getByTestId("page-count")).toHaveText(`Page 1 of ${pagesText}`);

  // Nonsense in the URL is named and ignored, never an error page.
  const res = await page.goto("/organiser/payments?status=paid&from=2026-02-30&after=garbage");
  expect(res?.status()).toBe(200);
  await expect(page.getByText("Some of the filter was not understood and is ignored")).toBeVisible();
});

test("organiser: open a payment, re-check it with AtomPay, and see the timeline", async ({ page }) => {
  await signIn(page, DEMO.organiser);
  await page.goto(`/organiser/payments?q=${atBank.anweshaId}`);
  await rows(page).first().getByRole("link", { name: atBank.name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/organiser/payments/${atBank.merchTxnId}$`));
  await expect(page.getByRole("heading", { name: new RegExp(atBank.merchTxnId) })).toBeVisible();
  await expect(page.getByTestId("payment-status")).toHaveText("Pending");
  await expect(page.getByTestId("timeline")).toContainText("From AtomPay");
  await expect(page.getByTestId("last-checked")).toHaveText("—");

  await page.getByRole("button", { name: "Re-check with AtomPay" }).click();
  await expect(page.getByTestId("recheck-result")).toContainText("moved from Pending to Paid");
  await expect(page.getByTestId("payment-status")).toHaveText("Paid");
  await expect(page.getByTestId("last-checked")).toHaveText(/^\d{1,2}\s\w{3}\s\d{4}, \d{1,2}:\d{2}\s(am|pm)\sIST$/);
  // Asking again changes nothing, and still says when we last asked.
  await page.getByRole("button", { name: "Re-check with AtomPay" }).click();
  await expect(page.getByTestId("recheck-result")).toContainText("no change, still Paid");
  await expect(page.getByTestId("last-checked")).not.toHaveText("—");
  await expect(page.getByText("Net banking")).toBeVisible();
  const timeline = page.getByTestId("timeline");
  await expect(timeline).toContainText("Sent to AtomPay: status API (TXNVERIFICATION)");
  await expect(timeline).toContainText("Re-checked with AtomPay");
  await expect(timeline).toContainText(`by Omar Organiser`);
  // Secrets never reach the page: the request's password is redacted.
  await timeline.getByText("Show details").first().click();
  expect(await page.content()).not.toContain("Test@123");
  await shot(page, "organiser-payment-detail");
});

test("organiser: bulk re-check of stuck pending attempts shows progress", async ({ page }) => {
  await signIn(page, DEMO.organiser);
  await page.goto(`/organiser/payments?q=${stuck.anweshaId}&pendingOver=0`);
  await expect(rows(page)).toHaveCount(1);
  await page.getByRole("button", { name: "Re-check 1 stuck pending" }).click();
  await expect(page.getByTestId("bulk-recheck-status")).toContainText("Done: re-checked 1 of 1; 1 changed (Paid: 1)");
  await expect(page.getByRole("button", { name: "No stuck pending attempts" })).toBeDisabled();
  await page.goto(`/organiser/payments?q=${stuck.anweshaId}`);
  await expect(rows(page).first()).toContainText("Paid");
});

test("organiser: refund part, refuse too much, refund the rest — with a confirmation step", async ({ page }) => {
  await signIn(page, DEMO.organiser);
  await page.goto(`/organiser/payments/${toRefund.merchTxnId}`);
  await expect(page.getByTestId("payment-status")).toHaveText("Paid");

  await page.getByRole("button", { name: "Refund this item…" }).click();
  await page.getByRole("radio", { name: "Partial refund" }).check();
  await page.getByLabel("Amount to refund (₹)").fill("100");
  await page.getByLabel("Reason").fill("Asked to withdraw before the event");
  await page.getByRole("button", { name: "Review refund" }).click();
  await expect(page.getByText(`Refund ₹100.00 to ${toRefund.name}?`)).toBeVisible();
  await page.getByRole("button", { name: "Confirm refund of ₹100.00" }).click();
  await expect(page.getByTestId("refund-result")).toContainText("AtomPay accepted the refund of ₹100.00");
  // Not "Paid" any more: the badge says what happened to the money (the amount is in "Refunded" below).
  await expect(page.getByTestId("payment-status")).toHaveText("Partly refunded");
  await expect(page.getByTestId("refunded-amount")).toHaveText("₹100.00");
  await expect(page.getByRole("region", { name: /Refunds of this payment/ })).toContainText("Asked to withdraw before the event");

  // More than what remains: refused in the form...
  await page.getByRole("radio", { name: "Partial refund" }).check();
  await page.getByLabel("Amount to refund (₹)").fill("150.01");
  await page.getByLabel("Reason").fill("Too much");
  await page.getByRole("button", { name: "Review refund" }).click();
  await expect(page.getByText("At most ₹150.00 can still be refunded.")).toBeVisible();
  // ...and by the server, with nothing sent.
  const tooMuch = await page.request.post(`/api/organiser/payments/${toRefund.merchTxnId}/refund`, {
    headers: { origin: BASE },
    data: { amountPaise: 15_001, reason: "Too much" },
  });
  expect(tooMuch.status()).toBe(422);
  expect((await tooMuch.json()).error.message).toContain("The most that can still be refunded is ₹150.00");

  await page.getByRole("radio", { name: /Full refund of what remains \(₹150\.00\)/ }).check();
  await page.getByLabel("Reason").fill("Event slot cancelled");
  await page.getByRole("button", { name: "Review refund" }).click();
  await page.getByRole("button", { name: "Go back" }).click();
  await page.getByRole("button", { name: "Review refund" }).click();
  await page.getByRole("button", { name: "Confirm refund of ₹150.00" }).click();
  await expect(page.getByTestId("refund-result")).toContainText("fully refunded");
  await expect(page.getByTestId("payment-status")).toHaveText("Refunded");
  await expect(page.getByTestId("refunded-amount")).toHaveText("₹250.00");
  await expect(page.getByText("Nothing is left to refund on this payment.")).toBeVisible();
  await expect(page.getByTestId("timeline")).toContainText("Refund accepted by AtomPay");
  await shot(page, "organiser-refund");

  // The list shows it too: a fully refunded item reads Refunded, not Paid.
  await page.goto(`/organiser/payments?q=${toRefund.merchTxnId}`);
  await expect(rows(page).first().locator("td:nth-child(4)")).toHaveText("Refunded");
  await expect(page.getByTestId("total-refunded")).toHaveText("₹250.00");
  await expect(page.getByTestId("total-net")).toHaveText("₹0.00");
});

test("organiser: export the filtered list as CSV, for an accountant", async ({ page }) => {
  await signIn(page, DEMO.organiser);
  await page.goto(`/organiser/payments?q=${paid.anweshaId}`);
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: /Export CSV/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^anwesha-payments-\d{4}-\d{2}-\d{2}-\d{4}-IST\.csv$/);
  const { header, records } = csvRecords(readFileSync((await download.path())!, "utf8"));
  expect(header.slice(0, 4)).toEqual(["Payment ID (merchTxnId)", "Item", "Status", "Registration"]);
  expect(header).toContain("Paid (₹)");
  expect(header).toContain("Surcharge (₹)");
  expect(header).toContain("Created date (IST)");
  expect(header).toContain("Created time (IST)");
  expect(records).toHaveLength(1);
  const row = records[0]!;
  expect(row["Payment ID (merchTxnId)"]).toBe(paid.merchTxnId);
  expect([row.Item, row.Status, row.Registration, row.Event, row.Kind]).toEqual(["1 of 1", "Paid", "Registered", "Code Sprint", "Solo"]);
  expect([row["Paid (₹)"], row["Surcharge (₹)"], row["Refunded (₹)"], row["Net (₹)"]]).toEqual(["250.00", "0.00", "0.00", "250.00"]);
  expect(row["Payment mode"]).toBe("Net banking");
  // Phones and AtomPay's ids stay text in a spreadsheet; dates and times are India time, the time in its own column.
  expect(row.Phone).toMatch(/^="9\d{9}"$/);
  expect(row["AtomPay transaction ID"]).toMatch(/^="\d+"$/);
  expect(row["Created date (IST)"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(row["Created time (IST)"]).toMatch(/^\d{2}:\d{2}:\d{2}$/);

  // A basket is a row per event, and the rows add up to what the console says.
  const basketCsv = csvRecords(await (await page.request.get(`/organiser/payments/export?q=${basket.merchTxnId}`)).text()).records;
  expect(basketCsv.map((r) => [r.Event, r["Paid (₹)"]]).sort()).toEqual([
    ["Code Sprint", "250.00"],
    ["Solo Singing", "150.00"],
  ]);

  // A status filter: every row has that status and, as no money moved, empty money cells. Bad filters are a 422.
  const failed = await page.request.get("/organiser/payments/export?status=failed&event=code-sprint");
  expect(failed.status()).toBe(200);
  expect(failed.headers()["content-type"]).toContain("text/csv");
  const body = csvRecords(await failed.text()).records;
  expect(body.length).toBeGreaterThan(0);
  expect(body.every((r) => r.Status === "Failed" && r["Paid (₹)"] === "" && r["Net (₹)"] === "")).toBe(true);
  expect(body.some((r) => r["Payment ID (merchTxnId)"] === declined.merchTxnId)).toBe(true);
  expect((await page.request.get("/organiser/payments/export?from=2026-02-30")).status()).toBe(422);
});

test("attendees get 403 everywhere in the console; anonymous visitors sign in first", async ({ page, request }) => {
  await signIn(page, DEMO.attendee);
  for (const path of ["/organiser/payments", `/organiser/payments/${paid.merchTxnId}`, "/organiser/payments/export"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  }
  const attendee = await bearer(request, DEMO.attendee);
  expect((await request.get("/api/organiser/payments", { headers: attendee })).status()).toBe(403);
  expect((await request.get(`/api/organiser/payments/${paid.merchTxnId}`, { headers: attendee })).status()).toBe(403);
  expect((await request.post(`/api/organiser/payments/${paid.merchTxnId}/recheck`, { headers: attendee })).status()).toBe(403);
  expect(
    (
      await request.post(`/api/organiser/payments/${paid.merchTxnId}/refund`, {
        headers: attendee,
        data: { amountPaise: 100, reason: "mine" },
      })
    ).status(),
  ).toBe(403);
  expect((await request.post("/api/organiser/payments/recheck-stuck", { headers: attendee })).status()).toBe(403);
  await shot(page, "organiser-forbidden");

  expect((await request.get("/api/organiser/payments")).status()).toBe(401);
  expect(
    (await request.post(`/api/organiser/payments/${paid.merchTxnId}/refund`, { data: { amountPaise: 100, reason: "anon" } })).status(),
  ).toBe(401);
  const anonymous = await page.context().browser()!.newPage();
  await anonymous.goto(`${BASE}/organiser/payments?status=success`);
  await expect(anonymous).toHaveURL(/\/sign-in\?callbackUrl=%2Forganiser%2Fpayments%3Fstatus%3Dsuccess/);
  await anonymous.close();
});

test("organiser APIs: bad input is 4xx, cross-site posts are refused, nothing is a 500", async ({ page, request }) => {
  const organiser = await bearer(request, DEMO.organiser);
  const list = await request.get(`/api/organiser/payments?q=${paid.anweshaId}`, { headers: organiser });
  expect(list.status()).toBe(200);
  const json = await list.json();
  expect(
    json.items.map((p: { merchTxnId: string; eventSlug: string; paidPaise: number }) => [p.merchTxnId, p.eventSlug, p.paidPaise]),
  ).toEqual([[paid.merchTxnId, "code-sprint", 25_000]]);
  expect(json.totals).toMatchObject({ count: 1, collectedPaise: 25_000, surchargePaise: 0, netPaise: 25_000 });
  const basketJson = await (await request.get(`/api/organiser/payments?q=${basket.merchTxnId}`, { headers: organiser })).json();
  expect(basketJson.items.map((p: { merchTxnId: string }) => p.merchTxnId)).toEqual([basket.merchTxnId, basket.merchTxnId]);
  expect(basketJson.totals.count).toBe(2);
  expect((await request.get("/api/organiser/payments?status=paid", { headers: organiser })).status()).toBe(422);
  expect((await request.get("/api/organiser/payments?after=garbage", { headers: organiser })).status()).toBe(422);
  expect((await request.get("/api/organiser/payments?limit=100000", { headers: organiser })).status()).toBe(422);
  expect((await request.get("/api/organiser/payments/ANWNOSUCHPAYMENT", { headers: organiser })).status()).toBe(404);
  expect((await request.get("/api/organiser/payments/%27%3B--", { headers: organiser })).status()).toBe(404);
  const refund = (data: unknown, headers: Record<string, string> = {}) =>
    request.post(`/api/organiser/payments/${cancelled.merchTxnId}/refund`, {
      headers: { ...organiser, ...headers },
      data: data as Record<string, unknown>,
    });
  expect((await refund({ amountPaise: 0, reason: "zero" })).status()).toBe(422);
  expect((await refund({ amountPaise: 100 })).status()).toBe(422);
  expect((await refund({ amountPaise: 100, reason: "not paid" })).status()).toBe(409);
  expect(
    (
      await request.post(`/api/organiser/payments/${paid.merchTxnId}/refund`, {
        headers: { ...organiser, "content-type": "text/plain" },
        data: "amount=1",
      })
    ).status(),
  ).toBe(415);
  expect(
    (
      await request.post(`/api/organiser/payments/${paid.merchTxnId}/refund`, {
        headers: { ...organiser, "content-type": "application/json" },
        data: Buffer.from("{not json"),
      })
    ).status(),
  ).toBe(400);
  expect((await request.post("/api/organiser/payments/ANWNOSUCHPAYMENT/recheck", { headers: organiser })).status()).toBe(404);
  expect((await request.post("/api/organiser/payments/recheck-stuck?status=nope", { headers: organiser })).status()).toBe(422);

  // With the session cookie (a browser), a post from another site is refused before anything happens.
  await signIn(page, DEMO.organiser);
  const forged = await page.request.post(`/api/organiser/payments/${paid.merchTxnId}/refund`, {
    headers: { origin: "https://evil.example" },
    data: { amountPaise: 25_000, reason: "forged" },
  });
  expect(forged.status()).toBe(403);
  expect(
    (
      await page.request.post(`/api/organiser/payments/${paid.merchTxnId}/recheck`, { headers: { origin: "https://evil.example" } })
    ).status(),
  ).toBe(403);
  const mine = await page.request.post(`/api/organiser/payments/${paid.merchTxnId}/recheck`, { headers: { origin: BASE } });
  expect(mine.status()).toBe(200);
  expect(await mine.json()).toMatchObject({ from: "success", to: "success", changed: false });
});
