// Issue 24, "Wrong or broken", in Chromium through the sandbox gateway: each thing a new user tripped on, where it
// lives in a page. (The clock past midnight, the receipt mail's words and the password rule have unit tests
// beside their modules: lib/format.test.ts, lib/mail/templates/templates.test.ts, lib/users/password-policy.test.ts.)
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { toIndiaInput } from "../lib/format";
import { bearer, DEMO, newAttendee, openCheckout, payByApi, shot, signIn } from "./helpers";

const DAY = 24 * 60 * 60 * 1000;
const uniqueSlug = (tag: string) => `${tag}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;

async function axe(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes[0]?.target.join(" ")} — ${v.help}`)).toEqual([]);
}

/** Phone and laptop, light and dark; axe in both schemes. */
async function shots(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await axe(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, `walk-broken-${name}-phone-${scheme}`);
    await page.setViewportSize({ width: 1366, height: 768 });
    await shot(page, `walk-broken-${name}-laptop-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

async function newEvent(request: APIRequestContext, over: Record<string, unknown>) {
  const slug = uniqueSlug("walk");
  const res = await request.post("/api/organiser/events", {
    headers: await bearer(request, DEMO.organiser),
    data: { slug, name: `Walk ${slug.slice(-5)}`, kind: "solo", feePaise: 10_000, ...over },
  });
  expect(res.status(), await res.text()).toBe(201);
  return { slug, name: `Walk ${slug.slice(-5)}` };
}

const sandbox = (request: APIRequestContext, data: Record<string, unknown>) => request.post("/sandbox/atompay/scenarios", { data });

test("1, 5: an event not open yet says when it opens (event page, home card); the door console counts 0 of 0", async ({
  page,
  request,
}) => {
  const opens = new Date(Date.now() + 10 * DAY);
  opens.setUTCSeconds(0, 0);
  const event = await newEvent(request, { opensAt: opens.toISOString(), startsAt: new Date(Date.now() + 20 * DAY).toISOString() });
  await page.goto(`/events/${event.slug}`);
  const note = page.getByTestId("registration-not-open");
  await expect(note).toContainText("Registration for this event opens on");
  await expect(note).toContainText("IST");
  await expect(page.getByText("has closed")).toHaveCount(0);
  await expect(page.getByText("Not open yet")).toBeVisible();
  await shots(page, "not-open-event");

  await page.goto("/");
  const card = page.getByRole("link").filter({ hasText: event.name });
  await expect(card).toContainText("Registration opens");
  await expect(card).not.toContainText("Registration closed");

  await signIn(page, DEMO.organiser);
  await page.goto("/organiser/checkin");
  await expect(page.getByTestId(`door-count-${event.slug}`)).toContainText("0 of 0");
});

test("3: AtomPay's status service down: the payment page's own checks and the console's re-check say when we try again", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const who = await newAttendee(request, "gwdown");
  const started = await request.post("/api/atompay", { headers: await bearer(request, who), data: { eventSlug: "solo-singing" } });
  expect(started.status()).toBe(201);
  const { merchTxnId } = await started.json();
  expect((await sandbox(request, { status: "down" })).status()).toBe(200);
  try {
    await signIn(page, who, `/payments/${merchTxnId}`);
    // The page asks the gateway itself 8 s after opening.
    const notice = page.getByText(/^AtomPay is not answering; we will try again at \d{1,2}:\d{2}\s[ap]m\sIST\./);
    await expect(notice).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText("Something went wrong on our side")).toHaveCount(0);
    await shots(page, "gateway-down-payment");

    await signIn(page, DEMO.organiser, `/organiser/payments/${merchTxnId}`);
    await page.getByRole("button", { name: "Re-check with AtomPay" }).click();
    await expect(page.getByTestId("recheck-result")).toHaveText(
      /^AtomPay is not answering; nothing was changed\. Re-check at \d{1,2}:\d{2}\s[ap]m\sIST or later/,
    );
  } finally {
    await sandbox(request, { reset: true });
  }
});

test("4: the console's search finds a team's payment by a member's name, email, Anwesha ID, the team's name, a spaced phone", async ({
  page,
  request,
}) => {
  const captain = await newAttendee(request, "srchcap");
  const member = await newAttendee(request, "srchmem");
  const capAuth = await bearer(request, captain);
  const memAuth = await bearer(request, member);
  const teamName = `Quizzards ${Date.now().toString(36)}`;
  const made = await request.post("/api/teams", {
    headers: capAuth,
    data: { eventSlug: "quiz-bowl", name: teamName, members: [member.anweshaId] },
  });
  expect(made.status(), await made.text()).toBe(201);
  const { teamId } = await made.json();
  const { invitations } = await (await request.get("/api/me/invitations", { headers: memAuth })).json();
  const invitation = (invitations as { id: string; teamId: string }[]).find((i) => i.teamId === teamId)!;
  expect((await request.post(`/api/invitations/${invitation.id}/accept`, { headers: memAuth })).status()).toBe(200);
  const merchTxnId = await payByApi(request, capAuth, { eventSlug: "quiz-bowl", teamId });
  const me = (await (await request.get("/api/me", { headers: memAuth })).json()).user as { name: string; phone: string };

  await signIn(page, DEMO.organiser);
  const spaced = `${me.phone.slice(0, 5)} ${me.phone.slice(5)}`;
  for (const q of [me.name, member.email, member.anweshaId, teamName, spaced]) {
    await page.goto(`/organiser/payments?q=${encodeURIComponent(q)}`);
    await expect(page.getByRole("link", { name: merchTxnId }).first(), q).toBeVisible();
  }
});

test("7: the door: junk says what to type, one pass is '1 pass', no '—:' in the scan log, a space before (waiting to sync)", async ({
  page,
  request,
}) => {
  const event = await newEvent(request, {});
  await signIn(page, DEMO.organiser, `/checkin?event=${event.slug}`);
  await expect(page.getByTestId("bundle-state")).toContainText("Offline list: 0 passes");
  const input = page.getByLabel("Anwesha ID");
  await input.fill("hello");
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByTestId("door-result")).toHaveText(
    "“hello” is not an Anwesha ID or a pass. Type an Anwesha ID like ANW-7K3Q9P, or scan the pass's QR code.",
  );
  await expect(page.getByText("Some fields are not valid.")).toHaveCount(0);
  // An Anwesha ID typed in lower case without its dash is read; nobody with it is registered here.
  const stranger = await newAttendee(request, "doorx");
  await input.fill(stranger.anweshaId.toLowerCase().replace("-", ""));
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByTestId("door-result")).toContainText(`${stranger.anweshaId} has no paid registration for ${event.name}`);
  const log = page.getByTestId("scan-log");
  await expect(log).toContainText(`${stranger.anweshaId} has no paid registration`);
  await expect(log).not.toContainText("—:");
  await shots(page, "door");

  // One paid pass, then a scan offline: "1 pass", and "(waiting to sync)" apart from the words before it.
  const payer = await newAttendee(request, "doorpay");
  await payByApi(request, await bearer(request, payer), { eventSlug: event.slug });
  await page.reload();
  await expect(page.getByTestId("bundle-state")).toContainText("Offline list: 1 pass,");
  await page.context().setOffline(true);
  try {
    await input.fill(payer.anweshaId);
    await page.getByRole("button", { name: "Check" }).click();
    await expect(page.getByTestId("door-result")).toHaveAttribute("data-result", "admitted");
    await expect(log.locator("li").first()).toContainText(/\S \(waiting to sync\)/);
  } finally {
    await page.context().setOffline(false);
  }
});

test("9: the event form lists every problem at once and refuses a start before registration opens", async ({ page }) => {
  await signIn(page, DEMO.organiser, "/organiser/events/new");
  await page.getByRole("button", { name: "Create event" }).click();
  const errors = page.getByTestId("event-form-errors");
  await expect(errors).toContainText("Fee (₹)");
  await expect(errors).toContainText("Name");
  await expect(errors).toContainText("Slug");

  const opens = new Date(Date.now() + 10 * DAY);
  await page.getByLabel("Name").fill("Walk Early Start");
  await page.getByLabel("Fee (₹)").fill("100");
  await page.getByLabel("Registration opens").fill(toIndiaInput(opens));
  await page.getByLabel("Starts at").fill(toIndiaInput(new Date(opens.getTime() - DAY)));
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(errors).toContainText("can't start before registration opens");
  await expect(page.getByLabel("Starts at")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/organiser\/events\/new$/);
  await shots(page, "event-form-errors");
});

test("10: a password reset is confirmed on /me; 'Sign out everywhere' asks first, then the sign-in page confirms it", async ({
  page,
  request,
}) => {
  const who = await newAttendee(request, "everywhere");
  await signIn(page, who, "/me?reset=1");
  await expect(page.getByText("Your password is changed.")).toBeVisible();
  await shots(page, "me-reset");

  await page.goto("/me/account");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  const confirm = page.getByTestId("sign-out-everywhere-confirm");
  await expect(confirm).toContainText("Sign out of every device, this one too?");
  await expect(confirm.getByText(/Sign out of every device/)).toBeFocused();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await shots(page, "sign-out-everywhere-confirm");
  await page.getByRole("button", { name: "Yes, sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/sign-in\?signedOut=everywhere/);
  await expect(page.getByText("You are signed out on every device")).toBeVisible();
  await shots(page, "signed-out-everywhere");
});

test("11: sign-up refuses a password made of the person's name, in plain English", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Full name").fill("Riya Sen");
  await page.getByLabel("Email").fill(`riya-${Date.now()}@example.com`);
  await page.getByLabel("Mobile number").fill("98765 01234");
  await page.getByLabel("College").fill("NIT Patna");
  await page.getByLabel("Password").fill("Riyasen2027");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Don't use your name or email address in your password.")).toBeVisible();
  await expect(page.getByText("personal or page related data")).toHaveCount(0);
});

test("12: inviting what is not an email or an Anwesha ID says so; inviting yourself is refused", async ({ page, request }) => {
  const who = await newAttendee(request, "inviter");
  await signIn(page, who, "/events/robo-wars");
  await page.getByLabel("Team name").fill(`Walkers ${Date.now().toString(36)}`);
  const members = page.getByLabel("People to invite");
  await members.fill("not-an-email");
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByText("“not-an-email” is not an email address or an Anwesha ID.")).toBeVisible();
  await expect(page.getByText(/No account has the Anwesha ID/)).toHaveCount(0);
  await members.fill(who.email);
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByText("That is you: as the captain you are already in the team.")).toBeVisible();
  await shots(page, "invite-yourself");
});

test("13: paying in one tab moves another tab's open payment window to the payment's real state", async ({ page, request }) => {
  const who = await newAttendee(request, "twotabs");
  await signIn(page, who, "/events/solo-singing");
  const other = await page.context().newPage();
  await other.goto("/events/solo-singing");
  await openCheckout(other, /Pay ₹150.00/);
  await expect(other.getByText("The secure payment window is open.")).toBeVisible();

  const frame = await openCheckout(page, /Pay ₹150.00/);
  await frame.getByRole("button", { name: "Pay ₹150.00" }).click();
  await expect(page).toHaveURL(/\/payments\/ANW[0-9A-Z]+$/);
  const paidAt = new URL(page.url()).pathname;
  // Without word from the paying tab, the other would look only after a minute.
  await expect(other).toHaveURL(new RegExp(`${paidAt}$`), { timeout: 15_000 });
  await expect(other.getByText("The secure payment window is open.")).toHaveCount(0);
  await expect(other.getByTestId("payment-status")).toContainText("Paid");
});
