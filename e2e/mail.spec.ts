// Mail as a newcomer sees it (no SMTP configured: the app catches it at /dev/mail, which this production build
// opens to organisers only), and the account flows it carries: forgot password → the mail → a new password →
// signed in; sign out everywhere; profile edits.
import { type Browser, expect, type Page, test } from "@playwright/test";
import { DEMO, newAttendee, shot, signIn } from "./helpers";

/**
 * The newest caught mail with this subject to this address, read by the organiser in a browser of their own; the
 * job queue delivers within seconds.
 */
async function openMail(from: Page, subject: string, to: string) {
  const page = await signedInPage(from.context().browser()!, DEMO.organiser);
  const mail = page.getByRole("article", { name: subject }).filter({ has: page.getByTestId("mail-to").getByText(to, { exact: true }) });
  await expect(async () => {
    await page.goto("/dev/mail");
    await expect(mail.first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  return mail.first();
}

async function signedInPage(browser: Browser, who: { email: string; password: string }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, who);
  return page;
}

test("forgot password → the mail at /dev/mail → a new password → signed in; the old password no longer works", async ({
  page,
  request,
}) => {
  const who = await newAttendee(request, "reset");
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  // The link is a client-side navigation that waits for the server: until the new page is in, "Email" is still
  // the sign-in form's field, and typing there is lost when the page changes.
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(who.email);
  await page.getByRole("button", { name: "Mail me a reset link" }).click();
  await expect(page.getByRole("status")).toContainText(`If an account exists for ${who.email}`);

  const mail = await openMail(page, "Reset your Anwesha password", who.email);
  await shot(mail.page(), "dev-mail");
  const link = await mail.getByRole("link", { name: /\/reset-password\?token=/ }).getAttribute("href");
  expect(link).toMatch(/^http:\/\/localhost:\d+\/reset-password\?token=[\w-]{43}$/);

  await page.goto(link!);
  await page.getByLabel("New password").fill("password1234");
  await page.getByRole("button", { name: "Set new password and sign in" }).click();
  await expect(page.getByText(/commonly used password/)).toBeVisible();
  await page.getByLabel("New password").fill("saffron-kite-harbour-31");
  await page.getByRole("button", { name: "Set new password and sign in" }).click();
  await expect(page).toHaveURL(/\/me\?reset=1/);
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  await shot(page, "reset-signed-in");

  // The link was used: it is dead now.
  await page.goto(link!);
  await expect(page.getByText("This reset link has expired or was already used.")).toBeVisible();
  expect((await request.post("/api/token", { data: who })).status()).toBe(401);
  expect((await request.post("/api/token", { data: { email: who.email, password: "saffron-kite-harbour-31" } })).status()).toBe(200);
});

test("sign out everywhere: another browser's session fails at once, and so does the app's token", async ({ browser, request }) => {
  const who = await newAttendee(request, "everywhere");
  const laptop = await signedInPage(browser, who);
  const phone = await signedInPage(browser, who);
  const token = (await (await request.post("/api/token", { data: who })).json()).token as string;

  await laptop.goto("/me");
  await laptop.getByRole("link", { name: "Account settings" }).click();
  await expect(laptop.getByRole("list", { name: "API tokens" }).getByRole("listitem")).toHaveCount(1);
  await shot(laptop, "account-settings");
  await laptop.getByRole("button", { name: "Sign out everywhere" }).click();
  await laptop.getByRole("button", { name: "Yes, sign out everywhere" }).click(); // it asks first
  await expect(laptop).toHaveURL(/\/sign-in/);

  await phone.goto("/me");
  await expect(phone).toHaveURL(/\/sign-in\?callbackUrl=(%2F|\/)me$/);
  await expect(phone.getByTestId("signed-in-as")).toHaveCount(0);
  expect((await request.get("/api/me", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(401);
});

test("the welcome mail carries the Anwesha ID; name, mobile and college can be edited", async ({ page, request }) => {
  const who = await newAttendee(request, "welcome");
  const mail = await openMail(page, `Welcome to Anwesha: your ID is ${who.anweshaId}`, who.email);
  await expect(mail).toBeVisible();

  await signIn(page, who, "/me/account");
  await page.getByLabel("Full name").fill("Renamed Person");
  await page.getByLabel("Mobile number").fill("91234 56780");
  await page.getByLabel("College").fill("NIT Patna");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await page.goto("/me");
  await expect(page.getByText("Renamed Person").first()).toBeVisible();
  await expect(page.getByText("9123456780")).toBeVisible();
});
