// Abuse resistance over real HTTP against the production build (issue 14): nobody locks others out, sprays
// passwords, fills the disk, exhausts memory, crafts a 500, or runs a public sandbox by accident. Clients are
// real distinct loopback addresses (e2e/net.ts), so the app's per-address limits see what a server would.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./helpers";
import { json, loopback, metricValue, net } from "./net";

const ORGANISER = DEMO.organiser;
const token = (who: { email: string; password: string }, from: string, extra: Record<string, string> = {}) =>
  net({ path: "/api/token", from, ...json(who), headers: { "content-type": "application/json", ...extra } });

let organiserAuth: Record<string, string>;
async function metrics(): Promise<string> {
  const res = await net({ path: "/api/metrics", headers: organiserAuth });
  expect(res.status).toBe(200);
  return res.body;
}

test.beforeAll(async () => {
  // The organiser's usual places (the browser tests connect from these): signed in before, so "known".
  const first = await token(ORGANISER, "127.0.0.1");
  expect(first.status).toBe(200);
  organiserAuth = { authorization: `Bearer ${JSON.parse(first.body).token}` };
  // Chromium may reach "localhost" over IPv6 instead (when the server listens there too).
  await net({ path: "/api/token", from: "::1", ...json(ORGANISER) }).catch(() => undefined);
});

