// Issue 24's rest, in Chromium against the production build: events found by category with the day and the format
// (the home page, the event page, the console's form and GET /api/events), and the console's payments list showing
// its first rows on a laptop's first screen (1366 × 768) without hurting the phone (390 × 844). Axe on each page
// at both sizes.
import { expect, type Page, test } from "@playwright/test";
import { istDay } from "../lib/format";
import { axeBothSizes, bearer, DEMO, newAttendee, payByApi, signIn } from "./helpers";

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 768 };

test.describe.configure({ timeout: 240_000 });

const cards = (page: Page) => page.getByRole("list", { name: "Events" }).getByRole("heading");

test("the home page finds events by category, with the day and the format; cards and event pages name it", async ({ page }) => {
  await page.goto("/");
  const category = page.getByLabel("Category");
  // The categories the listed events have, after "All categories"; none that would find nothing.
  await expect(category.locator("option")).toHaveText(["All categories", "Technical", "Cultural", "Literary", "Workshop", "Other"]);
  await expect(page.getByRole("listitem").filter({ hasText: "Code Sprint" })).toContainText("Technical");

  // By keyboard: the category box is reached with Tab from the search and changed with the arrow keys.
  await page.getByRole("searchbox", { name: "Search events" }).focus();
  await page.keyboard.press("Tab");
  await expect(category).toBeFocused();
  await category.selectOption("technical");
  await page.getByRole("button", { name: "Show events" }).click();
  await expect(page).toHaveURL(/[?&]category=technical(&|$)/);
  await expect(cards(page)).toHaveText(["Hackathon", "Code Sprint", "Robo Wars"]);
  await expect(page.getByTestId("finder-count")).toHaveText("3 events match Technical events.");
  await expect(category).toHaveValue("technical");

  // With the format: technical team events.
  await page.getByLabel("Format").selectOption("team");
  await page.getByRole("button", { name: "Show events" }).click();
  await expect(page).toHaveURL(/category=technical&kind=team/);
  await expect(cards(page)).toHaveText(["Robo Wars"]);
  await expect(page.getByTestId("finder-count")).toHaveText("1 event matches Technical team events.");

  // With the day: cultural events on Solo Singing's India day are it and Open Mic, in the order they happen.
  const { events } = await (await page.request.get("/api/events?category=cultural")).json();
  expect(events.map((e: { slug: string; category: string }) => [e.slug, e.category]).sort()).toEqual([
    ["open-mic", "cultural"],
    ["solo-singing", "cultural"],
  ]);
  const singingDay = istDay(new Date(events.find((e: { slug: string }) => e.slug === "solo-singing").startsAt));
  await page.goto(`/?category=cultural&day=${singingDay}`);
  await expect(cards(page)).toHaveText(["Solo Singing", "Open Mic"]);
  await expect(page.getByLabel("Day")).toHaveValue(singingDay);
  await axeBothSizes(page, "the home page filtered by category and day");

  // A category with nothing on that day: the empty state says what was asked and offers a way back.
  await page.setViewportSize(LAPTOP);
  await page.goto(`/?category=literary&day=${singingDay}`);
  await expect(page.getByTestId("no-match")).toContainText(/^No events match Literary events on \w{3},\s\d{1,2}\s\w{3}\./);
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(category).toHaveValue("");

  // A category that is not one: the page ignores it, the API names it.
  const bad = await page.request.get("/api/events?category=dance");
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.fields.category[0]).toMatch(/^category is one of technical, cultural/);

  await page.goto("/events/quiz-bowl");
  await expect(page.getByTestId("event-category")).toHaveText("Literary");
  await axeBothSizes(page, "an event page with its category");
});

test("an organiser sets an event's category in the console; the home page's filter then finds it", async ({ page }) => {
  await signIn(page, DEMO.organiser, "/organiser/events/treasure-hunt");
  const field = page.getByLabel("Category", { exact: true });
  await expect(field).toHaveValue("other");
  await field.selectOption("sports");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("event-form-saved")).toHaveText("Saved Treasure Hunt.");
  await page.reload();
  await expect(page.getByLabel("Category", { exact: true })).toHaveValue("sports");
  await axeBothSizes(page, "the console's event form");

  await page.goto("/organiser/events");
  await expect(page.getByTestId("event-treasure-hunt")).toContainText("Sports");

  await page.goto("/");
  await expect(page.getByLabel("Category").locator("option", { hasText: "Sports" })).toHaveCount(1);
  await page.goto("/?category=sports");
  await expect(cards(page)).toHaveText(["Treasure Hunt"]);
});

test("the console's payments list: the first rows are on a laptop's first screen; the phone keeps its layout", async ({
  page,
  request,
}) => {
  // Rows to list: one paid, one failed.
  const who = await newAttendee(request, "rows");
  const auth = await bearer(request, who);
  await payByApi(request, auth, { eventSlug: "solo-singing" });
  await payByApi(request, auth, { eventSlug: "code-sprint" }, "failure");

  await page.setViewportSize(LAPTOP);
  await signIn(page, DEMO.organiser, "/organiser/payments");
  const rows = page.getByRole("table").getByRole("row");
  // The header row and the first row of payments inside the first 768 px (under the sandbox's banner, too), and
  // the second row begun.
  await expect(rows.nth(2)).toBeVisible();
  for (const i of [0, 1]) {
    const box = await rows.nth(i).boundingBox();
    expect(box, `row ${i}`).not.toBeNull();
    expect(box!.y + box!.height, `row ${i}'s bottom`).toBeLessThanOrEqual(LAPTOP.height);
  }
  expect((await rows.nth(2).boundingBox())!.y).toBeLessThan(LAPTOP.height);
  // The totals stay in sight, compact: net and the paid count on the first screen too.
  const net = page.getByTestId("total-net");
  await expect(net).toBeVisible();
  expect((await net.boundingBox())!.y).toBeLessThan(LAPTOP.height);

  // A filter set shows itself while folded, so a narrowed list never passes for the whole.
  await page
    .getByRole("group", { name: /More filters/ })
    .or(page.getByTestId("more-filters"))
    .first()
    .click();
  await page.getByLabel("Event", { exact: true }).selectOption({ label: "Code Sprint" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/event=code-sprint/);
  await expect(page.getByTestId("active-filters")).toContainText("Event: Code Sprint");
  const first = await rows.nth(1).boundingBox();
  expect(first!.y + first!.height).toBeLessThanOrEqual(LAPTOP.height);
  await axeBothSizes(page, "the console's payments list, filtered");

  // On a phone: the search first, the filters folded, the totals folded to one line; no sideways scroll.
  await page.setViewportSize(PHONE);
  await page.goto("/organiser/payments");
  await expect(page.getByRole("searchbox", { name: "Search" })).toBeInViewport();
  await expect(page.getByTestId("more-filters")).not.toHaveAttribute("open");
  await expect(page.getByTestId("totals-fold").locator("summary")).toBeVisible();
  await expect(page.getByTestId("total-net")).toBeHidden();
});
