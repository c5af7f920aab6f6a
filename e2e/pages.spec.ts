// What attendees see, in Chromium: the pending page settling by itself, each payment state's own words and
// actions, "already paid" from another tab, the printable and PDF receipt, the phone header, dark mode.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { extractText, getDocumentProxy } from "unpdf";
import { bearer, newAttendee, openCheckout, payByApi, shot, signIn } from "./helpers";

test("pending at the bank: the page says the bank is deciding and settles by itself within 30 s, no click", async ({ page, request }) => {
  const who = await newAttendee(request, "pending");
  await signIn(page, who, "/events/code-sprint");
  const frame = await openCheckout(page, /Pay ₹250.00/);
  await frame.getByLabel(/Pending at bank/).check();
  await frame.getByRole("button", { name: "Pay ₹250.00" }).click();
  // The bank decided when the sandbox completed the payment; the clock starts now.
  const decidedAt = Date.now();
  // The words come from the state (lib/payments/labels.ts paymentWords): the bank holds it, so no Pay and no "waiting".
  await expect(page.getByTestId("payment-status")).toContainText("Your bank is still deciding this payment");
  const deciding = page.getByTestId("deciding");
  await expect(deciding).toContainText("Your bank is deciding");
  await expect(page.getByText("You can close this page")).toBeVisible();
  // Settling queues a receipt or a "payment failed" mail (the sandbox catches it at /dev/mail), so the page says so.
  await expect(page.getByText("We will email you when the bank decides.")).toBeVisible();
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
  await shot(page, "payment-pending-deciding");
  await expect(page.getByTestId("payment-status")).toContainText("Payment successful", { timeout: 30_000 });
  expect(Date.now() - decidedAt).toBeLessThan(30_000);
  await expect(deciding).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Check again with the bank" })).toHaveCount(0);
  await expect(page.getByText("Paid by")).toBeVisible();
});

test("a failed and a cancelled attempt: no 'Paid by', no 'Check again with the bank', a way to try again", async ({ page, request }) => {
  const who = await newAttendee(request, "ended");
  const auth = await bearer(request, who);
  const failed = await payByApi(request, auth, { eventSlug: "code-sprint" }, "failure");
  const cancelled = await payByApi(request, auth, { eventSlug: "code-sprint" }, "cancel");
  await signIn(page, who);
  for (const [merchTxnId, words] of [
    [failed, "The payment failed. Your bank or the gateway declined the payment. No money was taken."],
    [cancelled, "The payment was cancelled. No money was taken."],
  ] as const) {
    await page.goto(`/payments/${merchTxnId}`);
    await expect(page.getByTestId("payment-status")).toContainText(words);
    await expect(page.getByText("Paid by")).toHaveCount(0);
    await expect(page.getByText("Amount paid")).toHaveCount(0);
    await expect(page.getByText("Started by")).toBeVisible();
    await expect(page.getByText("Fee (not charged)")).toBeVisible();
    await expect(page.getByRole("button", { name: "Check again with the bank" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Print receipt" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Try again" })).toHaveAttribute("href", "/events/code-sprint");
  }
  // Paid meanwhile (here through the API, as from another tab): the failed attempt's page says so instead.
  const paid = await payByApi(request, auth, { eventSlug: "code-sprint" });
  await page.goto(`/payments/${failed}`);
  await expect(page.getByText("Already paid: this event was paid by another payment")).toBeVisible();
  await expect(page.getByRole("link", { name: "Try again" })).toHaveCount(0);
  await page.getByRole("link", { name: "See the receipt" }).click();
  await expect(page).toHaveURL(new RegExp(`/payments/${paid}$`));
  await expect(page.getByTestId("payment-status")).toContainText("Payment successful");
});

