// Issue 24's "Unclear" paragraph, walked in Chromium: each thing that was unclear now says what it means, at a phone
// (390 × 844) and a laptop (1366 × 768), light and dark, with axe finding nothing on each page shown.
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { bearer, DEMO, E2E_PORT, newAttendee, openCheckout, payByApi, shot, signIn } from "./helpers";

const BASE = `http://localhost:${E2E_PORT}`;
// Each walk takes its pages at two sizes in two schemes, with axe on each: more than the default minute.
test.describe.configure({ timeout: 180_000 });
const SIZES = [
  ["phone", 390, 844],
  ["laptop", 1366, 768],
] as const;

/** The page at both sizes in both schemes, saved as walk-<name>-<size>-<scheme>.png; axe must find nothing. */
async function shots(page: Page, name: string, opts: { fullPage?: boolean } = {}) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [size, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      if (opts.fullPage === false) await page.screenshot({ path: `test-results/screenshots/walk-${name}-${size}-${scheme}.png` });
      else await shot(page, `walk-${name}-${size}-${scheme}`);
    }
    const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(
      violations.map((v) => `${v.id}: ${v.nodes[0]?.target.join(" ")}`),
      `axe on ${name} (${scheme})`,
    ).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function organiserToken(request: APIRequestContext) {
  return { ...(await bearer(request, DEMO.organiser)), origin: BASE };
}

test("a team event's fee says per team; a solo event's per person (home card and event page)", async ({ page }) => {
  await page.goto("/");
  const card = (name: string) => page.getByRole("link").filter({ has: page.getByRole("heading", { name }) });
  await expect(card("Robo Wars").getByTestId("event-fee")).toHaveText(/₹1,200\.00\s*per team/);
  await expect(card("Code Sprint").getByTestId("event-fee")).toHaveText(/₹250\.00\s*per person/);
  await shots(page, "home-fees");
  await page.goto("/events/robo-wars");
  await expect(page.getByTestId("event-fee")).toContainText("per team");
  await expect(page.getByTestId("event-fee")).toContainText("The captain pays once for the whole team.");
  await shots(page, "event-team-fee");
});

test("a failed payment says why: an invalid CVV is not a bank decline", async ({ page, request }) => {
  const who = await newAttendee(request, "why");
  await signIn(page, who, "/events/code-sprint");
  const frame = await openCheckout(page, /Pay ₹250.00/);
  await frame.getByLabel("Failure: invalid CVV (OTS0634)").check();
  await frame.getByRole("button", { name: "Pay ₹250.00" }).click();
  const status = page.getByTestId("payment-status");
  await expect(status).toContainText("The card details were not accepted: the CVV was wrong. No money was taken.");
  await expect(status).toContainText("Check the card details and try again.");
  await expect(status).not.toContainText("declined");
  await shots(page, "failed-cvv");
  // The event page's last attempt says it too.
  await page.goto("/events/code-sprint");
  await expect(page.getByTestId("last-attempt")).toContainText("the CVV was wrong");

  const declined = await payByApi(request, await bearer(request, who), { eventSlug: "code-sprint" }, "failure");
  await page.goto(`/payments/${declined}`);
  await expect(status).toContainText("Your bank or the gateway declined the payment. No money was taken.");
  await expect(status).toContainText("pay with another card, bank or UPI");
  await expect(status).not.toContainText("card details");
});

test("a refunded receipt gives the refund's date, amount and reason, and when the money reaches the bank", async ({ page, request }) => {
  const who = await newAttendee(request, "refunded");
  const paid = await payByApi(request, await bearer(request, who), { eventSlug: "solo-singing" });
  const refund = await request.post(`/api/organiser/payments/${paid}/refund`, {
    headers: await organiserToken(request),
    data: { amountPaise: 15_000, reason: "The event was moved to a day you cannot come" },
  });
  expect(refund.status(), await refund.text()).toBe(201);
  await signIn(page, who, `/payments/${paid}`);
  const refunds = page.getByTestId("refunds");
  await expect(refunds).toContainText(/₹150\.00 refunded for Solo Singing on \d{1,2}\s\w{3}\s\d{4}, \d{1,2}:\d{2}\s[ap]m\sIST\./);
  await expect(refunds).toContainText("Reason: The event was moved to a day you cannot come");
  await expect(refunds).toContainText("The money reaches your bank account in 5–7 working days.");
  await shots(page, "refunded-receipt");
});

