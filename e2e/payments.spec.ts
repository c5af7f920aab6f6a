// The payment flow in Chromium through the sandbox gateway: the same cross-site return POST as the real one.
import { expect, test } from "@playwright/test";
import { bearer, newAttendee, openCheckout, shot, signIn } from "./helpers";

test("solo: pay, return from the gateway, see the receipt", async ({ page, request }) => {
  const who = await newAttendee(request);
  await signIn(page, who, "/events/code-sprint");
  await expect(page.getByRole("heading", { name: "Code Sprint" })).toBeVisible();
  await shot(page, "checkout-event");
  const frame = await openCheckout(page, /Pay ₹250.00/);
  await expect(frame.getByText("₹250.00").first()).toBeVisible();
  await shot(page, "sandbox-page");
  await frame.getByLabel("UPI").check();
  await frame.getByRole("button", { name: "Pay ₹250.00" }).click();
  await expect(page).toHaveURL(/\/payments\/ANW[0-9A-Z]+$/);
  const status = page.getByTestId("payment-status");
  await expect(status).toContainText("Payment successful");
  await expect(page.getByText("AtomPay transaction")).toBeVisible();
  await expect(page.getByText(/IST$/).first()).toBeVisible();
  await shot(page, "payment-success");

  await page.goto("/events/code-sprint");
  await expect(page.getByText("Paid · You are registered!")).toBeVisible();
  await page.goto("/me/payments");
  await expect(page.getByRole("list", { name: "Payments" }).getByText("Paid")).toBeVisible();
});

test("failure, then a successful retry", async ({ page, request }) => {
  const who = await newAttendee(request);
  await signIn(page, who, "/events/solo-singing");
  let frame = await openCheckout(page, /Pay ₹150.00/);
  await frame.getByLabel("Failure (declined by bank)").check();
  await frame.getByRole("button", { name: "Pay ₹150.00" }).click();
  await expect(page.getByTestId("payment-status")).toContainText(
    "The payment failed. Your bank or the gateway declined the payment. No money was taken.",
  );
  await shot(page, "payment-failure");
  await page.getByRole("link", { name: "Try again" }).click();
  await expect(page).toHaveURL(/\/events\/solo-singing$/);
  frame = await openCheckout(page, /Pay ₹150.00/);
  await frame.getByRole("button", { name: "Pay ₹150.00" }).click();
  await expect(page.getByTestId("payment-status")).toContainText("Payment successful");
});

test("cancel on the gateway's page brings the attendee back with a way to try again", async ({ page, request }) => {
  const who = await newAttendee(request);
  await signIn(page, who, "/events/solo-singing");
  const frame = await openCheckout(page, /Pay ₹150.00/);
  await frame.getByRole("button", { name: "Cancel payment" }).click();
  await expect(page.locator("#atompay-sandbox-overlay")).toHaveCount(0);
  await expect(page.getByText("You cancelled the payment. No money was taken.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Try again" })).toBeEnabled();
  await shot(page, "payment-cancelled");
  // The cancel is recorded (the attempt is cancelled, its seat freed): trying again starts a new attempt and completes.
  const again = await openCheckout(page, /Try again/);
  await again.getByRole("button", { name: "Pay ₹150.00" }).click();
  await expect(page.getByTestId("payment-status")).toContainText("Payment successful");
});

test("a 'cancelled by customer' return lands on the payment page, and the event can be paid afterwards", async ({ page, request }) => {
  const who = await newAttendee(request);
  await signIn(page, who, "/events/code-sprint");
  const frame = await openCheckout(page, /Pay ₹250.00/);
  await frame.getByLabel("Cancelled by the customer").check();
  await frame.getByRole("button", { name: "Pay ₹250.00" }).click();
  await expect(page.getByTestId("payment-status")).toContainText("The payment was cancelled");
});

test("team: the captain invites, the member accepts on their own account, the captain pays once; the member sees it", async ({
  page,
  browser,
  request,
}) => {
  const captain = await newAttendee(request, "captain");
  const member = await newAttendee(request, "member", { verified: true });
  await signIn(page, captain, "/events/quiz-bowl");
  await page.getByLabel("Team name").fill(`Owls ${captain.anweshaId}`);
  await page.getByLabel("People to invite").fill("ANW-ZZZZZZ");
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(
    page.getByText("No account has the Anwesha ID ANW-ZZZZZZ. Check it, or type their email to invite them.").first(),
  ).toBeVisible();
  await page.getByLabel("People to invite").fill(member.email);
  await page.getByRole("button", { name: "Create team" }).click();
  const roster = page.getByRole("list", { name: "Team members" });
  await expect(roster).toContainText(member.email);
  await expect(roster).toContainText("invited, not answered yet");
  // Invited is not a member: no payment until enough people accept.
  await expect(
    page.getByText("Quiz Bowl needs at least 2 members; 1 has accepted so far. 1 more person must accept before you can pay."),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: /Pay ₹300.00/ })).toHaveCount(0);

  const other = await browser.newPage();
  await signIn(other, member, "/me");
  const invitation = other.getByTestId("invitation");
  await expect(invitation).toContainText(`team Owls ${captain.anweshaId}`);
  await invitation.getByRole("button", { name: "Accept" }).click();
  await expect(other.getByTestId("registration").filter({ hasText: "Quiz Bowl" })).toContainText(`Team Owls ${captain.anweshaId}`);

  await page.reload();
  await expect(roster).toContainText(member.anweshaId);
  const frame = await openCheckout(page, /Pay ₹300.00 for the team/);
  await frame.getByRole("button", { name: "Pay ₹300.00" }).click();
  await expect(page.getByTestId("payment-status")).toContainText("Payment successful");
  await expect(page.getByText(`Owls ${captain.anweshaId}`).first()).toBeVisible();

  await other.goto("/events/quiz-bowl");
  await expect(other.getByText("Paid · You are registered! The roster is locked.")).toBeVisible();
  await expect(other.getByRole("button", { name: "Leave the team" })).toHaveCount(0);
  await other.getByRole("link", { name: "See the receipt" }).click();
  await expect(other.getByTestId("payment-status")).toContainText("Payment successful");
  await shot(other, "team-member-receipt");
  // The member's My payments shows the registration and the captain's payment, not "nothing paid".
  await other.goto("/me/payments");
  await expect(other.getByTestId("registration").filter({ hasText: "Quiz Bowl" })).toContainText("Paid · You are registered!");
  const theirs = other.getByRole("list", { name: "Payments" }).getByRole("link").filter({ hasText: "Quiz Bowl" });
  await expect(theirs).toContainText(`Paid by E2E captain`);
  await expect(theirs).toContainText(captain.anweshaId);
  await other.close();
});

