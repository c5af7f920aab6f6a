// The waiting list on a phone (issue 27): a full event's page offers "Join the waiting list"; in line, the person sees
// their place and Leave, and their account page lists it; when the seat frees (its holder cancels), the app's job
// offers it to them: the event page's banner names the deadline and the seat is theirs to take. Axe at both sizes,
// light and dark; screenshots at 390 × 844.
import { expect, test } from "@playwright/test";
import { axeBothSizes, bearer, DEMO, newAttendee, shot, signIn } from "./helpers";

const PHONE = { width: 390, height: 844 };

test.describe("the waiting list", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("on a phone: join a full event's line, see the place, get the freed seat's offer and take it", async ({ page, request }) => {
    test.setTimeout(180_000);
    const organiser = await bearer(request, DEMO.organiser);
    const slug = `wl-${Date.now()}`;
    const created = await request.post("/api/organiser/events", {
      headers: organiser,
      data: { slug, name: "Waitlist Jam", kind: "solo", feePaise: 0, capacity: 1, venue: "Room 2" },
    });
    expect(created.status(), await created.text()).toBe(201);
    const holder = await newAttendee(request, "wlholder");
    const holderAuth = await bearer(request, holder);
    const taken = await request.post("/api/atompay", { headers: holderAuth, data: { eventSlug: slug } });
    expect(taken.status(), await taken.text()).toBe(201);
    const registrationId = (await taken.json()).registrations[0].id as string;

    const who = await newAttendee(request, "wlphone");
    await signIn(page, who, `/events/${slug}`);
    await page.goto(`/events/${slug}`);
    const line = page.getByTestId("waitlist");
    await expect(line.getByRole("heading", { name: "Waitlist Jam is full" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Register for free" })).toHaveCount(0);
    await shot(page, "waitlist-phone-full");
    await axeBothSizes(page, "a full event's page with Join");
    await page.setViewportSize(PHONE);

    await line.getByRole("button", { name: "Join the waiting list" }).click();
    await expect(page.getByTestId("waitlist-place")).toHaveText("1st in line");
    await expect(page.getByRole("button", { name: "Leave the waiting list" })).toBeVisible();
    await shot(page, "waitlist-phone-in-line");
    await axeBothSizes(page, "the event page in line");
    await page.setViewportSize(PHONE);

    await page.goto("/me");
    await expect(page.getByTestId("my-waitlist").getByText("#1 in line")).toBeVisible();
    await shot(page, "waitlist-phone-account");

    // The holder gives the seat back: the offer follows by the queue's job, not by anything the page does.
    expect((await request.post(`/api/registrations/${registrationId}/cancel`, { headers: holderAuth })).status()).toBe(200);
    // A newcomer cannot take the freed seat: it is the line's.
    const newcomer = await newAttendee(request, "wlnew");
    const refused = await request.post("/api/atompay", { headers: await bearer(request, newcomer), data: { eventSlug: slug } });
    expect(refused.status()).toBe(409);

    await page.goto(`/events/${slug}`);
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("waitlist-offer")).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 60_000 });
    await expect(page.getByTestId("waitlist-offer")).toContainText("A seat at Waitlist Jam is yours until");
    // The event's facts say the seat is held for them, not just "Full".
    await expect(page.getByTestId("seats-left")).toContainText("Full · one held for you until");
    await expect(page.getByRole("button", { name: "I don't want the seat" })).toBeVisible();
    await shot(page, "waitlist-phone-offer");
    await axeBothSizes(page, "the event page with an offer");
    await page.setViewportSize(PHONE);

    await page.getByRole("button", { name: "Register for free" }).click();
    await expect(page.getByText("Free · You are registered!")).toBeVisible();
    await shot(page, "waitlist-phone-taken");
  });
});
