// Two things only a server of our own can show: following the README on another port (no APP_URL set) still
// pays through the sandbox, and an error page's "Try again" recovers once the database is back. The server is the
// same production build the other specs use, started on port 4210 with no APP_URL, over a throwaway PostgreSQL
// server this spec stops and starts.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { findPostgresBinaries, startTempPostgres, type TempPostgres } from "../db/temp-postgres";
import { openCheckout, uniqueEmail } from "./helpers";

const PORT = Number(process.env.E2E_OWN_PORT ?? 4210);
const BASE = `http://localhost:${PORT}`;
const ROOT = process.cwd(); // Playwright runs from the repository root

test.describe.configure({ mode: "serial" });

let pg: TempPostgres;
let server: ChildProcess;
let output = "";

async function healthy(timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ok = await fetch(`${BASE}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the app on ${PORT} did not become healthy:\n${output.slice(-3000)}`);
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  if (!findPostgresBinaries())
    throw new Error("these tests need PostgreSQL server binaries (initdb, pg_ctl): install Debian's postgresql package or set PG_BIN");
  pg = await startTempPostgres();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: pg.url,
    AUTH_SECRET: "own-server-secret-own-server-secret-own-server",
    ATOMPAY_ENV: "sandbox",
    ALLOW_PUBLIC_SANDBOX: "1",
    LOG_LEVEL: "warn",
    RECONCILE_INTERVAL_SECONDS: "0",
  };
  delete env.APP_URL; // the point: nothing says where the app is but the port it listens on
  delete env.PORT;
  delete env.PGLITE_DIR;
  const seeded = spawnSync("npx", ["tsx", "scripts/seed.ts"], { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 });
  if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr || seeded.stdout}`);
  server = spawn("npx", ["next", "start", "-p", String(PORT)], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  server.stdout!.on("data", (d) => (output += d));
  server.stderr!.on("data", (d) => (output += d));
  await healthy(120_000);
});

test.afterAll(async () => {
  if (server?.pid) {
    try {
      process.kill(-server.pid, "SIGTERM"); // npx and the next server under it
    } catch {}
  }
  pg?.destroy();
});

async function newAccount(page: import("@playwright/test").Page) {
  const email = uniqueEmail("port");
  const res = await page.request.post(`${BASE}/api/users`, {
    data: { name: "Port Tester", email, phone: `9${String(Date.now()).slice(-9)}`, college: "E2E College", password: "e2e-password-1" },
  });
  expect(res.status()).toBe(202);
  await page.goto(`${BASE}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("e2e-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  return { email, password: "e2e-password-1" };
}

test(`with no APP_URL, a server on port ${PORT} pays through the sandbox and returns to itself`, async ({ page }) => {
  await newAccount(page);
  await page.goto(`${BASE}/events/code-sprint`);
  const frame = await openCheckout(page, /Pay ₹250.00/);
  // The checkout came from the sandbox on this same port (the other loopback name, so the return is cross-site).
  await expect(page.locator('iframe[title="AtomPay sandbox checkout"]')).toHaveAttribute(
    "src",
    new RegExp(`^http://127\\.0\\.0\\.1:${PORT}/sandbox/`),
  );
  await frame.getByRole("button", { name: "Pay ₹250.00" }).click();
  await expect(page).toHaveURL(new RegExp(`^${BASE}/payments/ANW[0-9A-Z]+$`));
  await expect(page.getByTestId("payment-status")).toContainText("Payment successful");
});