test("the pass on a page that fills the screen, left by Close, Esc or back; the basket receipt is titled by its events, passes in date order", async ({
  page,
  request,
}) => {
  // An event that sorts first by name but happens last: the receipt must not follow the names.
  const slug = `aardvark-${Date.now().toString(36)}`;
  const made = await request.post("/api/organiser/events", {
    headers: await organiserToken(request),
    data: { slug, name: "Aardvark Dance", kind: "solo", feePaise: 5_000, startsAt: "2030-01-15T18:00:00+05:30", venue: "Main lawn" },
  });
  expect(made.status(), await made.text()).toBe(201);
  const who = await newAttendee(request, "pass");
  const paid = await payByApi(request, await bearer(request, who), { items: [{ eventSlug: slug }, { eventSlug: "code-sprint" }] });
  await signIn(page, who, `/payments/${paid}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aardvark Dance and Code Sprint");
  const passes = page.getByRole("region", { name: "Entry passes" }).getByRole("article");
  await expect(passes).toHaveCount(2);
  await expect(passes.nth(0)).toHaveAccessibleName("Entry pass for Code Sprint");
  await expect(passes.nth(1)).toHaveAccessibleName("Entry pass for Aardvark Dance");
  await expect(page.getByRole("button", { name: "Show full screen" })).toHaveCount(0);
  await shots(page, "basket-receipt");

  const full = page.getByRole("dialog", { name: "Entry pass for Code Sprint" });
  const open = async () => {
    await passes.nth(0).getByRole("button", { name: "Show pass full screen" }).click();
    await expect(full).toBeVisible();
  };
  await open();
  // It fills the screen (no Fullscreen API involved), with its code and a way out that has the focus.
  const box = (await full.boundingBox())!;
  expect([box.x, box.y, box.width, box.height]).toEqual([0, 0, 1280, 800]);
  await expect(full.getByRole("img", { name: "QR code of the entry pass for Code Sprint" })).toBeVisible();
  await expect(full.getByRole("button", { name: "Close" })).toBeFocused();
  expect(await page.evaluate(() => document.fullscreenElement)).toBeNull();
  await shots(page, "pass-full-screen", { fullPage: false });
  await full.getByRole("button", { name: "Close" }).click();
  await expect(full).toBeHidden();
  await open();
  await page.keyboard.press("Escape");
  await expect(full).toBeHidden();
  await open();
  await page.goBack();
  await expect(full).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`/payments/${paid}$`));
  await expect(passes).toHaveCount(2);
});

test("account settings say what API tokens are; no mobile app", async ({ page, request }) => {
  const who = await newAttendee(request, "tokens");
  await signIn(page, who, "/me/account");
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
  await expect(page.getByTestId("api-tokens-explained")).toContainText("lets a program");
  await expect(page.getByText("You have no API tokens: no program is signed in as you.")).toBeVisible();
  await expect(page.getByText(/mobile app|Signed-in apps/)).toHaveCount(0);
  await shots(page, "account-api-tokens");
});

test("after signing in: invitees land on their invitations, organisers on the console, others back where they were", async ({
  page,
  browser,
  request,
}) => {
  const captain = await newAttendee(request, "landcap");
  const invitee = await newAttendee(request, "landinv");
  const team = await request.post("/api/teams", {
    headers: await bearer(request, captain),
    data: { eventSlug: "quiz-bowl", name: `Landing ${invitee.anweshaId}`, members: [invitee.anweshaId] },
  });
  expect(team.status()).toBe(201);
  await signIn(page, invitee);
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("heading", { name: "Team invitations" })).toBeVisible();
  // The header counts what waits: the invitation to answer.
  await expect(page.getByTestId("nav-invitations")).toHaveAccessibleName(/^Invitations ?, 1 to answer$/);
  await shots(page, "landed-invitations");

  // On the event page: Accept, without "Create your team" beside it (it is folded away).
  await page.goto("/events/quiz-bowl");
  await expect(page.getByRole("button", { name: "Accept" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Create your team" })).toBeHidden();
  await expect(page.getByText("Start a team of your own instead")).toBeVisible();
  await shots(page, "invitee-event");

  const organiser = await browser.newPage();
  await signIn(organiser, DEMO.organiser);
  await expect(organiser).toHaveURL(/\/organiser\/payments$/);
  await organiser.close();

  // Someone else, from an event page through the header's "Sign in": back on that event page.
  const plain = await newAttendee(request, "landplain");
  const other = await browser.newPage();
  await other.goto("/events/code-sprint");
  await other.getByRole("link", { name: "Sign in", exact: true }).click();
  await other.getByLabel("Email").fill(plain.email);
  await other.getByLabel("Password").fill(plain.password);
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByTestId("signed-in-as")).toBeVisible();
  await expect(other).toHaveURL(/\/events\/code-sprint$/);
  // The basket's count in the header.
  await other.getByRole("button", { name: "Add to basket" }).click();
  await expect(other.getByText("Added to your basket.")).toBeVisible();
  await expect(other.getByTestId("nav-basket")).toHaveAccessibleName(/^Basket ?, 1 event$/);
  await other.close();
});

test("organiser: one refund form at a time, nothing preselected; Check-in and Background work are console tabs", async ({
  page,
  request,
}) => {
  const who = await newAttendee(request, "twoitems");
  const paid = await payByApi(request, await bearer(request, who), {
    items: [{ eventSlug: "code-sprint" }, { eventSlug: "solo-singing" }],
  });
  await signIn(page, DEMO.organiser, `/organiser/payments/${paid}`);
  await expect(page.getByRole("radio")).toHaveCount(0);
  const openers = page.getByRole("button", { name: "Refund this item…" });
  await expect(openers).toHaveCount(2);
  await openers.first().click();
  await expect(page.getByRole("radio")).toHaveCount(2);
  await expect(page.getByRole("radio", { checked: true })).toHaveCount(0);
  await page.getByLabel("Reason").fill("Testing the form");
  await page.getByRole("button", { name: "Review refund" }).click();
  await expect(page.getByText("Choose a full or a partial refund.")).toBeVisible();
  await shots(page, "refund-form");
  // Opening the other item's form closes the first.
  await page.getByRole("button", { name: "Refund this item…" }).click();
  await expect(page.getByRole("radio")).toHaveCount(2);
  await expect(page.getByLabel("Reason")).toHaveValue("");

  const tabs = page.getByRole("navigation", { name: "Organiser console" });
  await expect(tabs.getByRole("link")).toHaveText(["Payments", "Events", "Codes", "Settlement", "Check-in", "Desk", "Background work"]);
  await tabs.getByRole("link", { name: "Check-in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check-in" })).toBeVisible();
  await expect(tabs.getByRole("link", { name: "Check-in" })).toHaveAttribute("aria-current", "page");
  await shots(page, "console-checkin-tab");
  await tabs.getByRole("link", { name: "Background work" }).click();
  await expect(tabs.getByRole("link", { name: "Background work" })).toHaveAttribute("aria-current", "page");
});

test("settlement shows refunds and its CSV headers are words; the payments filters leave a laptop's first screen to the results", async ({
  page,
  request,
}) => {
  const who = await newAttendee(request, "settle");
  const paid = await payByApi(request, await bearer(request, who), { eventSlug: "code-sprint" });
  const refund = await request.post(`/api/organiser/payments/${paid}/refund`, {
    headers: await organiserToken(request),
    data: { amountPaise: 5_000, reason: "Part of the fee back" },
  });
  expect(refund.status(), await refund.text()).toBe(201);
  await signIn(page, DEMO.organiser, "/organiser/settlement");
  await expect(page.getByRole("columnheader", { name: "Refunded" })).toBeVisible();
  await expect(page.getByTestId("settlement-total-refunded")).not.toContainText("₹0.00");
  await shots(page, "settlement-refunds");
  const csv = await page.request.get("/organiser/settlement/export");
  expect((await csv.text()).replace(/^\uFEFF/, "").split("\r\n")[0]).toBe(
    "Day (IST),Collected: payments,Collected (₹),Settled by AtomPay: payments,Settled by AtomPay (₹),Not settled yet: payments," +
      "Not settled yet (₹),Reversed by the bank: payments,Reversed by the bank (₹),Refunded: refunds,Refunded (₹)",
  );

  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/organiser/payments");
  await expect(page.getByText(/^More filters/)).toBeVisible();
  await expect(page.getByLabel("Event", { exact: true })).toBeHidden();
  const form = (await page.getByRole("search", { name: "Filter payments" }).boundingBox())!;
  expect(form.height).toBeLessThan(200);
  await shots(page, "payments-filters-folded", { fullPage: false });
});

test("sign-up's welcome keeps the Anwesha ID on one line; Forgot password carries the typed email; /sign-up when signed in; /checkin for non-volunteers", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const email = `walk-${Date.now()}@example.com`;
  await page.goto("/sign-up");
  await page.getByLabel("Full name").fill("Walk Newcomer");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Mobile number").fill(`9${String(Date.now()).slice(-9)}`);
  await page.getByLabel("College").fill("Walk College");
  await page.getByLabel("Password").fill("saffron-kite-harbour-31");
  await page.getByRole("button", { name: /Create/ }).click();
  await expect(page).toHaveURL(/\/sign-in\?/);

  // The email typed on the sign-in page goes along to "Forgot your password?".
  await page.getByLabel("Email").fill(email);
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await shots(page, "forgot-carries-email");
  await page.goBack();

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("saffron-kite-harbour-31");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/me\?welcome=1$/);
  const id = page.locator("main strong.font-mono").first();
  await expect(id).toBeVisible();
  const lines = await id.evaluate((el) => el.getClientRects().length);
  expect(lines).toBe(1);
  await shots(page, "welcome-banner");

  await page.goto("/sign-up");
  await expect(page.getByRole("heading", { name: "You already have an account" })).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Your account" })).toBeVisible();
  await shots(page, "sign-up-signed-in");

  const res = await page.goto("/checkin");
  expect(res?.status()).toBe(403);
  await expect(page.getByText("Checking people in at the door is for festival volunteers and organisers.")).toBeVisible();
  await expect(page.getByText("This page is for festival organisers.")).toHaveCount(0);
  await shots(page, "checkin-not-volunteer");
});
