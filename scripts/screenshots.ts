// A screenshot walk of every page, on a 390 px phone and a 1366 px laptop (and the main pages in dark mode), for a
// person to look at. Against a running app with the sandbox gateway:
//   npm run dev   (or a production build), then   npx tsx scripts/screenshots.ts [--base http://localhost:3000]
// It makes its own people and payments through the public API and the sandbox's page, so it can run again on
// the same database. Writes screenshots/<width>/<name>.png (git ignores the folder).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, request as apiRequest, type Browser, type BrowserContext, chromium, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, systemChromium } from "../e2e/chromium";
import { shootIssue24States } from "./screenshot-states";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const BASE = (arg("base") ?? process.env.BASE_URL ?? "http://localhost:3000").replace(/\/+$/, "");
const OUT = path.resolve(arg("out") ?? "screenshots");
const WIDTHS = [
  { name: "phone-390", viewport: { width: 390, height: 844 }, isMobile: true },
  { name: "laptop-1366", viewport: { width: 1366, height: 768 }, isMobile: false },
] as const;

type Person = { email: string; password: string; anweshaId: string; name: string };

let seq = 0;
async function newPerson(api: APIRequestContext, tag: string): Promise<Person> {
  seq++;
  const stamp = `${Date.now()}${seq}`;
  const person = {
    name: `${tag} Sharma-Raghunathan`,
    email: `shots-${tag.toLowerCase()}-${stamp}@example.com`,
    password: "screenshot-pass-1",
  };
  const res = await api.post("/api/users", {
    data: { ...person, phone: `9${stamp.slice(-9)}`, college: "National Institute of Technology, Patna" },
  });
  if (res.status() !== 202) throw new Error(`sign-up failed: ${res.status()} ${await res.text()}`);
  const me = await api.get("/api/me", { headers: await bearer(api, { ...person, anweshaId: "" }) });
  return { ...person, anweshaId: (await me.json()).user.anweshaId as string };
}

async function bearer(api: APIRequestContext, who: Person) {
  const res = await api.post("/api/token", { data: { email: who.email, password: who.password } });
  return { Authorization: `Bearer ${(await res.json()).token}` };
}

