// Announcements on a phone (issue 28): an organiser writes one on the event's console page, previews who gets it and
// the mail, and sends it; the sent list shows it with its counts. A registered attendee reads it on the event's
// page, the author's HTML as text and the address as a link; someone not registered sees nothing of it. Axe at both
// sizes, light and dark; screenshots at 390 × 844.
import { expect, test } from "@playwright/test";
import { axeBothSizes, bearer, DEMO, newAttendee, shot, signIn } from "./helpers";

const PHONE = { width: 390, height: 844 };

test.describe("announcements", () => {
  test.use({ viewport: PHONE, isMobile: true, hasTouch: true });

  test("on a phone: write, preview and send; a registered attendee reads it on the event's page", async ({ browser, page, request }) => {
    test.setTimeout(180_000);
    const organiser = await bearer(request, DEMO.organiser);
    const slug = `ann-${Date.now()}`;
    const created = await request.post("/api/organiser/events", {
      headers: organiser,
      data: { slug, name: "Announce Jam", kind: "solo", feePaise: 0, venue: "Room 2" },
    });
    expect(created.status(), await created.text()).toBe(201);
    const entrant = await newAttendee(request, "annreg");
    const entered = await request.post("/api/atompay", { headers: await bearer(request, entrant), data: { eventSlug: slug } });
    expect(entered.status(), await entered.text()).toBe(201);
    const outsider = await newAttendee(request, "annout");

    await signIn(page, DEMO.organiser, `/organiser/events/${slug}/announcements`);
    await page.goto(`/organiser/events/${slug}/announcements`);
    await expect(page.getByRole("heading", { name: "Announcements", level: 1 })).toBeVisible();
    await expect(page.getByText("No announcements yet.")).toBeVisible();
    await shot(page, "announcements-phone-empty");
    await axeBothSizes(page, "the announcements page, empty");
    await page.setViewportSize(PHONE);

    // Preview with nothing written: the fields say what is missing.
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByLabel("Subject")).toBeFocused();
    await expect(page.getByText("Write a subject.")).toBeVisible();

    await page.getByLabel("Subject").fill("<b>Room change</b>");
    await page.getByLabel("Message").fill("The venue is now LT-1.\n\nMap: https://example.com/map. <script>alert(1)</script>");
    await page.getByRole("button", { name: "Preview" }).click();
    const preview = page.getByRole("region", { name: "Preview" });
    await expect(preview.getByRole("heading", { name: "1 person will get this" })).toBeVisible();
    await expect(preview).toContainText("E2E annreg");
    await expect(preview).toContainText("Announce Jam: <b>Room change</b>");
    await expect(page.getByTestId("preview-text")).toContainText("The venue is now LT-1.");
    await shot(page, "announcements-phone-preview");
    await axeBothSizes(page, "the announcements page with a preview");
    await page.setViewportSize(PHONE);

    await preview.getByRole("button", { name: "Send to 1 person" }).click();
    await expect(page.getByRole("status").or(page.locator("[aria-live]")).getByText("Sent: 1 person will get it")).toBeVisible();
    const sent = page.getByRole("list", { name: "Sent announcements" });
    await expect(sent.getByRole("heading", { name: "<b>Room change</b>" })).toBeVisible();
    await expect(sent.getByRole("definition").first()).toHaveText("1");
    await shot(page, "announcements-phone-sent");

    // The registered attendee, on the event's page.
    const attendee = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    const theirs = await attendee.newPage();
    await signIn(theirs, entrant, `/events/${slug}`);
    await theirs.goto(`/events/${slug}`);
    const section = theirs.getByRole("region", { name: "Announcements" });
    await expect(section.getByRole("heading", { name: "<b>Room change</b>" })).toBeVisible();
    await expect(section).toContainText("<script>alert(1)</script>");
    await expect(section.getByRole("link", { name: "https://example.com/map" })).toHaveAttribute("href", "https://example.com/map");
    await shot(theirs, "announcements-phone-event-page");
    await axeBothSizes(theirs, "the event page with an announcement");
    await attendee.close();

    // Someone not registered sees none of it.
    const other = await browser.newContext({ viewport: PHONE });
    const otherPage = await other.newPage();
    await signIn(otherPage, outsider, `/events/${slug}`);
    await otherPage.goto(`/events/${slug}`);
    await expect(otherPage.getByRole("heading", { name: "Announce Jam" })).toBeVisible();
    await expect(otherPage.getByRole("region", { name: "Announcements" })).toHaveCount(0);
    await other.close();

    // An attendee cannot open the console's page nor call its API.
    expect((await request.get(`/api/organiser/events/${slug}/announcements`, { headers: await bearer(request, entrant) })).status()).toBe(
      403,
    );
  });
});
