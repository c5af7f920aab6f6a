// Issue 24, "missing" (the attendee half), in Chromium at a phone's and a laptop's size, light and dark: the
// payment page's passes with their time and venue, "Add to calendar" and "Send my receipt and pass again"; on the
// account page, change password, change email, download my data and delete my account. axe on each state.
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { bearer, DEMO, newAttendee, payByApi, shot, signIn } from "./helpers";

async function noViolations(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0]?.target.join(" ")} — ${v.help}`),
    `axe on ${what}`,
  ).toEqual([]);
}

/** Phone (390 × 844) and laptop (1366 × 768), light and dark, with axe in each scheme. */
async function walk(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, `missing-${name}-phone-${scheme}`);
    await page.setViewportSize({ width: 1366, height: 768 });
    await shot(page, `missing-${name}-laptop-${scheme}`);
    await noViolations(page, `${name} (${scheme})`);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

async function mailsTo(request: APIRequestContext, to: string, subject: RegExp) {
  const organiser = await bearer(request, DEMO.organiser);
  const { mails } = await (await request.get("/api/dev/mail", { headers: organiser })).json();
  return (mails as { to: string; subject: string; text: string }[]).filter((m) => m.to === to && subject.test(m.subject));
}

test.describe.configure({ timeout: 300_000 }); // many screenshots and axe runs on two shared cores

test("the payment page: each pass with its time and venue, add to calendar, send my receipt and pass again", async ({ page, request }) => {
  const who = await newAttendee(request, "passes");
  const merchTxnId = await payByApi(request, await bearer(request, who), {
    items: [{ eventSlug: "code-sprint" }, { eventSlug: "solo-singing" }],
  });
  await signIn(page, who, `/payments/${merchTxnId}`);
  const passes = page.locator("[data-entry-pass]");
  await expect(passes).toHaveCount(2);
  await expect(passes.first().getByTestId("pass-when-where")).toHaveText(/^\d{1,2}\s\w{3}\s\d{4}, \d{1,2}:\d{2}\s[ap]m\sIST · .+/);
  await expect(page.getByText("Computer Centre, Lab 2")).toBeVisible();

  // Add to calendar: a download of a valid calendar file, for the signed-in holder only.
  const link = passes.first().getByRole("link", { name: /Add to calendar/ });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/\.ics$/);
  const ics = await page.request.get((await link.getAttribute("href"))!);
  expect(ics.status()).toBe(200);
  const body = await ics.text();
  expect(body).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\n/);
  expect(body).toMatch(/\r\nDTSTART:\d{8}T\d{6}Z\r\n/);
  const stranger = await bearer(request, await newAttendee(request, "stranger"));
  expect((await request.get((await link.getAttribute("href"))!, { headers: stranger })).status()).toBe(404);

  await expect.poll(async () => (await mailsTo(request, who.email, /^Receipt for/)).length, { timeout: 30_000 }).toBe(1);
  const [receipt] = await mailsTo(request, who.email, /^Receipt for/);
  expect(receipt!.text).toContain("Computer Centre, Lab 2");
  expect(receipt!.text).toContain("Your 2 entry passes");

  await page.getByRole("button", { name: "Send my receipt and pass again" }).click();
  await expect(page.getByText("Sent to your email address. It can take a minute or two to arrive.")).toBeVisible();
  await expect.poll(async () => (await mailsTo(request, who.email, /^Receipt for/)).length, { timeout: 30_000 }).toBe(2);
  await walk(page, "payment-page");
});

test("the account page: change password, change email, download my data, delete my account", async ({ page, request }) => {
  const who = await newAttendee(request, "account");
  await signIn(page, who, "/me");
  await expect(page.getByRole("navigation", { name: "Your account's settings" })).toBeVisible();
  await walk(page, "me");
  await page.getByRole("link", { name: "Change password" }).click();
  await expect(page.getByRole("heading", { name: "Change password" })).toBeVisible();
  await walk(page, "account");

  // Change password: a wrong current password is said on its field; then the right one keeps this browser signed in.
  const form = page.locator("form", { has: page.getByRole("button", { name: "Change password" }) });
  await form.getByLabel("Current password").fill("not-my-password");
  await form.getByLabel("New password").fill("saffron-lantern-orbit-93");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByText("Your current password is not right.").first()).toBeVisible();
  await walk(page, "account-password-wrong");
  await form.getByLabel("Current password").fill(who.password);
  await form.getByLabel("New password").fill("saffron-lantern-orbit-93");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password is changed.")).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  const password = "saffron-lantern-orbit-93";

  // Change email: a link goes to the new address; the account keeps the old one until it is opened.
  const newEmail = `moved-${Date.now()}@example.com`;
  const emailForm = page.locator("form", { has: page.getByRole("button", { name: "Send the link" }) });
  await emailForm.getByLabel("New email address").fill(newEmail);
  await emailForm.getByLabel("Current password").fill(password);
  await emailForm.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByText(`We sent a link to ${newEmail}.`)).toBeVisible();
  await walk(page, "account-email-sent");
  await expect.poll(async () => (await mailsTo(request, newEmail, /new email address/)).length, { timeout: 30_000 }).toBe(1);

  // Download my data: a JSON file of the account, with no secrets.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download my data" }).click()]);
  expect(download.suggestedFilename()).toBe(`anwesha-my-data-${who.anweshaId}.json`);
  const data = await (await page.request.get("/api/me/data")).json();
  expect(data.account).toMatchObject({ email: who.email, anweshaId: who.anweshaId });
  expect(JSON.stringify(data)).not.toMatch(/argon2|passwordHash/);

  // Delete: the password again, and a confirmation; then signed out, and the account cannot sign in.
  const deleteForm = page.locator("form", { has: page.getByRole("button", { name: "Delete my account" }) });
  await deleteForm.getByLabel("Your password").fill("wrong-password");
  page.once("dialog", (d) => void d.accept());
  await deleteForm.getByRole("button", { name: "Delete my account" }).click();
  await expect(deleteForm.getByText("Your current password is not right.").first()).toBeVisible();
  await deleteForm.getByLabel("Your password").fill(password);
  page.once("dialog", (d) => void d.accept());
  await deleteForm.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByText("Your account is deleted and you are signed out.")).toBeVisible();
  await walk(page, "account-deleted");
  expect((await request.post("/api/token", { data: { email: who.email, password } })).status()).toBe(401);
});