async function signedIn(browser: Browser, who: Person | null, opts: Parameters<Browser["newContext"]>[0]): Promise<BrowserContext> {
  const ctx = await browser.newContext({ ...opts, baseURL: BASE });
  if (who) {
    const page = await ctx.newPage();
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(who.email);
    await page.getByLabel("Password").fill(who.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("signed-in-as").waitFor();
    await page.close();
  }
  return ctx;
}

/** Pays on the event page through the sandbox's checkout with the given outcome; returns the payment's URL path. */
async function pay(page: Page, eventPath: string, button: RegExp, outcome: RegExp | null): Promise<string> {
  await page.goto(eventPath);
  await page.getByRole("button", { name: button }).click();
  const frame = page.frameLocator('iframe[title="AtomPay sandbox checkout"]');
  await frame.getByText("SANDBOX · TEST GATEWAY · NO REAL MONEY").waitFor();
  if (outcome) await frame.getByRole("radio", { name: outcome }).check();
  await frame.getByRole("button", { name: /^Pay ₹/ }).click();
  await page.waitForURL(/\/payments\/ANW[0-9A-Z]+$/);
  return new URL(page.url()).pathname;
}

async function shoot(page: Page, dir: string, name: string, url?: string, settle = true) {
  if (url) await page.goto(url);
  if (settle) await page.waitForLoadState("networkidle").catch(() => {});
  // `next dev` draws its own badge in a corner; it is not part of the app.
  await page.addStyleTag({ content: "nextjs-portal { display: none !important; }" }).catch(() => {});
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
  console.log(`  ${name}`);
}

async function main() {
  const api = await apiRequest.newContext({ baseURL: BASE });
  const health = await api.get("/api/health").catch(() => null);
  if (!health?.ok()) throw new Error(`no app answering at ${BASE}/api/health`);
  const browser = await chromium.launch({ executablePath: systemChromium(), args: CHROMIUM_ARGS });

  // The people and payments every width shows.
  const captain = await newPerson(api, "Captain");
  const mate = await newPerson(api, "Mate");
  const shopper = await newPerson(api, "Shopper");
  const organiser: Person = { email: "organiser@example.com", password: "organiser-demo", anweshaId: "", name: "" };
  const setup = await signedIn(browser, captain, { viewport: { width: 1366, height: 900 } });
  const page = await setup.newPage();
  const paid = await pay(page, "/events/solo-singing", /Pay ₹150.00/, null);
  const failed = await pay(page, "/events/code-sprint", /Pay ₹250.00/, /^Failure \(declined/);
  const pending = await pay(page, "/events/code-sprint", /Pay ₹250.00/, /Pending at bank/);
  // The pending page settles by itself within seconds: shoot it at once, at both widths.
  for (const w of WIDTHS) {
    const dir = path.join(OUT, w.name);
    mkdirSync(dir, { recursive: true });
    await page.setViewportSize(w.viewport);
    await shoot(page, dir, "payment-pending", undefined, false);
  }
  await page.getByText("Payment successful").waitFor({ timeout: 60_000 });
  await shoot(page, path.join(OUT, WIDTHS[1].name), "payment-pending-settled-by-itself", undefined, false);
  const team = await api.post("/api/teams", {
    headers: await bearer(api, captain),
    data: { eventSlug: "robo-wars", name: `Circuit Breakers ${captain.anweshaId.slice(-3)}`, members: [mate.anweshaId] },
  });
  if (team.status() !== 201) throw new Error(`team: ${team.status()} ${await team.text()}`);
  const { teamId } = await team.json();
  const mateAuth = await bearer(api, mate);
  const [invitation] = (await (await api.get("/api/me/invitations", { headers: mateAuth })).json()).invitations;
  await api.post(`/api/invitations/${invitation.id}/accept`, { headers: mateAuth });
  const teamPaid = await pay(page, "/events/robo-wars", /for the team/, null);
  await setup.close();
  const shopperAuth = await bearer(api, shopper);
  for (const eventSlug of ["code-sprint", "solo-singing"]) await api.post("/api/basket", { headers: shopperAuth, data: { eventSlug } });
  // A team the shopper captains with an invitation nobody answered yet: the roster shows it.
  await api.post("/api/teams", {
    headers: shopperAuth,
    data: { eventSlug: "quiz-bowl", name: `Night Owls ${shopper.anweshaId.slice(-3)}`, members: [captain.anweshaId] },
  });
  // Issue 24's states: someone whose payment stays open (the gateway-down notice), and a hidden copy of an event.
  const waiter = await newPerson(api, "Waiter");
  const open = await api.post("/api/atompay", { headers: await bearer(api, waiter), data: { eventSlug: "code-sprint" } });
  if (open.status() !== 201) throw new Error(`payment start: ${open.status()} ${await open.text()}`);
  const stillPending = `/payments/${(await open.json()).merchTxnId}`;
  const copy = await api.post("/api/organiser/events/code-sprint/duplicate", { headers: await bearer(api, organiser), data: {} });
  if (copy.status() !== 201) throw new Error(`duplicate: ${copy.status()} ${await copy.text()}`);
  const hiddenCopy = (await copy.json()).event.slug as string;
  console.log(`teams: ${teamId}; payments: ${paid} ${failed} ${pending} ${teamPaid}`);

  for (const w of WIDTHS) {
    for (const scheme of ["light", "dark"] as const) {
      const dir = path.join(OUT, scheme === "light" ? w.name : `${w.name}-dark`);
      mkdirSync(dir, { recursive: true });
      console.log(dir);
      const opts = { viewport: w.viewport, isMobile: w.isMobile, hasTouch: w.isMobile, colorScheme: scheme };
      const anon = await (await signedIn(browser, null, opts)).newPage();
      await shoot(anon, dir, "home", "/");
      await shoot(anon, dir, "event-solo", "/events/code-sprint");
      if (scheme === "dark") {
        await anon.context().close();
      } else {
        await shoot(anon, dir, "event-team", "/events/robo-wars");
        await shoot(anon, dir, "event-closed", "/events/treasure-hunt");
        await shoot(anon, dir, "sign-in", "/sign-in");
        await anon.getByLabel("Email").fill("attendee@example.com");
        await anon.getByLabel("Password").fill("not-the-password");
        await anon.getByRole("button", { name: "Sign in" }).click();
        await anon.getByText("That email and password don't match an account.").waitFor();
        await shoot(anon, dir, "sign-in-wrong-password");
        await shoot(anon, dir, "forgot-password", "/forgot-password");
        await anon.getByLabel("Email").fill("attendee@example.com");
        await anon.getByRole("button", { name: "Mail me a reset link" }).click();
        await anon.getByText(/If an account exists for/).waitFor();
        await shoot(anon, dir, "forgot-password-sent");
        await shoot(anon, dir, "reset-password-dead-link", "/reset-password?token=not-a-real-token");
        await shoot(anon, dir, "sign-up", "/sign-up");
        await anon.getByLabel("Full name").fill("Asha Again");
        await anon.getByLabel("Email").fill("attendee@example.com");
        await anon.getByLabel("Mobile number").fill("9876543210");
        await anon.getByLabel("College").fill("IIT Patna");
        await anon.getByLabel("Password").fill("whatever-plum-kettle-9");
        await anon.getByRole("button", { name: "Create account" }).click();
        await anon.getByText("We have sent a mail to that address").waitFor();
        await shoot(anon, dir, "sign-up-sent");
        await shoot(anon, dir, "not-found", "/no-such-page");
        await shoot(anon, dir, "checkout-ended", "/checkout/ended?reason=cancelTransaction");
        await anon.context().close();
      }

      const cap = await (await signedIn(browser, captain, opts)).newPage();
      await shoot(cap, dir, "receipt", paid);
      if (scheme === "light") {
        await shoot(cap, dir, "home-signed-in", "/");
        await shoot(cap, dir, "event-registered", "/events/solo-singing");
        await shoot(cap, dir, "event-team-captain-paid", "/events/robo-wars");
        await shoot(cap, dir, "event-invited", "/events/quiz-bowl");
        await shoot(cap, dir, "payment-failed", failed);
        await shoot(cap, dir, "payment-team", teamPaid);
        await shoot(cap, dir, "account", "/me");
        await shoot(cap, dir, "account-settings", "/me/account");
        await cap.emulateMedia({ media: "print" });
        await shoot(cap, dir, "receipt-print", paid);
        await cap.emulateMedia({ media: "screen" });
      }
      await shoot(cap, dir, "my-payments", "/me/payments");
      await cap.context().close();

      if (scheme === "light") {
        const m = await (await signedIn(browser, mate, opts)).newPage();
        await shoot(m, dir, "teammate-my-payments", "/me/payments");
        await shoot(m, dir, "teammate-event", "/events/robo-wars");
        await shoot(m, dir, "teammate-receipt", teamPaid);
        await m.context().close();
      }

      const s = await (await signedIn(browser, shopper, opts)).newPage();
      await shoot(s, dir, "basket", "/basket");
      if (scheme === "light") {
        // The gateway's checkout open over the basket, as the shopper sees it before paying.
        await s.getByRole("button", { name: /^Pay ₹/ }).click();
        await s.frameLocator('iframe[title="AtomPay sandbox checkout"]').getByText("SANDBOX · TEST GATEWAY · NO REAL MONEY").waitFor();
        await shoot(s, dir, "checkout-open", undefined, false);
      }
      if (scheme === "light") {
        await shoot(s, dir, "event-team-captain-unpaid", "/events/quiz-bowl");
        await shoot(s, dir, "account-empty", "/me");
      }
      await s.context().close();

      const o = await (await signedIn(browser, organiser, opts)).newPage();
      await shoot(o, dir, "organiser-list", "/organiser/payments");
      if (scheme === "light") {
        await shoot(o, dir, "organiser-detail", `/organiser${paid}`);
        await shoot(o, dir, "organiser-detail-team", `/organiser${teamPaid}`);
      }
      const attendee = await (await signedIn(browser, captain, opts)).newPage();
      const waiting = await (await signedIn(browser, waiter, opts)).newPage();
      await shootIssue24States(
        api,
        shoot,
        dir,
        { attendee, organiser: o, paid, anweshaId: captain.anweshaId, waiter: waiting, pending: stillPending, hiddenCopy },
        scheme === "light",
      );
      await attendee.context().close();
      await waiting.context().close();
      await o.context().close();
    }
  }
  await browser.close();
  await api.dispose();
  console.log(`screenshots in ${OUT}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
