// Issue 24's last look, in Chromium against the production build: what the screenshot walk found that a person would
// trip on. A hidden event's console page says the same thing as the button beside it; AtomPay not answering is one
// sentence on the payment page; a lakh of rupees stays on one line beside its label in the console's totals; and
// a check-in an organiser undid, as the door and the attendee's pass then show it (axe at both sizes, both schemes).
import { expect, type Locator, type Page, test } from "@playwright/test";
import { axeBothSizes, bearer, DEMO, newAttendee, payByApi, signIn } from "./helpers";

test.describe.configure({ timeout: 240_000 });

const sandbox = (page: Page, data: Record<string, unknown>) => page.request.post("/sandbox/atompay/scenarios", { data });

test("a hidden event's registration card says what the button beside it changes", async ({ page, request }) => {
  const organiser = await bearer(request, DEMO.organiser);
  const copy = await request.post("/api/organiser/events/solo-singing/duplicate", { headers: organiser, data: {} });
  expect(copy.status(), await copy.text()).toBe(201);
  const slug = (await copy.json()).event.slug as string;

  await signIn(page, DEMO.organiser, `/organiser/events/${slug}`);
  const card = page
    .locator("section, div")
    .filter({ has: page.getByRole("heading", { name: "Registration", exact: true }) })
    .last();
  await expect(page.getByTestId("visibility-state")).toContainText("Not listed");
  // Hidden but not closed: not "Registration closed" beside "Close registration".
  await expect(card.getByRole("button", { name: "Close registration" })).toBeVisible();
  await expect(card).not.toContainText("Registration closed");
  await expect(card).toContainText("Paused while hidden");
  await expect(page.getByTestId("registration-state")).toHaveText(/^Nobody can register while the event is hidden; once shown, open/);
  await axeBothSizes(page, "a hidden event's console page");

  // Closed as well: now the words say closed, beside "Reopen registration".
  page.once("dialog", (d) => void d.accept());
  await card.getByRole("button", { name: "Close registration" }).click();
  await expect(card.getByRole("button", { name: "Reopen registration" })).toBeVisible();
  await expect(card).toContainText("Registration closed");
  await expect(page.getByTestId("registration-state")).toHaveText(/^Closed by organisers since .+; the event is hidden too$/);
});

test("AtomPay not answering is one sentence on the payment page: when we last heard from it and when we ask again", async ({
  page,
  request,
}) => {
  const who = await newAttendee(request, "down");
  const started = await request.post("/api/atompay", { headers: await bearer(request, who), data: { eventSlug: "code-sprint" } });
  expect(started.status()).toBe(201);
  const { merchTxnId } = await started.json();
  await sandbox(page, { reset: true });
  try {
    await signIn(page, who, `/payments/${merchTxnId}`);
    const deciding = page.getByTestId("deciding");
    // The page's first check (8 s after opening) is answered.
    await expect(deciding).toContainText(/Last asked at/, { timeout: 20_000 });
    expect((await sandbox(page, { status: "down" })).status()).toBe(200);
    // The next (15 s later) is not: the line that said "Last asked at" now says the gateway is not answering.
    const words =
      /^AtomPay is not answering; we last heard from it at \d{1,2}:\d{2}\s[ap]m\sIST and will try again at \d{1,2}:\d{2}\s[ap]m\sIST\. Your payment is safe/;
    await expect(deciding).toContainText(words, { timeout: 40_000 });
    await expect(page.getByText(/Last asked at/)).toHaveCount(0);
    await expect(page.getByText(/AtomPay is not answering/)).toHaveCount(1);
    // Times never break inside: no plain space before "am"/"pm" anywhere on the page.
    expect(await page.locator("body").textContent()).not.toMatch(/\d [ap]m\b/);
    await axeBothSizes(page, "the payment page with AtomPay not answering");
  } finally {
    await sandbox(page, { reset: true });
  }
});

/** How many lines an element's text takes. */
function linesOf(element: Locator) {
  return element.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  });
}

/** Whether a figure's amount sits on its label's line, on one line, inside its card. */
async function figureFits(figure: Locator) {
  return figure.evaluate((dd) => {
    const card = dd.parentElement!.getBoundingClientRect();
    const label = dd.parentElement!.querySelector("dt")!.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(dd);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    const box = dd.getBoundingClientRect();
    return { lines, besideLabel: box.top < label.bottom && box.left >= label.right - 1, inside: box.right <= card.right + 0.5 };
  });
}