test("a stranger with 50 addresses cannot lock the demo organiser out", async ({ page }) => {
  test.setTimeout(180_000);

  // 50 addresses × 12 wrong passwords (old code: a per-account ceiling of 100 then refused the owner everywhere).
  const statuses = new Map<number, number>();
  await Promise.all(
    Array.from({ length: 50 }, async (_, a) => {
      for (let i = 0; i < 12; i++) {
        const res = await token({ email: ORGANISER.email, password: `guess-${a}-${i}` }, loopback(50, a));
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  console.log(`[abuse] stranger, 50 addresses × 12 guesses: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(" ")}`);
  // The slowdown: only a trickle of guesses got a password check (401), the rest were told to wait (429), and
  // nothing else. How many checks fit in depends on how long the attack took (the pace is one per few seconds).
  expect([...statuses.keys()].sort()).toEqual([401, 429]);
  expect(statuses.get(401)! + statuses.get(429)!).toBe(600);
  expect(statuses.get(401)).toBeLessThanOrEqual(25);

  // The owner from a known address: straight in, by API and through the sign-in page.
  expect((await token(ORGANISER, "127.0.0.1")).status).toBe(200);

  // From a new address while the attack goes on (the stranger has just taken the account's current slot):
  // slowed, told how long to wait, and in after that wait. Never locked.
  await token({ email: ORGANISER.email, password: "one-more-guess" }, loopback(50, 0));
  const slowed = await token(ORGANISER, loopback(51, 0));
  expect(slowed.status).toBe(429);
  const wait = Number(slowed.headers["retry-after"]);
  expect(wait).toBeGreaterThan(0);
  expect(wait).toBeLessThanOrEqual(20);
  await new Promise((r) => setTimeout(r, wait * 1000 + 200));
  expect((await token(ORGANISER, loopback(51, 0))).status).toBe(200);

  await signIn(page, ORGANISER);
  await expect(page.getByTestId("signed-in-as")).toContainText("ANW-");
});

test("400 accounts sprayed from one address are throttled after 30, whatever X-Forwarded-For claims", async () => {
  test.setTimeout(120_000);
  const statuses: number[] = [];
  for (let i = 0; i < 400; i++) {
    const res = await token({ email: `sprayed-${i}@example.com`, password: "Summer2026!" }, "127.52.0.1", {
      "x-forwarded-for": `198.51.100.${i % 250}`,
    });
    statuses.push(res.status);
  }
  const first429 = statuses.indexOf(429);
  const count = (status: number) => statuses.filter((s) => s === status).length;
  console.log(`[abuse] spraying 400 accounts from one address: ${count(401)}×401, ${count(429)}×429, first 429 at #${first429 + 1}`);
  expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
  expect(statuses.slice(30)).toEqual(Array(370).fill(429));
  // Another address is not affected.
  expect((await token({ email: "sprayed-0@example.com", password: "x-password" }, "127.52.0.2")).status).toBe(401);
});

test("300 junk posts to the gateway URL grow the database by under 1 MB; an address that keeps trying is refused", async () => {
  test.setTimeout(120_000);
  const junk = () => `encData=${Buffer.from(crypto.getRandomValues(new Uint8Array(32 * 1024 - 16))).toString("hex")}&merchId=317157`;
  const form = { "content-type": "application/x-www-form-urlencoded" };
  const before = metricValue(await metrics(), "anwesha_gateway_log_bytes");
  for (let i = 0; i < 300; i += 10) {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, k) => net({ path: "/api/response", from: loopback(53, i + k), headers: form, body: junk() })),
    );
    for (const a of answers) expect(a.status).toBe(400);
  }
  const after = metricValue(await metrics(), "anwesha_gateway_log_bytes");
  console.log(`[abuse] 300 × 64 kB junk posts: gateway log ${before} → ${after} bytes (+${((after - before) / 1024).toFixed(0)} kB)`);
  expect(after - before).toBeLessThan(1024 * 1024);

  const fromOne: number[] = [];
  for (let i = 0; i < 70; i++) fromOne.push((await net({ path: "/api/response", from: "127.54.0.1", headers: form, body: junk() })).status);
  expect(fromOne.slice(0, 61)).toEqual(Array(61).fill(400));
  expect(fromOne.slice(61)).toEqual(Array(9).fill(429));
  expect((await net({ path: "/api/response", from: "127.54.0.2", headers: form, body: junk() })).status).toBe(400);
});

test("a 100 MB body to the sign-in routes is refused at once, memory flat", async () => {
  test.setTimeout(120_000);
  const rss = async () => metricValue(await metrics(), "anwesha_process_resident_memory_bytes");
  const before = await rss();
  const form = { "content-type": "application/x-www-form-urlencoded" };
  const t0 = Date.now();
  const authjs = await net({
    path: "/api/auth/callback/credentials",
    from: "127.55.0.1",
    headers: form,
    stream: { bytes: 100 * 1024 * 1024 },
  });
  const action = await net({
    path: "/sign-in",
    from: "127.55.0.1",
    headers: { ...form, "next-action": "0".repeat(42) },
    stream: { bytes: 100 * 1024 * 1024 },
  });
  const chunked = await net({
    path: "/api/auth/callback/credentials",
    from: "127.55.0.1",
    headers: form,
    stream: { bytes: 100 * 1024 * 1024, chunked: true },
  });
  const token100 = await net({
    path: "/api/token",
    from: "127.55.0.1",
    headers: { "content-type": "application/json" },
    stream: { bytes: 100 * 1024 * 1024, chunked: true },
  });
  const ms = Date.now() - t0;
  const after = await rss();
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  console.log(
    `[abuse] 4 × 100 MB bodies: ${authjs.status} ${action.status} ${chunked.status} ${token100.status} in ${ms} ms; ` +
      `RSS ${mib(before)} → ${mib(after)} MiB`,
  );
  expect([authjs.status, action.status, chunked.status, token100.status]).toEqual([413, 413, 411, 413]);
  expect(JSON.parse(authjs.body)).toEqual({ error: { code: "payload_too_large", message: "The request body is too large." } });
  expect(ms).toBeLessThan(5_000);
  expect(after - before).toBeLessThan(30 * 2 ** 20);
});

test("crafted links are 4xx: malformed percent-encoding in a path, tampered page cursors", async ({ page }) => {
  for (const p of [
    "/payments/%E0%A4%A",
    "/events/%ZZ",
    "/api/payments/%ZZ",
    "/api/payments/%E0%A4%A/requery",
    "/api/organiser/payments/%ZZ",
    "/events/%C0%80",
  ]) {
    const res = await net({ path: p, from: "127.56.0.1" });
    expect(res.status, p).toBe(400);
  }
  const craft = (data: unknown) => Buffer.from(JSON.stringify(data), "utf8").toString("base64url");
  const id = "00000000-0000-0000-0000-000000000000";
  const cursors = [
    ["amount", craft(["amount", "desc", "99999999999", id])],
    ["created", craft(["created", "desc", "0000-01-01T00:00:00.000000Z", id])],
    ["name", craft(["name", "asc", "a\u0000b", id])],
    ["created", craft(["created", "desc", "2024-02-30T00:00:00.000000Z", id])],
  ] as const;
  for (const [sort, cursor] of cursors) {
    const api = await net({ path: `/api/organiser/payments?sort=${sort}&after=${cursor}`, headers: organiserAuth });
    expect(api.status, cursor).toBe(422);
    expect(JSON.parse(api.body).error.fields.cursor).toBeTruthy();
  }
  await signIn(page, ORGANISER);
  const res = await page.goto(`/organiser/payments?sort=amount&after=${cursors[0][1]}`);
  expect(res?.status()).toBe(200);
  await expect(page.getByText(/page link is not valid/)).toBeVisible();
});

test("the sandbox says so on every page", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("sandbox-banner")).toHaveText(/^SANDBOX: no real money/);
  await page.goto("/sign-in");
  await expect(page.getByTestId("sandbox-banner")).toBeVisible();
  const plain = await net({
    path: "/api/response",
    from: "127.57.0.1",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
    body: "encData=00",
  });
  expect(plain.body).toContain("SANDBOX: no real money");
});

