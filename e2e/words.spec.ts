// What people see follows the state (issue 21, finding 5), in Chromium through the sandbox gateway: a cancel in the
// payment window reads "Cancelled" everywhere and offers paying again; a payment the bank is still deciding offers
// no Pay on the event page or in the basket, and says the bank is deciding, there and in My payments.
import { expect, type Page, test } from "@playwright/test";
import { newAttendee, openCheckout, shot, signIn } from "./helpers";

async function shots(page: Page, name: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, `${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot(page, `${name}-laptop`);
}

test("cancel in the payment window: the event page, the basket and My payments say cancelled and offer Pay again", async ({
  page,
  request,
}) => {
  const who = await newAttendee(request, "cancel");
  await signIn(page, who, "/events/solo-singing");
  let frame = await openCheckout(page, /Pay ₹150.00/);
  await frame.getByRole("button", { name: "Cancel payment" }).click();
  await expect(page.locator("#atompay-sandbox-overlay")).toHaveCount(0);
  await expect(page.getByText("You cancelled the payment. No money was taken.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Try again" })).toBeEnabled();

  // A fresh look at the event page: the attempt was cancelled (not "pending"), and Pay is offered again.
  await page.reload();
  await expect(page.getByTestId("last-attempt")).toContainText("Last attempt: Cancelled");
  await expect(page.getByRole("button", { name: "Pay ₹150.00" })).toBeVisible();
  await shots(page, "words-cancelled-event");

  await page.goto("/me/payments");
  const line = page.getByRole("list", { name: "Payments" }).getByRole("link").filter({ hasText: "Solo Singing" });
  await expect(line).toContainText("Cancelled");
  await expect(line).not.toContainText("Pending");
  await line.click();
  await expect(page.getByTestId("payment-status")).toContainText("The payment was cancelled. No money was taken.");
  await expect(page.getByTestId("deciding")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Try again" })).toBeVisible();

  // The basket: cancel there too, and it offers paying again.
  await page.goto("/events/solo-singing");
  await page.getByRole("button", { name: "Add to basket" }).click();
  await expect(page.getByText("Added to your basket.")).toBeVisible();
  await page.goto("/basket");
  frame = await openCheckout(page, /Pay ₹150.00/);
  await frame.getByRole("button", { name: "Cancel payment" }).click();
  await expect(page.getByText("You cancelled the payment. No money was taken.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Try again" })).toBeEnabled();
  await page.reload();
  await expect(page.getByRole("button", { name: "Pay ₹150.00" })).toBeVisible();
  await expect(page.getByTestId("basket-line")).not.toContainText("bank");
  await page.goto("/me/payments");
  await expect(page.getByRole("list", { name: "Payments" }).getByText("Pending")).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Payments" }).getByText("Cancelled")).toHaveCount(2);
});

test("pending at the bank: the event page and the basket offer no Pay and say the bank is deciding; My payments too", async ({
  page,
  request,
}) => {
  const who = await newAttendee(request, "bank");
  await signIn(page, who, "/events/code-sprint");
  await page.getByRole("button", { name: "Add to basket" }).click();
  await expect(page.getByText("Added to your basket.")).toBeVisible();
  await page.goto("/events/solo-singing");
  await page.getByRole("button", { name: "Add to basket" }).click();
  await expect(page.getByText("Added to your basket.")).toBeVisible();

  await page.goto("/events/code-sprint");
  const frame = await openCheckout(page, /Pay ₹250.00/);
  await frame.getByLabel(/pending for days/).check();
  await frame.getByRole("button", { name: "Pay ₹250.00" }).click();
  await expect(page).toHaveURL(/\/payments\/ANW[0-9A-Z]+$/);
  const status = page.getByTestId("payment-status");
  await expect(status).toContainText("Bank deciding");
  await expect(status).toContainText("Your bank is still deciding this payment");
  await expect(page.getByRole("link", { name: /Try again|Pay again/ })).toHaveCount(0);
  await shots(page, "words-bank-deciding-payment");

  await page.goto("/events/code-sprint");
  await expect(page.getByTestId("last-attempt")).toContainText("Your bank is still deciding this payment");
  await expect(page.getByRole("button", { name: /Pay ₹/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Add to basket" })).toHaveCount(0);
  await shots(page, "words-bank-deciding-event");

  await page.goto("/basket");
  const line = page.getByTestId("basket-line").filter({ hasText: "Code Sprint" });
  await expect(line).toContainText("Your bank is still deciding this payment");
  await expect(page.getByTestId("basket-total")).toHaveText("₹150.00");
  await expect(page.getByRole("button", { name: "Pay ₹150.00" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Pay ₹400.00|Pay ₹250.00/ })).toHaveCount(0);
  await shots(page, "words-bank-deciding-basket");

  await page.goto("/me/payments");
  const mine = page.getByRole("list", { name: "Payments" }).getByRole("link").filter({ hasText: "Code Sprint" });
  await expect(mine).toContainText("Bank deciding");
  await expect(mine).toContainText("Your bank is still deciding this payment");
  await shots(page, "words-bank-deciding-my-payments");
});