test("an event paid in another tab: Pay answers 'already paid' with the receipt, not a big Try again", async ({ page, request }) => {
  const who = await newAttendee(request, "twotabs");
  await signIn(page, who, "/events/solo-singing");
  await expect(page.getByRole("button", { name: "Pay ₹150.00" })).toBeVisible();
  // The other tab pays.
  const paid = await payByApi(request, await bearer(request, who), { eventSlug: "solo-singing" });
  await page.getByRole("button", { name: "Pay ₹150.00" }).click();
  await expect(page.getByText("You have already paid for Solo Singing. Nothing more to pay.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Try again|Pay ₹150.00/ })).toHaveCount(0);
  await page.getByRole("link", { name: "See your receipt" }).click();
  await expect(page).toHaveURL(new RegExp(`/payments/${paid}$`));
});

test("the receipt prints without the page's chrome and downloads as a PDF for the same people only", async ({ page, request, browser }) => {
  const who = await newAttendee(request, "receipt");
  const merchTxnId = await payByApi(request, await bearer(request, who), { eventSlug: "code-sprint" });
  await page.addInitScript(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void (window as unknown as { printed: number }).printed++;
  });
  await signIn(page, who, `/payments/${merchTxnId}`);
  await page.getByRole("button", { name: "Print receipt" }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByRole("button", { name: "Print receipt" })).toBeHidden();
  await expect(page.getByText("Payment receipt ·")).toBeVisible();
  await expect(page.getByText(merchTxnId).first()).toBeVisible();
  await shot(page, "receipt-print");
  await page.emulateMedia({ media: "screen" });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PDF" }).click()]);
  expect(download.suggestedFilename()).toBe(`anwesha-receipt-${merchTxnId}.pdf`);
  const { readFile } = await import("node:fs/promises");
  const bytes = new Uint8Array(await readFile((await download.path())!));
  const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
  expect(text.replace(/\s+/g, " ")).toContain(`Our reference ${merchTxnId}`);
  expect(text).toContain("INR 250.00");

  // Someone else: not found. Nobody signed in: sign in first.
  const stranger = await newAttendee(request, "stranger");
  const other = await request.get(`/payments/${merchTxnId}/receipt.pdf`, { headers: await bearer(request, stranger) });
  expect(other.status()).toBe(404);
  const anonymous = await browser.newContext();
  const anon = await anonymous.request.get(`/payments/${merchTxnId}/receipt.pdf`, { maxRedirects: 0 });
  expect(anon.status()).toBe(303);
  expect(anon.headers().location).toContain(`/sign-in?callbackUrl=%2Fpayments%2F${merchTxnId}`);
  await anonymous.close();
  // A failed attempt has no receipt.
  const failed = await payByApi(request, await bearer(request, who), { eventSlug: "solo-singing" }, "failure");
  expect((await request.get(`/payments/${failed}/receipt.pdf`, { headers: await bearer(request, who) })).status()).toBe(409);
});

test.describe("on a 390 px phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the header keeps 'Sign up' and the Anwesha ID on one line, and the name leads to the account", async ({ page, request }) => {
    await page.goto("/");
    const signUp = page.getByRole("banner").getByRole("link", { name: "Sign up" });
    const oneLine = async (el: typeof signUp) =>
      el.evaluate((node) => {
        const range = document.createRange();
        range.selectNodeContents(node);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      });
    expect(await oneLine(signUp)).toBe(1);
    const who = await newAttendee(request, "phone");
    await signIn(page, who);
    const account = page.getByTestId("signed-in-as");
    expect(await oneLine(account.getByText(who.anweshaId))).toBe(1);
    // Nothing in the page is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await account.click();
    await expect(page).toHaveURL(/\/me$/);
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});

test.describe("in the dark", () => {
  test.use({ colorScheme: "dark" });

  test("pages follow the system's dark setting: dark surfaces, light text", async ({ page }) => {
    await page.goto("/events/code-sprint");
    // Computed colours come back as lab()/oklch(); a canvas turns any CSS colour into sRGB bytes.
    const lightness = await page.evaluate(() => {
      const ctx = document.createElement("canvas").getContext("2d")!;
      const rgb = (css: string) => {
        ctx.clearRect(0, 0, 1, 1);
        ctx.fillStyle = css;
        ctx.fillRect(0, 0, 1, 1);
        const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
        return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
      };
      const body = getComputedStyle(document.body);
      const card = getComputedStyle(document.querySelector("main .rounded-xl")!);
      return { bg: rgb(body.backgroundColor), fg: rgb(body.color), card: rgb(card.backgroundColor) };
    });
    expect(lightness.bg).toBeLessThan(0.15);
    expect(lightness.card).toBeLessThan(0.2);
    expect(lightness.fg).toBeGreaterThan(0.85);
  });
});

test("public/: the favicon, the web manifest (linked from every page) and robots.txt are served", async ({ page, request }) => {
  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect([...(await icon.body()).subarray(0, 4)]).toEqual([0, 0, 1, 0]); // an ICO file's header
  await page.goto("/");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  const manifest = await request.get("/manifest.webmanifest");
  expect(manifest.status()).toBe(200);
  const app = (await manifest.json()) as { name: string; icons: { src: string }[] };
  expect(app.name).toBe("Anwesha Payments");
  for (const { src } of app.icons) expect((await request.get(src)).status(), src).toBe(200);
  const robots = await request.get("/robots.txt");
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toContain("Disallow: /organiser");
});