// ---------- `next start` with other settings, from the same build ----------

// Playwright runs from the project's root.
const APP_DIR = process.cwd();
/** A port nobody listens on right now (the machine is shared). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function start(
  env: Record<string, string | undefined>,
): Promise<{ child: ChildProcess; port: number; output: () => string; exited: Promise<number | null>; dir: string }> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "anw-e2e-start-"));
  const base: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(base))
    if (k.startsWith("ATOMPAY_") || ["ALLOW_PUBLIC_SANDBOX", "DATABASE_URL", "NODE_ENV", "PORT"].includes(k)) delete base[k];
  const child = spawn(path.join(APP_DIR, "node_modules/.bin/next"), ["start", "-p", String(port)], {
    cwd: APP_DIR,
    env: {
      ...base,
      NEXT_TELEMETRY_DISABLED: "1",
      PGLITE_DIR: dir,
      AUTH_SECRET: "e2e-only-secret-e2e-only-secret-e2e-only-secret",
      LOG_LEVEL: "warn",
      RECONCILE_INTERVAL_SECONDS: "0",
      ...env,
    } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (c) => (out += c));
  child.stderr!.on("data", (c) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, port, output: () => out, exited, dir };
}

async function stop(s: Awaited<ReturnType<typeof start>>) {
  if (s.child.exitCode === null) s.child.kill("SIGTERM");
  await Promise.race([s.exited, new Promise((r) => setTimeout(r, 5_000))]);
  rmSync(s.dir, { recursive: true, force: true });
}

test("`next start` without ATOMPAY_ENV, or serving the sandbox without ALLOW_PUBLIC_SANDBOX=1, exits naming the variable", async () => {
  test.setTimeout(120_000);
  for (const [env, variable] of [
    [{}, "ATOMPAY_ENV"],
    [{ ATOMPAY_ENV: "sandbox" }, "ALLOW_PUBLIC_SANDBOX"],
  ] as const) {
    const s = await start({ APP_URL: "http://localhost", ...env });
    try {
      const code = await Promise.race([s.exited, new Promise<"still running">((r) => setTimeout(() => r("still running"), 45_000))]);
      console.log(
        `[abuse] next start with ${JSON.stringify(env)}: exit ${code}; ${s
          .output()
          .trim()
          .split("\n")
          .filter((l) => /required|refuses/.test(l))
          .join(" | ")}`,
      );
      expect(code).not.toBe("still running");
      expect(code).not.toBe(0);
      expect(s.output()).toContain("Anwesha Payments refuses to start.");
      expect(s.output()).toContain(`${variable}`);
      expect(s.output()).toMatch(new RegExp(`${variable}[^\\n]* is required|${variable}=1 is required`));
    } finally {
      await stop(s);
    }
  }
});

test("HSTS follows the running server's APP_URL, not the build's", async () => {
  test.setTimeout(150_000);
  // The shared e2e server runs this build over http: no HSTS.
  expect((await net({ path: "/sign-in" })).headers["strict-transport-security"]).toBeUndefined();
  const s = await start({ APP_URL: "https://pay.anwesha.test", ATOMPAY_ENV: "sandbox", ALLOW_PUBLIC_SANDBOX: "1" });
  try {
    let res: Response | undefined;
    for (let i = 0; i < 120 && !res; i++) {
      res = await fetch(`http://127.0.0.1:${s.port}/sign-in`).catch(() => undefined);
      if (!res) await new Promise((r) => setTimeout(r, 500));
    }
    expect(res?.status).toBe(200);
    expect(res!.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
  } finally {
    await stop(s);
  }
});
