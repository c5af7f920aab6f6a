import { expect, test } from "@playwright/test";
import { DEMO, shot, signIn, uniqueEmail } from "./helpers";

test("the home page lists the festival's events with fees and open/closed state", async ({ page }) => {
  await page.goto("/");
  const list = page.getByRole("list", { name: "Events" });
  await expect(list.getByRole("link", { name: /Code Sprint/ })).toContainText("₹250.00");
  await expect(list.getByRole("link", { name: /Robo Wars/ })).toContainText("Team of 2–5");
  await expect(list.getByRole("link", { name: /Treasure Hunt/ })).toContainText("Registration closed");
  await shot(page, "home");
});

test("sign up issues an Anwesha ID; sign out and sign in again", async ({ page }) => {
  const email = uniqueEmail("newbie");
  await page.goto("/sign-up");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter your full name.")).toBeVisible();
  await page.getByLabel("Full name").fill("Nia Newbie");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Mobile number").fill("98765 01234");
  await page.getByLabel("College").fill("IIT Patna");
  await page.getByLabel("Password").fill("a-long-password");
  await page.getByRole("button", { name: "Create account" }).click();
  // The same next step whether or not the email had an account: sign in.
  await expect(page).toHaveURL(/\/sign-in\?signedUp=1$/);
  await expect(page.getByRole("status")).toContainText("We have sent a mail to that address");
  // The email typed a moment ago is already in the sign-in form: only the password is typed again.
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await page.getByLabel("Password").fill("a-long-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/me\?welcome=1/);
  const id = await page.getByTestId("anwesha-id").textContent();
  expect(id).toMatch(/^ANW-[0-9A-Z]{6}$/);
  await expect(page.getByRole("status")).toContainText(id!);
  await shot(page, "welcome");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  await signIn(page, { email: email.toUpperCase(), password: "a-long-password" });
  await expect(page.getByTestId("signed-in-as")).toContainText(id!);
});

test("signing up with a taken email looks exactly like signing up with a new one", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Full name").fill("Asha Again");
  await page.getByLabel("Email").fill("Attendee@Example.com");
  await page.getByLabel("Mobile number").fill("9876543210");
  await page.getByLabel("College").fill("IIT Patna");
  await page.getByLabel("Password").fill("whatever-plum-kettle-9");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/sign-in\?signedUp=1$/);
  await expect(page.getByRole("status")).toContainText("We have sent a mail to that address");
  await expect(page.getByText(/already/i)).toHaveCount(0);
});

test("a wrong password is refused without saying whether the account exists", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO.attendee.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /match an account/ })).toHaveText(
    "That email and password don't match an account.",
  );
  await shot(page, "sign-in-error");
});

test("guarded pages send anonymous visitors to sign in, then back", async ({ page }) => {
  await page.goto("/me/payments");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fme%2Fpayments/);
  await page.getByLabel("Email").fill(DEMO.attendee.email);
  await page.getByLabel("Password").fill(DEMO.attendee.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/me\/payments$/);
  await expect(page.getByRole("heading", { name: "My payments" })).toBeVisible();
});

test("the organisers' console is for organisers only", async ({ page, browser }) => {
  await signIn(page, DEMO.attendee);
  const res = await page.goto("/organiser/payments");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();

  const organiser = await browser.newPage();
  await signIn(organiser, DEMO.organiser);
  const ok = await organiser.goto("/organiser/payments");
  expect(ok?.status()).toBe(200);
  await expect(organiser.getByRole("heading", { name: "Payments", exact: true })).toBeVisible();
  await organiser.close();
});

test("API clients sign up, get a bearer token and use it", async ({ request }) => {
  const email = uniqueEmail("mobile");
  const created = await request.post("/api/users", {
    data: { name: "Mo Bile", email, phone: "9000000001", college: "NIT", password: "plum-kettle-orbit-55" },
  });
  expect(created.status()).toBe(202);
  // A second sign-up with the same email is answered the same way (its owner gets a mail instead).
  const again = await request.post("/api/users", {
    data: { name: "Mo Bile", email, phone: "9000000001", college: "NIT", password: "plum-kettle-orbit-55" },
  });
  expect(again.status()).toBe(202);
  expect(await again.json()).toEqual(await created.json());
  const invalid = await request.post("/api/users", { data: { email: "nope" } });
  expect(invalid.status()).toBe(422);
  expect((await invalid.json()).error.fields.email).toBeTruthy();

  expect((await request.post("/api/token", { data: { email, password: "wrong-pass" } })).status()).toBe(401);
  const tokenRes = await request.post("/api/token", { data: { email, password: "plum-kettle-orbit-55" } });
  expect(tokenRes.status()).toBe(200);
  const { token, expiresAt } = await tokenRes.json();
  expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());

  const me = await request.get("/api/me", { headers: { Authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect((await me.json()).user.anweshaId).toMatch(/^ANW-/);
  expect((await request.get("/api/me", { headers: { Authorization: "Bearer anw_forged" } })).status()).toBe(401);
  expect((await request.get("/api/me")).status()).toBe(401);

  const events = await (await request.get("/api/events")).json();
  expect(events.events.find((e: { slug: string }) => e.slug === "treasure-hunt").open).toBe(false);
  expect(events.events.find((e: { slug: string }) => e.slug === "code-sprint")).toMatchObject({
    kind: "solo",
    feePaise: 25000,
    open: true,
  });
});

// A tap before the page's scripts have loaded (a slow phone) posts the form as plain HTML: the server actions
// must work that way too. With JavaScript off, every submit takes that path.
test("before the scripts load (JavaScript off), sign-in, forgot password and sign-up still work", async ({ browser, request }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO.attendee.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That email and password don't match an account.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(DEMO.attendee.email);

  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(DEMO.attendee.email);
  await page.getByRole("button", { name: "Mail me a reset link" }).click();
  await expect(page.getByText(`If an account exists for ${DEMO.attendee.email}`)).toBeVisible();

  const email = uniqueEmail("nojs");
  await page.goto("/sign-up");
  await page.getByLabel("Full name").fill("Noor Script");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Mobile number").fill("9876509876");
  await page.getByLabel("College").fill("IIT Patna");
  await page.getByLabel("Password").fill("Lantern-Quasar-81-Bicycle");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/sign-in\?signedUp=1$/);
  await expect(page.getByText("We have sent a mail to that address")).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("Lantern-Quasar-81-Bicycle");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText("Noor Script");
  expect((await request.post("/api/token", { data: { email, password: "Lantern-Quasar-81-Bicycle" } })).status()).toBe(200);
  await context.close();
});