test("an error page's Try again brings the page back once the database is back, without navigating away", async ({ page }) => {
  test.setTimeout(120_000);
  await newAccount(page);
  await page.goto(`${BASE}/me`);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();

  // The database goes away: a page that needs it fails, on a full load and on a click alike.
  await pg.stop("fast");
  try {
    await page.goto(`${BASE}/me/payments`);
    const error = page.getByRole("heading", { name: "Sorry, that did not work" });
    await expect(error).toBeVisible();
    // An outage is not being signed out: still on the page, still signed in (the header says so).
    await expect(page).toHaveURL(`${BASE}/me/payments`);
    await expect(page.getByTestId("signed-in-as")).toBeVisible();
    // Still down: Try again honestly fails again. The page keeps showing the error while it asks ("Trying
    // again…"), so wait for the answer and for the button to be back before judging, and before the database
    // returns (else the attempt could end after the restart and succeed).
    const retried = page.waitForResponse((r) => {
      const h = r.request().headers();
      return r.url().startsWith(`${BASE}/me/payments`) && h.rsc === "1" && !h["next-router-prefetch"];
    });
    await page.getByRole("button", { name: "Try again" }).click();
    await retried;
    await expect(page.getByRole("button", { name: "Try again" })).toBeEnabled();
    await expect(error).toBeVisible();
    await expect(page.getByRole("heading", { name: "My payments" })).toHaveCount(0);
    await expect(page).toHaveURL(`${BASE}/me/payments`);
  } finally {
    await pg.start();
  }
  await healthy(30_000);
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("heading", { name: "My payments" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Sorry, that did not work" })).toHaveCount(0);
  await expect(page).toHaveURL(`${BASE}/me/payments`);

  // The same after a client-side navigation that failed.
  await pg.stop("fast");
  try {
    await page.getByTestId("signed-in-as").click();
    await expect(page.getByRole("heading", { name: "Sorry, that did not work" })).toBeVisible();
  } finally {
    await pg.start();
  }
  await healthy(30_000);
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Sorry, that did not work" })).toHaveCount(0);
});

test("while the database is down, nothing looks like being signed out or a wrong password; sign-in works once it is back", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const who = await newAccount(page);
  const token = (await (await page.request.post(`${BASE}/api/token`, { data: who })).json()).token as string;
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`${BASE}/sign-in`);

  await pg.stop("fast");
  try {
    // The API: a bearer token, and the browser's session cookie (page.request shares it), get 503, not 401.
    const bearer = await page.request.get(`${BASE}/api/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(bearer.status()).toBe(503);
    expect(bearer.headers()["retry-after"]).toBeTruthy();
    expect((await page.request.get(`${BASE}/api/me`)).status()).toBe(503);
    expect((await page.request.post(`${BASE}/api/token`, { data: who })).status()).toBe(503);

    // Signing in with the right password: the form says the service is away, never that the password is wrong.
    await visitor.getByLabel("Email").fill(who.email);
    await visitor.getByLabel("Password").fill(who.password);
    await visitor.getByRole("button", { name: "Sign in" }).click();
    // (Next.js's route announcer is an empty alert too.)
    await expect(visitor.getByRole("alert").filter({ hasText: /\S/ })).toHaveText(
      "We could not check your password just now. The service is briefly unavailable. Please try again in a moment.",
    );
    await expect(visitor.getByLabel("Email")).toHaveValue(who.email);

    // Signing up keeps what was typed, on the form (an error page would lose it all).
    await visitor.goto(`${BASE}/sign-up`);
    await visitor.getByLabel("Full name").fill("Outage Newcomer");
    await visitor.getByLabel("Email").fill(uniqueEmail("outage"));
    await visitor.getByLabel("Mobile number").fill("9876501234");
    await visitor.getByLabel("College").fill("E2E College");
    await visitor.getByLabel("Password").fill("Lantern-Quasar-81-Bicycle");
    await visitor.getByRole("button", { name: "Create account" }).click();
    await expect(visitor.getByRole("alert").filter({ hasText: /\S/ })).toHaveText(
      "The service is briefly unavailable. Please try again in a moment.",
    );
    await expect(visitor.getByLabel("Full name")).toHaveValue("Outage Newcomer");
  } finally {
    await pg.start();
  }
  await healthy(30_000);
  expect((await page.request.get(`${BASE}/api/me`, { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(200);
  await visitor.goto(`${BASE}/sign-in`);
  await visitor.getByLabel("Email").fill(who.email);
  await visitor.getByLabel("Password").fill(who.password);
  await visitor.getByRole("button", { name: "Sign in" }).click();
  await expect(visitor.getByTestId("signed-in-as")).toContainText("Port Tester");
  await visitor.context().close();
});