test("pending at the bank, then settled by 'check again with the bank'", async ({ page, request }) => {
  const who = await newAttendee(request);
  await signIn(page, who, "/events/code-sprint");
  const frame = await openCheckout(page, /Pay ₹250.00/);
  await frame.getByLabel(/Pending at bank/).check();
  await frame.getByRole("button", { name: "Pay ₹250.00" }).click();
  await expect(page.getByTestId("payment-status")).toContainText("Your bank is still deciding this payment");
  await shot(page, "payment-pending");
  await page.getByRole("button", { name: "Check again with the bank" }).click();
  await expect(page.getByTestId("payment-status")).toContainText("Payment successful");
});

test("the browser closed before the return: the attempt is settled by asking the gateway", async ({ page, request }) => {
  const who = await newAttendee(request);
  await signIn(page, who, "/events/code-sprint");
  const frame = await openCheckout(page, /Pay ₹250.00/);
  await frame.getByLabel(/browser closes before returning/).check();
  await frame.getByRole("button", { name: "Pay ₹250.00" }).click();
  await expect(frame.getByText(/this window closed before returning/)).toBeVisible();
  // The bank has the money: the window offers no "Cancel" any more, and Escape cannot claim a cancellation.
  await expect(frame.getByRole("button", { name: "Cancel payment" })).toHaveCount(0);
  await page.keyboard.press("Escape");
  await frame.getByRole("button", { name: "Close this window" }).click();
  await expect(page.locator("#atompay-sandbox-overlay")).toHaveCount(0);
  await expect(page.getByText("You cancelled the payment")).toHaveCount(0);
  // The attendee comes back later.
  await page.goto("/me/payments");
  await page.getByRole("list", { name: "Payments" }).getByRole("link").first().click();
  await expect(page.getByTestId("payment-status")).toContainText("Waiting for the bank");
  await page.getByRole("button", { name: "Check again with the bank" }).click();
  await expect(page.getByTestId("payment-status")).toContainText("Payment successful");
  // The button is rate-limited per attempt for everyone, so hammering it cannot flood the gateway.
});

test("another attendee gets 404 for someone else's payment, page and JSON", async ({ page, request }) => {
  const owner = await newAttendee(request, "owner");
  const started = await request.post("/api/atompay", { headers: await bearer(request, owner), data: { eventSlug: "code-sprint" } });
  expect(started.status()).toBe(201);
  const { merchTxnId } = await started.json();

  const stranger = await newAttendee(request, "stranger");
  expect((await request.get(`/api/payments/${merchTxnId}`, { headers: await bearer(request, stranger) })).status()).toBe(404);
  expect((await request.get(`/api/payments/${merchTxnId}`, { headers: await bearer(request, owner) })).status()).toBe(200);
  expect((await request.get(`/api/payments/${merchTxnId}`)).status()).toBe(401);
  await signIn(page, stranger);
  const res = await page.goto(`/payments/${merchTxnId}`);
  expect(res?.status()).toBe(404);
});

test("the payment window: focus moves in and stays in, Escape cancels (and cancelled means no money moved)", async ({ page, request }) => {
  const who = await newAttendee(request);
  await signIn(page, who, "/events/solo-singing");
  const frame = await openCheckout(page, /Pay ₹150.00/);
  await expect(frame.locator("input:checked").first()).toBeFocused();
  for (let i = 0; i < 25; i++) await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("IFRAME");
  await page.keyboard.press("Shift+Tab");
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("IFRAME");
  await page.keyboard.press("Escape");
  await expect(page.locator("#atompay-sandbox-overlay")).toHaveCount(0);
  await expect(page.getByText("You cancelled the payment. No money was taken.")).toBeVisible();
});

test("the result handed back by postMessage({ ndpsResponse }) reaches the return URL like the form POST", async ({ page, request }) => {
  const who = await newAttendee(request);
  await signIn(page, who, "/events/code-sprint");
  const frame = await openCheckout(page, /Pay ₹250.00/);
  await frame.getByLabel(/postMessage/).check();
  await frame.getByRole("button", { name: "Pay ₹250.00" }).click();
  await expect(page).toHaveURL(/\/payments\/ANW[0-9A-Z]+$/);
  await expect(page.getByTestId("payment-status")).toContainText("Payment successful");
});