test("the console's totals keep a lakh of rupees on one line beside its label, on a laptop and a phone", async ({ page, request }) => {
  // One payment of ₹1,00,000.00 for an event that costs that much.
  const organiser = await bearer(request, DEMO.organiser);
  const slug = `lakh-${Date.now().toString(36)}`;
  const made = await request.post("/api/organiser/events", {
    headers: organiser,
    data: { slug, name: "Grand Hackathon", kind: "solo", feePaise: 10_000_000, startsAt: "2027-01-15T10:00:00+05:30", venue: "Main Hall" },
  });
  expect(made.status(), await made.text()).toBe(201);
  const who = await newAttendee(request, "lakh");
  await payByApi(request, await bearer(request, who), { eventSlug: slug });
  // Hidden once paid for: the other specs count the events the home page lists.
  expect((await request.post(`/api/organiser/events/${slug}/visibility`, { headers: organiser, data: { hidden: true } })).status()).toBe(
    200,
  );

  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, DEMO.organiser, `/organiser/payments?event=${slug}`);
  await expect(page.getByTestId("total-collected")).toHaveText("₹1,00,000.00");
  for (const id of ["rows", "collected", "surcharge", "refunded", "net"]) {
    expect(await figureFits(page.getByTestId(`total-${id}`)), `${id} at 1366 px`).toEqual({ lines: 1, besideLabel: true, inside: true });
  }
  const paid = page.getByTestId("status-total-success");
  await expect(paid).toContainText("₹1,00,000.00");
  expect((await paid.boundingBox())!.height, "the paid rows' figure on one line").toBeLessThan(30);

  // In the dark scheme the per-event bars' empty track is dark too (a light track read as a full bar).
  const track = page.getByTestId("bar-track").first();
  // The track's colour as 0–255 grey: painted on a canvas, whatever colour syntax the style gives.
  const brightness = () =>
    track.evaluate((el) => {
      const ctx = document.createElement("canvas").getContext("2d")!;
      ctx.fillStyle = getComputedStyle(el).fill;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
      return (r! + g! + b!) / 3;
    });
  expect(await brightness(), "the bar's track in the light scheme").toBeGreaterThan(200);
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await brightness(), "the bar's track in the dark scheme").toBeLessThan(80);
  await page.emulateMedia({ colorScheme: "light" });

  // On a phone the totals open under their fold, each amount on one line inside its card.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await page.getByTestId("totals-fold").locator("summary").click();
  for (const id of ["collected", "net"]) {
    const fit = await figureFits(page.getByTestId(`total-${id}`));
    expect({ lines: fit.lines, inside: fit.inside }, `${id} at 390 px`).toEqual({ lines: 1, inside: true });
  }
});

test("a check-in an organiser undid: the door says so and lets them in again; the attendee's pass still works", async ({
  page,
  request,
  browser,
}) => {
  // A long name, as people have: the holder's cell wraps on a phone.
  const who = await newAttendee(request, "Sharma-Raghunathan-undone");
  const merchTxnId = await payByApi(request, await bearer(request, who), { eventSlug: "solo-singing" });
  const slug = "solo-singing";

  await signIn(page, DEMO.organiser, `/checkin?event=${slug}`);
  await page.getByLabel("Anwesha ID", { exact: true }).fill(who.anweshaId);
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await expect(page.getByTestId("door-result")).toHaveAttribute("data-result", "admitted");

  await page.goto(`/organiser/checkin?event=${slug}&checkedIn=yes`);
  // On phones the holder's Anwesha ID stays whole ("ANW-" broke from the rest at its hyphen): at every width from
  // 320 to 440 px, wherever the holder's line happens to end.
  const holderId = page.locator("td span.font-mono", { hasText: who.anweshaId }).first();
  for (let width = 320; width <= 440; width += 4) {
    await page.setViewportSize({ width, height: 844 });
    expect(await linesOf(holderId), `the holder's Anwesha ID at ${width} px`).toBe(1);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  const row = page.getByRole("row").filter({ hasText: who.anweshaId });
  await row.getByText("Undo a check-in").click();
  await row.getByLabel(/Why undo .*check-in\?/).fill("Scanned the wrong person");
  await row.getByRole("button", { name: "Undo check-in" }).click();
  await expect(page.getByRole("row").filter({ hasText: who.anweshaId })).toHaveCount(0);
  // The counts at the top are drawn with the list: not the count from before the undo until their next poll.
  const shown = await page.getByTestId(`door-count-${slug}`).locator("td").nth(2).textContent();
  const { events } = await (await page.request.get("/api/organiser/checkin")).json();
  const now = (events as { slug: string; checkedIn: number; people: number }[]).find((e) => e.slug === slug)!;
  expect(shown, "people in at the door, right after the undo").toBe(`${now.checkedIn} of ${now.people}`);

  // The door's log says so, and the pass lets them in again.
  await page.goto(`/checkin?event=${slug}`);
  await expect(page.getByTestId("scan-undone")).toContainText(/Check-in undone at .+\sIST by .+: Scanned the wrong person/);
  await axeBothSizes(page, "the door after an undone check-in");

  // The attendee's receipt shows the pass as before: nothing about the undone check-in stands in its way.
  const theirs = await browser.newContext();
  const mine = await theirs.newPage();
  await signIn(mine, who, `/payments/${merchTxnId}`);
  await expect(mine.getByRole("article", { name: /^Entry pass for / })).toBeVisible();
  await axeBothSizes(mine, "the attendee's pass after an undone check-in");
  await theirs.close();

  await page.getByLabel("Anwesha ID", { exact: true }).fill(who.anweshaId);
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await expect(page.getByTestId("door-result")).toHaveAttribute("data-result", "admitted");
});

test("a failed attempt whose event was paid by a later payment does not offer to try again", async ({ page, request }) => {
  const who = await newAttendee(request, "retry");
  const auth = await bearer(request, who);
  const failed = await payByApi(request, auth, { eventSlug: "code-sprint" }, "failure");
  await payByApi(request, auth, { eventSlug: "code-sprint" });

  await signIn(page, who, `/payments/${failed}`);
  await expect(page.getByText(/^Already paid: this event was paid by another payment/)).toBeVisible();
  await expect(page.getByTestId("payment-status")).toContainText("The payment failed.");
  // Not "You can try again, or pay with another card" above "nothing more to pay".
  await expect(page.getByText(/try again/i)).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Try again" })).toHaveCount(0);
});
