import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);

export const DEMO = {
  attendee: { email: "attendee@example.com", password: "attendee-demo" },
  teammate: { email: "teammate@example.com", password: "teammate-demo" },
  organiser: { email: "organiser@example.com", password: "organiser-demo" },
};

export async function signIn(page: Page, who: { email: string; password: string }, callbackUrl?: string) {
  await page.goto(callbackUrl ? `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
}

export function uniqueEmail(tag: string) {
  return `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

import type { APIRequestContext } from "@playwright/test";

let seq = 0;
/**
 * A fresh attendee made through the public API, so each test owns its registrations. `verified`: they also open
 * the confirmation link mailed to them (needed to see invitations addressed to their email).
 */
export async function newAttendee(request: APIRequestContext, tag = "att", opts: { verified?: boolean } = {}) {
  seq++;
  const email = uniqueEmail(tag);
  // No word of the name (`E2E ${tag} …`) may be in it (lib/users/password-policy.ts): a tag like "pass" would be.
  const password = "e2e-Zq7-xkv-91";
  const phone = `9${String(Date.now() + seq).slice(-9)}`;
  const res = await request.post("/api/users", { data: { name: `E2E ${tag} ${seq}`, email, phone, college: "E2E College", password } });
  // 202 for a new and a taken email alike; the new account's Anwesha ID is read back once signed in.
  expect(res.status()).toBe(202);
  const auth = await bearer(request, { email, password });
  const me = await request.get("/api/me", { headers: auth });
  const { anweshaId } = (await me.json()).user;
  // That token was only for reading the ID: revoke it, so the account has no app token its test did not make.
  const { tokens } = await (await request.get("/api/me/tokens", { headers: auth })).json();
  const current = (tokens as { id: string; current: boolean }[]).find((x) => x.current)!;
  expect((await request.delete(`/api/me/tokens/${current.id}`, { headers: auth })).status()).toBe(204);
  if (opts.verified) await confirmEmail(request, email);
  return { email, password, anweshaId: anweshaId as string };
}

/** Opens the confirmation link mailed to `email`, read from the mailbox the e2e server shows organisers. */
export async function confirmEmail(request: APIRequestContext, email: string) {
  const organiser = await bearer(request, DEMO.organiser);
  let token: string | null = null;
  await expect(async () => {
    const { mails } = await (await request.get("/api/dev/mail", { headers: organiser })).json();
    const mail = (mails as { to: string; text: string }[]).find((m) => m.to === email && m.text.includes("/verify-email?token="));
    token = mail ? new URL(/(http\S+\/verify-email\?token=[\w.-]+)/.exec(mail.text)![1]!).searchParams.get("token") : null;
    expect(token).not.toBeNull();
  }).toPass({ timeout: 30_000 });
  expect((await request.post("/api/verify-email", { data: { token } })).status()).toBe(200);
}

export async function bearer(request: APIRequestContext, who: { email: string; password: string }) {
  const res = await request.post("/api/token", { data: who });
  expect(res.status()).toBe(200);
  return { Authorization: `Bearer ${(await res.json()).token}` };
}

/** Opens the gateway's checkout from the event page and returns the sandbox frame. */
export async function openCheckout(page: Page, buttonName: RegExp) {
  await page.getByRole("button", { name: buttonName }).click();
  const frame = page.frameLocator('iframe[title="AtomPay sandbox checkout"]');
  await expect(frame.getByText("SANDBOX · TEST GATEWAY · NO REAL MONEY")).toBeVisible();
  // The window's page loaded to the end (its script has run): on a loaded machine a choice clicked while the page is
  // still loading did not register (a flaky "did not change its state").
  await expect.poll(() => page.frames().some((f) => f.url().includes("/sandbox/atompay/pay"))).toBe(true);
  await page
    .frames()
    .find((f) => f.url().includes("/sandbox/atompay/pay"))!
    .waitForLoadState("load");
  return frame;
}

/**
 * Starts a payment over the API and completes it on the sandbox with `outcome`, returning the browser's return
 * through /api/response as the gateway would; gives the merchTxnId. (No page involved: quick set-up for specs.)
 */
export async function payByApi(
  request: APIRequestContext,
  auth: Record<string, string>,
  data: Record<string, unknown>,
  outcome: "success" | "failure" | "cancel" | "pending" = "success",
): Promise<string> {
  const started = await request.post("/api/atompay", { headers: auth, data });
  expect(started.status()).toBe(201);
  const { merchTxnId, atomTokenId } = await started.json();
  const done = await request.post("/sandbox/atompay/pay/complete", { data: { atomTokenId, outcome } });
  expect(done.status()).toBe(200);
  const { form } = await done.json();
  const back = await request.post("/api/response", {
    form,
    maxRedirects: 0,
    headers: { accept: "text/html", "sec-fetch-mode": "navigate" },
  });
  expect(back.status()).toBe(303);
  return merchTxnId as string;
}

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 768 };

async function axe(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0]?.target.join(" ")}`),
    `axe on ${what}`,
  ).toEqual([]);
}

/** Axe at both sizes (390 × 844 and 1366 × 768), in light and dark, and nothing wider than the phone. */
export async function axeBothSizes(page: Page, what: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      await axe(page, `${what} at ${size.width} px (${scheme})`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${what} at ${size.width} px scrolls sideways`).toBe(0);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
}
