// Prices on a phone (issue 26): the Hackathon's prices a person may choose, cheapest first with when each ends; the
// host-college price only for a verified @iitp.ac.in email (never shown to others); choosing one and paying it through
// the sandbox charges that price. Screenshots at 390x844 (light and dark) and 1366x768; axe on the choice.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { bearer, newAttendee, openCheckout, shot, signIn } from "./helpers";

async function expectNoViolations(page: Page, label: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0]?.target.join(" ")} — ${v.help}`);
  expect(summary, `axe on ${label}`).toEqual([]);
}

test.describe("prices", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("on a phone: choose a price among those open to you, cheapest first, and pay it through the sandbox", async ({ page, request }) => {
    test.setTimeout(120_000);
    const who = await newAttendee(request, "price");
    // The API lists the prices this caller may choose now: not the host college's (their email is not @iitp.ac.in).
    const auth = await bearer(request, who);
    const { event } = await (await request.get("/api/events/hackathon", { headers: auth })).json();
    expect(event.prices.map((p: { key: string; feePaise: number }) => [p.key, p.feePaise])).toEqual([
      ["early-bird", 20_000],
      ["standard", 30_000],
    ]);
    const refused = await request.post("/api/atompay", { headers: auth, data: { eventSlug: "hackathon", price: "host-college" } });
    expect(refused.status()).toBe(409);
    expect((await refused.json()).error.message).toContain("only for people with a verified @iitp.ac.in email");

    // The home card says what the event page says: the cheapest price this person may choose, never the host
    // college's ₹100 they cannot.
    const card = page.getByRole("link").filter({ has: page.getByRole("heading", { name: "Hackathon" }) });
    await page.goto("/");
    await expect(card.getByTestId("event-fee")).toHaveText(/^from ₹200\.00\s*per person$/);
    await signIn(page, who, "/events/hackathon");
    await page.goto("/");
    await expect(card.getByTestId("event-fee")).toHaveText(/^from ₹200\.00\s*per person$/);
    await page.goto("/events/hackathon");
    await expect(page.getByTestId("event-fee")).toContainText("from ₹200");
    const choice = page.getByRole("group", { name: "Choose a price" });
    const radios = choice.getByRole("radio");
    await expect(radios).toHaveCount(2);
    await expect(choice.getByText("IIT Patna students")).toHaveCount(0);
    // Cheapest first and chosen at first, with when the early bird ends and its seats.
    await expect(radios.nth(0)).toBeChecked();
    await expect(choice.locator("label").nth(0)).toContainText("Early bird");
    await expect(choice.locator("label").nth(0)).toContainText(/until .*IST/);
    await expect(choice.locator("label").nth(0)).toContainText("left at this price");
    await expect(page.getByRole("button", { name: "Pay ₹200.00" })).toBeVisible();
    await shot(page, "prices-phone-choice");
    await expectNoViolations(page, "the price choice (phone, light)");
    await page.emulateMedia({ colorScheme: "dark" });
    await shot(page, "prices-phone-choice-dark");
    await expectNoViolations(page, "the price choice (phone, dark)");
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1366, height: 768 });
    await shot(page, "prices-laptop-choice");
    await page.setViewportSize({ width: 390, height: 844 });

    // Choose Standard by keyboard-free tap on its label; the button follows the choice.
    await choice.getByText("Standard").click();
    await expect(radios.nth(1)).toBeChecked();
    // "Add to basket" follows the choice too: the basket's line is at Standard, not the cheapest.
    await page.getByRole("button", { name: "Add to basket at Standard" }).click();
    await expect(page.getByText("Added to your basket at Standard.")).toBeVisible();
    const basket = await (await request.get("/api/basket", { headers: auth })).json();
    const line = basket.lines.find((l: { eventSlug: string }) => l.eventSlug === "hackathon");
    expect(line).toMatchObject({ price: { key: "standard", label: "Standard" }, feePaise: 30_000 });
    const frame = await openCheckout(page, /Pay ₹300.00/);
    await expect(frame.getByText("₹300.00").first()).toBeVisible();
    await frame.getByLabel("UPI").check();
    await frame.getByRole("button", { name: "Pay ₹300.00" }).click();
    await expect(page).toHaveURL(/\/payments\/ANW[0-9A-Z]+$/);
    await expect(page.getByTestId("payment-status")).toContainText("Payment successful");

    // The registration copied the chosen price.
    const { registrations } = await (await request.get("/api/me/registrations", { headers: auth })).json();
    const mine = registrations.find((r: { event: { slug: string } }) => r.event.slug === "hackathon");
    expect(mine).toMatchObject({ status: "paid", feePaise: 30_000, price: { key: "standard", label: "Standard" } });
    await page.goto("/events/hackathon");
    await expect(page.getByText("Paid · You are registered!")).toBeVisible();
  });
});
