// Issue 24's organiser and home-page walk, in Chromium against the production build: finding events on the home
// page (search, format, day; shareable URLs that work without JavaScript; an empty state), and an organiser who
// duplicates an event, hides and shows it, downloads its registrants and undoes a check-in that the door then
// reports. Screenshots at 390 × 844 and 1366 × 768, light and dark; axe on each new state.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { istDay } from "../lib/format";
import { bearer, DEMO, newAttendee, payByApi, shot, signIn } from "./helpers";

async function axe(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0]?.target.join(" ")}`),
    `axe on ${what}`,
  ).toEqual([]);
}

/** Phone and laptop, light; with `dark`, both again in the dark scheme (axe in each scheme). */
async function shots(page: Page, name: string, dark = false) {
  for (const scheme of dark ? (["light", "dark"] as const) : (["light"] as const)) {
    await page.emulateMedia({ colorScheme: scheme });
    const tag = scheme === "dark" ? "-dark" : "";
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, `walk-organiser-${name}-phone${tag}`);
    await page.setViewportSize({ width: 1366, height: 768 });
    await shot(page, `walk-organiser-${name}-laptop${tag}`);
    await axe(page, `${name} (${scheme})`);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

// Screenshots in two sizes and two schemes with axe each time, on two shared cores: more than the default minute.
test.describe.configure({ timeout: 240_000 });

const cards = (page: Page) => page.getByRole("list", { name: "Events" }).getByRole("heading");

test("the home page finds events by words, format and day; the URL carries the filter; an empty search says so", async ({
  page,
  browser,
}) => {
  await page.goto("/");
  const all = await cards(page).count();
  expect(all).toBeGreaterThanOrEqual(5);

  await page.getByRole("searchbox", { name: "Search events" }).fill("quiz");
  await page.getByRole("button", { name: "Show events" }).click();
  await expect(page).toHaveURL(/\/\?q=quiz/);
  await expect(cards(page)).toHaveText(["Quiz Bowl"]);
  await expect(page.getByTestId("finder-count")).toHaveText("1 event matches “quiz”.");

  // Team events on Robo Wars' day: the day list is the events' India days, in order.
  await page.goto("/");
  await page.getByLabel("Format").selectOption("team");
  const days = await page.getByLabel("Day").locator("option").allTextContents();
  expect(days[0]).toBe("Any day");
  expect(days.length).toBeGreaterThanOrEqual(4);
  const roboDay = await page.evaluate(async () => {
    const { events } = await (await fetch("/api/events?q=robo")).json();
    return events[0].startsAt as string;
  });
  const day = istDay(new Date(roboDay));
  await page.getByLabel("Day").selectOption(day);
  await page.getByRole("button", { name: "Show events" }).click();
  await expect(page).toHaveURL(new RegExp(`kind=team&day=${day}`));
  await expect(cards(page)).toHaveText(["Robo Wars"]);
  await expect(page.getByLabel("Format")).toHaveValue("team");
  await shots(page, "home-filtered", true);

  // Nothing matches: the page says what was asked and offers a way back.
  await page.goto("/?q=kathakali");
  await expect(page.getByTestId("no-match")).toContainText("No events match “kathakali”.");
  await shots(page, "home-no-match", true);
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/$/);
  // Every event again (other workers' tests may have added some meanwhile, never removed one).
  await expect(cards(page).filter({ hasText: "Robo Wars" })).toHaveCount(1);
  await expect(cards(page).filter({ hasText: "Quiz Bowl" })).toHaveCount(1);
  expect(await cards(page).count()).toBeGreaterThanOrEqual(all);

  // Without JavaScript the form is a plain GET: the same list.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await nojs.newPage();
  await plain.goto("/");
  await plain.getByRole("searchbox", { name: "Search events" }).fill("singing");
  await plain.getByRole("button", { name: "Show events" }).click();
  await expect(plain).toHaveURL(/q=singing/);
  await expect(cards(plain)).toHaveText(["Solo Singing"]);
  await nojs.close();
});

test("an organiser duplicates, hides and shows an event, downloads its registrants, and undoes a check-in the door then reports", async ({
  page,
  request,
  browser,
}) => {
  // Someone paid for Code Sprint, to be on the CSV and at the door.
  const who = await newAttendee(request, "walk-org");
  await payByApi(request, await bearer(request, who), { eventSlug: "code-sprint" });

  await signIn(page, DEMO.organiser, "/organiser/events/code-sprint");
  await expect(page.getByTestId("visibility-state")).toContainText("On the events list");
  await shots(page, "event-actions");

  // Duplicate: the copy's edit page, hidden, with no registrations.
  await page.getByRole("button", { name: "Duplicate" }).click();
  await expect(page).toHaveURL(/\/organiser\/events\/code-sprint-copy\?copied=code-sprint/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Code Sprint (copy)");
  await expect(page.getByText("Copied from /events/code-sprint, with no registrations.")).toBeVisible();
  await expect(page.getByTestId("visibility-state")).toContainText("Not listed");
  await expect(page.getByText("0 paid · 0 awaiting payment")).toBeVisible();
  await shots(page, "event-copied", true);

  // Attendees neither see it listed nor find its page.
  const visitor = await browser.newPage();
  expect((await visitor.goto("/events/code-sprint-copy"))?.status()).toBe(404);
  await visitor.goto("/");
  await expect(cards(visitor).filter({ hasText: "Code Sprint (copy)" })).toHaveCount(0);

  // Shown, it is listed; hidden again (after a confirmation), it is gone again.
  await page.getByRole("button", { name: "Show to attendees" }).click();
  await expect(page.getByTestId("event-action-result")).toHaveText("Shown: attendees can see it again.");
  await visitor.goto("/?q=sprint");
  await expect(cards(visitor)).toHaveText(["Code Sprint", "Code Sprint (copy)"]);
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Hide from attendees" }).click();
  await expect(page.getByTestId("event-action-result")).toHaveText("Hidden from attendees.");
  expect((await visitor.goto("/events/code-sprint-copy"))?.status()).toBe(404);
  // The organiser still opens it, and is told it is hidden.
  await page.goto("/events/code-sprint-copy");
  await expect(page.getByText("Hidden from attendees: only organisers can open this page")).toBeVisible();
  await visitor.close();

  // The registrants' CSV of the original.
  await page.goto("/organiser/events/code-sprint");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download registrants (CSV)" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^anwesha-registrants-code-sprint-\d{4}-\d{2}-\d{2}-\d{4}-IST\.csv$/);
  const csv = await (await import("node:fs/promises")).readFile((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe(
    "\uFEFFRegistration,Team,Role,Name,Anwesha ID,Email,Phone,College,Price,Code,Fee (₹),Registered date (IST),Registered time (IST),Paid date (IST),Paid time (IST),Checked in date (IST),Checked in time (IST)",
  );
  expect(csv).toContain(who.anweshaId);

  // At the door: the organiser checks the attendee in by Anwesha ID.
  await page.goto("/checkin?event=code-sprint");
  await page.getByLabel("Anwesha ID", { exact: true }).fill(who.anweshaId);
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await expect(page.getByTestId("door-result")).toHaveAttribute("data-result", "admitted");

  // In the console: undo it, with a reason.
  await page.goto("/organiser/checkin?event=code-sprint&checkedIn=yes");
  const row = page.getByRole("row").filter({ hasText: who.anweshaId });
  await row.getByText("Undo a check-in").click();
  await row.getByLabel(/Why undo .*check-in\?/).fill("Scanned the wrong person");
  await shots(page, "undo-check-in");
  await row.getByRole("button", { name: "Undo check-in" }).click();
  await expect(page.getByRole("row").filter({ hasText: who.anweshaId })).toHaveCount(0);
  await page.goto("/organiser/checkin?event=code-sprint&checkedIn=no");
  await expect(page.getByRole("row").filter({ hasText: who.anweshaId })).toContainText("—");

  // The door's scan log says so on its next look at the server, and the person can be let in again.
  await page.goto("/checkin?event=code-sprint");
  await expect(page.getByTestId("scan-undone")).toContainText(/Check-in undone at .+\sIST by .+: Scanned the wrong person/);
  await shots(page, "door-undone", true);
  await page.getByLabel("Anwesha ID", { exact: true }).fill(who.anweshaId);
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await expect(page.getByTestId("door-result")).toHaveAttribute("data-result", "admitted");
});
