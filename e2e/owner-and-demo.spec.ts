// Issue 23 against the production build (`next start`, the public sandbox, as the README's demo runs): the dev
// mailbox is the organiser's only; sign-up and invitations say nothing about who has an account; an invitation
// to an address waits for its confirmation; and the owner gets in during an attack, by the device cookie their
// browser got at sign-in or by a mailed link. Clients are real distinct loopback addresses (e2e/net.ts).
import { expect, test } from "@playwright/test";
import { bearer, confirmEmail, DEMO, newAttendee, signIn } from "./helpers";
import { json, loopback, net } from "./net";

/** Signs in through Auth.js's own credentials callback from `from`; the session cookie, or null. */
async function authjs(from: string, email: string, password: string, cookie = ""): Promise<string | null> {
  const csrf = await net({ path: "/api/auth/csrf", from });
  const csrfCookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = JSON.parse(csrf.body);
  const res = await net({
    method: "POST",
    path: "/api/auth/callback/credentials",
    from,
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: [csrfCookie, cookie].filter(Boolean).join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/" }).toString(),
  });
  return (res.headers["set-cookie"] ?? []).find((c) => c.startsWith("authjs.session-token="))?.split(";")[0] ?? null;
}

async function mailTo(request: import("@playwright/test").APIRequestContext, to: string, contains: string): Promise<string> {
  const organiser = await bearer(request, DEMO.organiser);
  let text = "";
  await expect(async () => {
    const { mails } = await (await request.get("/api/dev/mail", { headers: organiser })).json();
    text = (mails as { to: string; text: string }[]).find((m) => m.to === to && m.text.includes(contains))?.text ?? "";
    expect(text).not.toBe("");
  }).toPass({ timeout: 30_000 });
  return text;
}

test("the dev mailbox: 404 to strangers and attendees, readable by organisers only", async ({ page, browser, request }) => {
  for (const path of ["/dev/mail", "/api/dev/mail", "/api/dev/mail/00000000-0000-4000-8000-000000000000"]) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(404);
  }
  const attendee = await newAttendee(request, "nosy");
  expect((await request.get("/api/dev/mail", { headers: await bearer(request, attendee) })).status()).toBe(404);
  await signIn(page, attendee);
  expect((await page.goto("/dev/mail"))?.status()).toBe(404);

  expect((await request.get("/api/dev/mail", { headers: await bearer(request, DEMO.organiser) })).status()).toBe(200);
  const organiser = await browser.newPage();
  await signIn(organiser, DEMO.organiser);
  expect((await organiser.goto("/dev/mail"))?.status()).toBe(200);
  await expect(organiser.getByRole("heading", { name: "Development mail" })).toBeVisible();
  await organiser.close();
});

test("sign-up and invitations answer the same whoever has an account; an invitation to an address waits for its confirmation", async ({
  request,
}) => {
  const fresh = `fresh-${Date.now()}@example.com`;
  const person = (email: string) => ({
    data: { name: "Kiran Rao", email, phone: "9876543210", college: "NIT", password: "plum-kettle-orbit-9" },
  });
  const created = await request.post("/api/users", person(fresh));
  const taken = await request.post("/api/users", person(DEMO.teammate.email));
  expect([created.status(), taken.status()]).toEqual([202, 202]);
  expect(await taken.json()).toEqual(await created.json());

  const captain = await newAttendee(request, "cap23");
  const address = `friend-${Date.now()}@college.example`;
  const made = await request.post("/api/teams", {
    headers: await bearer(request, captain),
    data: { eventSlug: "quiz-bowl", name: `Plans ${captain.anweshaId}`, members: [address] },
  });
  expect(made.status()).toBe(201);
  // Someone signs up with the address first: signed in at once, but nothing sent to the address is theirs yet.
  expect((await request.post("/api/users", person(address))).status()).toBe(202);
  const squatter = await bearer(request, { email: address, password: "plum-kettle-orbit-9" });
  expect((await (await request.get("/api/me/invitations", { headers: squatter })).json()).invitations).toEqual([]);
  // The link went to the address; opened, the invitation shows.
  await confirmEmail(request, address);
  expect((await (await request.get("/api/me/invitations", { headers: squatter })).json()).invitations).toHaveLength(1);
});

test("during an attack from 50 addresses the owner gets in: by their browser's device cookie, or by a mailed link", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const who = await newAttendee(request, "owner23");
  // A browser that signs in gets the device cookie: HttpOnly, signed, not readable by scripts.
  await signIn(page, who);
  const device = (await page.context().cookies()).find((c) => c.name === "anw_device");
  expect(device).toMatchObject({ httpOnly: true, sameSite: "Lax" });

  // The attack: 50 addresses, 3 wrong guesses each.
  await Promise.all(
    Array.from({ length: 50 }, async (_, a) => {
      for (let i = 0; i < 3; i++) {
        await net({ path: "/api/token", from: loopback(70, a), ...json({ email: who.email, password: `guess-${a}-${i}` }) });
      }
    }),
  );
  // The owner's password from an address they never used: slowed (the attacker keeps taking the slot).
  await net({ path: "/api/token", from: loopback(70, 0), ...json({ email: who.email, password: "one-more" }) });
  expect(await authjs(loopback(71, 0), who.email, who.password)).toBeNull();
  // The same browser's device cookie from another new address: in at once.
  const session = await authjs(loopback(71, 1), who.email, who.password, `anw_device=${device!.value}`);
  expect(session).not.toBeNull();

  // The mailed link, asked for from a new address: one click in a fresh browser signs in; the second use does not.
  const asked = await net({ path: "/api/sign-in-link", from: loopback(72, 0), ...json({ email: who.email }) });
  const unknown = await net({ path: "/api/sign-in-link", from: loopback(72, 0), ...json({ email: "no-one-23@example.com" }) });
  expect([asked.status, unknown.status]).toEqual([202, 202]);
  expect(asked.body).toBe(unknown.body);
  const text = await mailTo(request, who.email, "/sign-in/link?token=");
  const link = /(http\S+\/sign-in\/link\?token=[\w-]+)/.exec(text)![1]!;
  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto(link);
  await fresh.getByRole("button", { name: "Sign in" }).click();
  await expect(fresh.getByTestId("signed-in-as")).toBeVisible();
  const again = await (await browser.newContext()).newPage();
  await again.goto(link);
  await expect(again.getByText("This sign-in link has expired or was already used.")).toBeVisible();
});
