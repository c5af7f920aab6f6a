// A free event on a phone (issue 26): registering confirms at once with no payment window, the entry pass shows on
// the event's page, and cancelling gives the seat back. Screenshots at 390x844 (light and dark) and 1366x768; axe
// on the registered page.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { bearer, newAttendee, shot, signIn } from "./helpers";

async function expectNoViolations(page: Page, label: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0]?.target.join(" ")} — ${v.help}`);
  expect(summary, `axe on ${label}`).toEqual([]);
}

test.describe("a free event", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("on a phone: register for free, see the pass, cancel and register again", async ({ page, request }) => {
    test.setTimeout(120_000);
    const who = await newAttendee(request, "free");
    await signIn(page, who, "/events/open-mic");
    await page.goto("/events/open-mic");
    await expect(page.getByText("Secure checkout by AtomPay")).toHaveCount(0);
    await shot(page, "free-event-phone-before");

    await page.getByRole("button", { name: "Register for free" }).click();
    await expect(page.getByText("Free · You are registered!")).toBeVisible();
    const pass = page.getByRole("article", { name: "Entry pass for Open Mic" });
    await expect(pass).toBeVisible();
    await expect(pass.getByTestId("pass-qr")).toBeVisible();
    await expect(pass.getByText("Cancelling cancels the pass.", { exact: false })).toBeVisible();
    // No payment window ever opened: no gateway frame, no payment made.
    await expect(page.locator('iframe[title="AtomPay sandbox checkout"]')).toHaveCount(0);
    const auth = await bearer(request, who);
    const { payments } = await (await request.get("/api/me/payments", { headers: auth })).json();
    expect(payments).toEqual([]);
    await shot(page, "free-event-phone-registered");
    await expectNoViolations(page, "the registered free event (phone, light)");

    await page.emulateMedia({ colorScheme: "dark" });
    await shot(page, "free-event-phone-registered-dark");
    await expectNoViolations(page, "the registered free event (phone, dark)");
    await page.emulateMedia({ colorScheme: "light" });

    await page.setViewportSize({ width: 1366, height: 768 });
    await shot(page, "free-event-laptop-registered");
    await page.setViewportSize({ width: 390, height: 844 });

    // The account page says free, never paid.
    await page.goto("/me");
    const row = page.getByTestId("registration").filter({ hasText: "Open Mic" });
    await expect(row.getByText("Free · You are registered!")).toBeVisible();
    await expect(row.getByText("Free", { exact: true })).toBeVisible();

    await page.goto("/events/open-mic");
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Cancel my registration" }).click();
    await expect(page.getByRole("button", { name: "Register for free" })).toBeVisible();
    await expect(page.getByText("Cancelled: you are not registered. You can register again.")).toBeVisible();
    await expect(page.getByRole("article", { name: "Entry pass for Open Mic" })).toHaveCount(0);
    await shot(page, "free-event-phone-cancelled");
  });
});
