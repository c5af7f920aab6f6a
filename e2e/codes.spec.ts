// Codes on a phone (issue 26): on the Hackathon's page a person types a code (by keyboard), sees a wrong one refused
// under the field, then the campus ambassador's TARA10 take 10% off each price, and pays the discounted early bird
// through the sandbox; the sponsor's code opens the free "Judges & sponsors" price; the organiser makes a code in
// the console (a problem named by its field first) and sees it listed and the ambassadors' leaderboard. Screenshots
// at 390x844; axe on the code field and the console page.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { bearer, DEMO, newAttendee, openCheckout, shot, signIn } from "./helpers";

async function expectNoViolations(page: Page, label: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0]?.target.join(" ")} — ${v.help}`);
  expect(summary, `axe on ${label}`).toEqual([]);
}

test.describe("codes", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("on a phone: a code takes 10% off the chosen price and the sandbox is paid the discounted amount", async ({ page, request }) => {
    test.setTimeout(120_000);
    const who = await newAttendee(request, "code");
    await signIn(page, who, "/events/hackathon");
    await page.goto("/events/hackathon");
    await expect(page.getByRole("button", { name: "Pay ₹200.00" })).toBeVisible();

    // "Have a code?" opens from the keyboard, and Enter applies what was typed.
    const disclosure = page.getByText("Have a code?");
    await disclosure.focus();
    await page.keyboard.press("Enter");
    const field = page.getByLabel("Code", { exact: true });
    await field.fill("nope-nope");
    await field.press("Enter");
    // (Next.js's route announcer is an alert too: the field's own is the one with text.)
    await expect(page.getByRole("alert").filter({ hasText: "no code" })).toHaveText('There is no code "NOPE-NOPE". Check how it is spelt.');
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await shot(page, "codes-phone-unknown");
    // A code typed but not applied holds the payment, saying why: paying now would quietly drop it.
    const pay = page.getByRole("button", { name: "Pay ₹200.00" });
    await expect(pay).toBeDisabled();
    await expect(pay).toHaveAccessibleDescription("Apply the code, or clear it, first: the price above does not include it yet.");
    await expect(page.getByRole("button", { name: /Add to basket/ })).toHaveCount(0);

    await field.fill("tara10");
    await field.press("Enter");
    await expect(page.getByTestId("code-applied")).toHaveText("Code TARA10 applied: 10% off.");
    const choice = page.getByRole("group", { name: "Choose a price" });
    await expect(choice.locator("label").nth(0)).toContainText("Early bird");
    await expect(choice.locator("label").nth(0)).toContainText("₹180.00");
    await expect(choice.locator("label").nth(1)).toContainText("₹270.00");
    await expect(page.getByRole("button", { name: "Pay ₹180.00" })).toBeEnabled();
    await shot(page, "codes-phone-applied");
    await expectNoViolations(page, "the event page with a code (phone)");

    const frame = await openCheckout(page, /Pay ₹180.00/);
    await expect(frame.getByText("₹180.00").first()).toBeVisible();
    await frame.getByLabel("UPI").check();
    await frame.getByRole("button", { name: "Pay ₹180.00" }).click();
    await expect(page).toHaveURL(/\/payments\/ANW[0-9A-Z]+$/);
    await expect(page.getByTestId("payment-status")).toContainText("Payment successful");

    // The registration kept the price, the code and what it took off.
    const auth = await bearer(request, who);
    const { registrations } = await (await request.get("/api/me/registrations", { headers: auth })).json();
    expect(registrations.find((r: { event: { slug: string } }) => r.event.slug === "hackathon")).toMatchObject({
      status: "paid",
      feePaise: 18_000,
      price: { key: "early-bird", label: "Early bird" },
      code: { code: "TARA10", discountPaise: 2_000 },
    });
  });

  test("on a phone: the sponsor's code opens the free Judges & sponsors price", async ({ page, request }) => {
    const who = await newAttendee(request, "judge");
    await signIn(page, who, "/events/hackathon");
    await page.goto("/events/hackathon");
    await expect(page.getByRole("group", { name: "Choose a price" }).getByText("Judges & sponsors")).toHaveCount(0);
    await page.getByText("Have a code?").click();
    await page.getByLabel("Code", { exact: true }).fill("sponsor-hack");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("code-applied")).toHaveText("Code SPONSOR-HACK applied: no discount.");
    const choice = page.getByRole("group", { name: "Choose a price" });
    await expect(choice.locator("label").nth(0)).toContainText("Judges & sponsors");
    await expect(choice.locator("label").nth(0)).toContainText("Free");
    await page.getByRole("button", { name: "Register for free" }).click();
    await expect(page.getByText("You are registered").first()).toBeVisible();
    await shot(page, "codes-phone-sponsor");
  });

  test("on a phone: the basket keeps the price and code chosen on the event's page and shows the discount", async ({ page, request }) => {
    const who = await newAttendee(request, "codebasket");
    await signIn(page, who, "/events/hackathon");
    await page.goto("/events/hackathon");
    await page.getByText("Have a code?").click();
    await page.getByLabel("Code", { exact: true }).fill("TARA10");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("code-applied")).toHaveText("Code TARA10 applied: 10% off.");
    await page.getByRole("group", { name: "Choose a price" }).getByText("Standard").click();
    await expect(page.getByRole("button", { name: "Pay ₹270.00" })).toBeVisible();
    await page.getByRole("button", { name: "Add to basket at Standard" }).click();
    await expect(page.getByText("Added to your basket at Standard.")).toBeVisible();
    await page.goto("/basket");
    const line = page.getByTestId("basket-line").filter({ hasText: "Hackathon" });
    await expect(line).toContainText("Standard");
    await expect(line.getByTestId("basket-code")).toHaveText("Code TARA10: ₹30.00 off");
    await expect(line).toContainText("₹270");
    await expect(page.getByTestId("basket-total")).toHaveText("₹270.00");
    await expect(page.getByRole("button", { name: "Pay ₹270.00" })).toBeVisible();
    await shot(page, "codes-phone-basket");
  });

  test("on a phone: the organiser makes a code, sees it listed with its uses, and the ambassadors' leaderboard", async ({ page }) => {
    await signIn(page, DEMO.organiser, "/organiser/codes");
    await page.goto("/organiser/codes");
    const tabs = page.getByRole("navigation", { name: "Organiser console" });
    await expect(tabs.getByRole("link", { name: "Codes" })).toHaveAttribute("aria-current", "page");
    const board = page.getByTestId("leaderboard");
    await expect(board).toContainText("Tara Teammate");
    await expect(board).toContainText("TARA10");

    const code = `E2E${Date.now().toString(36).toUpperCase()}`;
    await page.getByLabel("Code", { exact: true }).fill(`${code}!`);
    await page.getByLabel("Discount (%)").fill("15");
    await page.getByLabel("Use limit").fill("0");
    await page.getByRole("button", { name: "Create code" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "The code was not made" });
    await expect(summary).toContainText("Code: Use letters, digits, - and _ only, like RIYA10.");
    await expect(summary).toContainText("Use limit: A use limit is at least 1; leave it out for no limit.");
    await expect(page.getByLabel("Code", { exact: true })).toBeFocused();
    await expect(page.getByLabel("Use limit")).toHaveAttribute("aria-invalid", "true");
    await shot(page, "codes-phone-console-errors");

    await page.getByLabel("Code", { exact: true }).fill(code);
    await page.getByLabel("Use limit").fill("25");
    await page.getByLabel("Owner").fill(DEMO.attendee.email);
    await page.getByRole("checkbox", { name: "Hackathon" }).check();
    await page.getByRole("button", { name: "Create code" }).click();
    await expect(page.getByText(`Code ${code} is ready: 15% off.`)).toBeVisible();
    const row = page.getByTestId("code-row").filter({ hasText: code });
    await expect(row).toContainText("0 used · of 25");
    await expect(row).toContainText("Hackathon");
    await expect(board).toContainText("Asha Attendee");
    await shot(page, "codes-phone-console");
    await expectNoViolations(page, "the console's codes (phone)");
  });
});
