// Coordinators (issue 28): an organiser makes someone a coordinator of Solo Singing in the console; the coordinator
// signs in on a phone (390 × 844), lands on their events, sees Solo Singing's registrations and payments, cannot see
// Code Sprint's (its payment is "not found", its event page "not allowed", the list has none of its rows) and cannot
// refund (no refund form; the API says 403 and nothing is sent). Axe at both sizes on the coordinator's pages.
import { expect, test } from "@playwright/test";
import { axeBothSizes, bearer, DEMO, newAttendee, payByApi, shot, signIn } from "./helpers";

test("an organiser makes a coordinator; on a phone they see their event's registrations and payments, not another's, and cannot refund", async ({
  browser,
  request,
}) => {
  const coordinator = await newAttendee(request, "coord");
  // Someone registered and paid for Solo Singing (the coordinator's event), and someone for Code Sprint (not theirs).
  const singer = await newAttendee(request, "singer");
  const coder = await newAttendee(request, "coder");
  const mine = await payByApi(request, await bearer(request, singer), { eventSlug: "solo-singing" });
  const theirs = await payByApi(request, await bearer(request, coder), { eventSlug: "code-sprint" });

  // The organiser grants it in the console, beside the volunteers.
  const org = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const orgPage = await org.newPage();
  await signIn(orgPage, DEMO.organiser, "/organiser/checkin");
  const form = orgPage.getByRole("form", { name: "Make a coordinator" });
  await form.getByLabel("Event").selectOption({ label: "Solo Singing" });
  await form.getByLabel("Coordinator's email or Anwesha ID").fill(coordinator.anweshaId);
  await form.getByRole("button", { name: "Make coordinator" }).click();
  await expect(
    orgPage.getByRole("status").or(orgPage.getByRole("alert")).filter({ hasText: "now coordinates Solo Singing" }),
  ).toBeVisible();
  const list = orgPage.getByRole("list", { name: "Coordinators" });
  await expect(list.getByRole("listitem").filter({ hasText: coordinator.anweshaId })).toContainText("Solo Singing");
  await shot(orgPage, "coordinator-granted-laptop");
  await org.close();

  // The coordinator, on a phone.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await signIn(page, coordinator);
  await expect(page).toHaveURL(/\/organiser\/events$/);
  await expect(page.getByRole("heading", { name: "Your events" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Coordinator console" });
  await expect(nav.getByRole("link")).toHaveText(["Payments", "Events", "Check-in", "Desk"]);
  const events = page.getByRole("list", { name: "Events" });
  await expect(events.getByRole("listitem")).toHaveCount(1);
  await expect(events).toContainText("Solo Singing");
  await expect(page.getByRole("link", { name: "New event" })).toHaveCount(0);
  await axeBothSizes(page, "the coordinator's events");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "coordinator-events-phone");

  // Their event: registrations with answers, read-only (no form, no closing the waiting list).
  await page.getByRole("link", { name: "Registrations for Solo Singing" }).click();
  await expect(page.getByRole("heading", { name: "Solo Singing", level: 1 })).toBeVisible();
  await expect(page.getByTestId("registration-answers")).toContainText(/E2E singer/);
  await expect(page.getByRole("button", { name: /Save|Close the waiting list|Hide/ })).toHaveCount(0);
  await axeBothSizes(page, "the coordinator's event");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "coordinator-event-phone");

  // Payments: their event's, not Code Sprint's, even when searched for.
  await page.goto(`/organiser/payments?q=${mine}`);
  await expect(
    page
      .getByRole("link", { name: `Payment ${mine}` })
      .or(page.getByRole("link", { name: mine }))
      .first(),
  ).toBeVisible();
  await page.goto(`/organiser/payments?q=${theirs}`);
  await expect(page.getByTestId("result-count")).toHaveText("Nothing matches this filter.");
  await page.goto("/organiser/payments?event=code-sprint");
  await expect(page.getByTestId("result-count")).toHaveText("Nothing matches this filter.");
  await page.goto("/organiser/payments");
  await expect(page.getByRole("button", { name: /Re-check/ })).toHaveCount(0);
  await shot(page, "coordinator-payments-phone");

  // One payment of theirs: read, with no refund, re-check or admission.
  const detail = await page.goto(`/organiser/payments/${mine}`);
  expect(detail?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: `Payment ${mine}` })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Items" })).toBeVisible();
  await expect(page.getByText("Refund this item…")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Refund|Check again|Re-check|Admit/ })).toHaveCount(0);
  await axeBothSizes(page, "a payment as its event's coordinator");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "coordinator-payment-phone");

  // Another event's payment and page: not found, not allowed.
  expect((await page.goto(`/organiser/payments/${theirs}`))?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  expect((await page.goto("/organiser/events/code-sprint"))?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  expect((await page.goto("/organiser/codes"))?.status()).toBe(403);

  // Refunding their own event's payment through the API, as the page's own script would: refused, nothing sent.
  const refund = await page.request.post(`/api/organiser/payments/${mine}/refund`, {
    headers: { origin: new URL(page.url()).origin },
    data: { amountPaise: 100, reason: "coordinator tries a refund" },
  });
  expect(refund.status()).toBe(403);
  const after = await request.get(`/api/organiser/payments/${mine}`, { headers: await bearer(request, DEMO.organiser) });
  expect(((await after.json()) as { refunds: unknown[] }).refunds).toEqual([]);
  await context.close();
});
