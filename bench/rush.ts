// `npm run bench -- rush`: registration opens for a popular event. RUSH_ACCOUNTS people (5,000) arrive over
// RUSH_SECONDS (60) for RUSH_SEATS seats (300): each signs in (a share RUSH_SIGNIN_SHARE of them with their password
// through POST /api/token, the rest with a bearer token issued beforehand, as a phone already signed in), starts a
// payment, and either pays through the sandbox and returns, or is told the event is full (409) and joins the waiting
// list. Meanwhile the mail worker sends every receipt to a real SMTP server in this process, an organiser's console
// page and CSV export are loaded every second, and one person asks for a password reset halfway. The figures go to
// the "rush" section of bench/RESULTS.md; a seat oversold or an answer lost makes the command fail.
import { createHash, randomBytes } from "node:crypto";
import os from "node:os";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { runMigrations } from "../db/migrator";
import { rowsOf } from "../db/rows";
import { apiTokens, events, users } from "../db/schema";
import { encodeForm } from "../lib/atompay/index";
import { seedDemoData } from "../lib/demo/seeder";
import { hashPassword } from "../lib/users/passwords";
import {
  BASE,
  commitOf,
  log,
  type Mode,
  openModeDatabase,
  percentile,
  pinCores,
  pinningWords,
  ResourceWatch,
  STEP_HEADER,
  Step,
  signInCookie,
  startApp,
  stopApp,
  timed,
  waitForHealth,
  writeResultsSection,
} from "./harness";
import { type Arrival, startSmtpSink } from "./smtp-sink";

const ACCOUNTS = Number(process.env.RUSH_ACCOUNTS ?? 5_000);
const SEATS = Number(process.env.RUSH_SEATS ?? 300);
const SECONDS = Number(process.env.RUSH_SECONDS ?? 60);
/** Accounts with a request in flight at once, at most (a client-side cap so this process does not drown itself). */
const CONCURRENCY = Number(process.env.RUSH_CONCURRENCY ?? 256);
const SIGNIN_SHARE = Number(process.env.RUSH_SIGNIN_SHARE ?? 0.2);
/** After the rush, how long to wait for the receipts still queued. */
const MAIL_WAIT_SECONDS = Number(process.env.RUSH_MAIL_WAIT_SECONDS ?? 300);
const SLUG = "rush-concert";
const FEE = 30_000;
const PASSWORD = "rush-password";
const ORGANISER = { anweshaId: "ANW-RORG01", email: "rush-organiser@example.com" };

interface Account {
  email: string;
  token: string | null;
  /**
   * Each person's own address, as a load balancer reports it (X-Forwarded-For, TRUST_PROXY_HOPS=1): a rush comes
   * from thousands of phones, and the sign-in limits count per address (30 attempts in flight from one address
   * would be refused before their passwords were checked).
   */
  address: string;
}

async function prepare(database: Database): Promise<Account[]> {
  await runMigrations(database);
  await seedDemoData(database);
  const { db } = database;
  await db.insert(events).values({ slug: SLUG, name: "Rush Concert", kind: "solo", feePaise: FEE, capacity: SEATS });
  const hash = await hashPassword(PASSWORD);
  // The bench's own organiser: a public embedded server replaces the demo organiser's README password at start.
  await db
    .insert(users)
    .values({ ...ORGANISER, name: "Rush Organiser", phone: "9876543210", college: "Rush", passwordHash: hash, role: "organiser" });
  const accounts: Account[] = [];
  const signIns = Math.round(ACCOUNTS * SIGNIN_SHARE);
  for (let from = 0; from < ACCOUNTS; from += 1000) {
    const batch = Array.from({ length: Math.min(1000, ACCOUNTS - from) }, (_, k) => {
      const i = from + k;
      return {
        anweshaId: `ANW-R${i.toString(36).toUpperCase().padStart(5, "0")}`,
        name: `Rush ${i}`,
        email: `rush-${i}@example.com`,
        phone: "9876543210",
        college: "Rush",
        passwordHash: hash,
      };
    });
    const made = await db.insert(users).values(batch).returning({ id: users.id, email: users.email });
    const tokens: { userId: string; tokenHash: string; expiresAt: Date }[] = [];
    for (const [k, u] of made.entries()) {
      const n = from + k;
      const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      // Spread the password sign-ins through the arrivals, not all at the start.
      const signsIn = signIns > 0 && (from + k) % Math.max(1, Math.round(ACCOUNTS / signIns)) === 0;
      if (signsIn) {
        accounts.push({ email: u.email, token: null, address });
        continue;
      }
      const token = `anw_rush_${randomBytes(16).toString("hex")}`;
      tokens.push({
        userId: u.id,
        tokenHash: createHash("sha256").update(token).digest("hex"),
        expiresAt: new Date(Date.now() + 86_400_000),
      });
      accounts.push({ email: u.email, token, address });
    }
    if (tokens.length) await db.insert(apiTokens).values(tokens);
  }
  await db.execute(sql`vacuum analyze`);
  await db.execute(sql`checkpoint`).catch(() => {});
  return accounts;
}

const steps = {
  signIn: new Step("sign in: POST /api/token (password)"),
  start: new Step("start: POST /api/atompay"),
  waitlist: new Step("full: join the waiting list"),
  pay: new Step("pay: sandbox payment page's answer"),
  ret: new Step("return: POST /api/response"),
  console: new Step("console: GET /organiser/payments"),
  csv: new Step("console: GET /organiser/payments/export (CSV)"),
  whole: new Step("one person, arrival to done"),
};

interface Tally {
  paid: number;
  full: number;
  waitlisted: number;
  otherStart: string[];
  failed: string[];
  lastDoneMs: number;
  lastReturnMs: number;
}

async function person(a: Account, t0: number, tally: Tally): Promise<void> {
  const began = performance.now();
  const json = { "content-type": "application/json", "x-forwarded-for": a.address };
  const done = (status: number) => {
    steps.whole.record(status, performance.now() - began);
    tally.lastDoneMs = Math.max(tally.lastDoneMs, performance.now() - t0);
  };
  let token = a.token;
  if (!token) {
    const r = await timed(steps.signIn, "/api/token", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ email: a.email, password: PASSWORD }),
    });
    if (r.status !== 200) {
      tally.failed.push(`sign-in ${r.status}`);
      return done(r.status);
    }
    token = (JSON.parse(r.body) as { token: string }).token;
  }
  const auth = { ...json, authorization: `Bearer ${token}` };
  const start = await timed(steps.start, "/api/atompay", { method: "POST", headers: auth, body: JSON.stringify({ eventSlug: SLUG }) });
  if (start.status === 409) {
    tally.full++;
    const w = await timed(steps.waitlist, `/api/events/${SLUG}/waitlist`, { method: "POST", headers: auth, body: "{}" });
    if (w.status === 201) tally.waitlisted++;
    else tally.failed.push(`waitlist ${w.status}: ${w.body.slice(0, 100)}`);
    return done(w.status);
  }
  if (start.status !== 201) {
    tally.otherStart.push(`${start.status}: ${start.body.slice(0, 100)}`);
    return done(start.status);
  }
  const { atomTokenId } = JSON.parse(start.body) as { atomTokenId: string };
  const pay = await timed(steps.pay, "/sandbox/atompay/pay/complete", {
    method: "POST",
    headers: json,
    body: JSON.stringify({ atomTokenId, outcome: "success", mode: "UP" }),
  });
  if (pay.status !== 200) {
    tally.failed.push(`sandbox ${pay.status}: ${pay.body.slice(0, 100)}`);
    return done(pay.status);
  }
  const { form } = JSON.parse(pay.body) as { form: Record<string, string> };
  const ret = await timed(steps.ret, "/api/response", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "text/html",
      "sec-fetch-mode": "navigate",
      "x-forwarded-for": a.address,
    },
    body: encodeForm(form),
  });
  tally.lastReturnMs = Math.max(tally.lastReturnMs, performance.now() - t0);
  if (ret.status === 303) tally.paid++;
  else tally.failed.push(`return ${ret.status}: ${ret.body.slice(0, 100)}`);
  done(ret.status);
}

/** The organiser's console page and CSV export, each loaded once a second (the next waits if one runs long). */
function consoleLoader(cookie: string): { stop(): Promise<void> } {
  let running = true;
  const loop = async (step: Step, path: string) => {
    while (running) {
      const began = performance.now();
      await timed(step, path, { headers: { cookie } });
      const rest = 1000 - (performance.now() - began);
      if (rest > 0 && running) await new Promise((r) => setTimeout(r, rest));
    }
  };
  const loops = [loop(steps.console, `/organiser/payments?event=${SLUG}`), loop(steps.csv, `/organiser/payments/export?event=${SLUG}`)];
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

interface Verdict {
  paidRegistrations: number;
  holding: number;
  waiting: number;
  receiptsSent: number;
  receiptsQueued: number;
}

async function verify(database: Database): Promise<Verdict> {
  const { db } = database;
  const [event] = await db.select({ id: events.id }).from(events).where(eq(events.slug, SLUG));
  const [counts] = await rowsOf<{ paid: number; holding: number; waiting: number }>(
    db,
    sql`select
      (select count(*)::int from registrations where event_id = ${event!.id} and status = 'paid') as paid,
      (select count(*)::int from registrations where event_id = ${event!.id} and status = 'awaiting_payment' and held_until > now()) as holding,
      (select count(*)::int from waitlist_entries where event_id = ${event!.id} and status = 'waiting') as waiting`,
  );
  const [mail] = await rowsOf<{ sent: number; queued: number }>(
    db,
    sql`select count(*) filter (where status = 'sent')::int as sent, count(*)::int as queued from outbox where template = 'receipt'`,
  );
  return {
    paidRegistrations: counts!.paid,
    holding: counts!.holding,
    waiting: counts!.waiting,
    receiptsSent: mail!.sent,
    receiptsQueued: mail!.queued,
  };
}

interface ModeResult {
  mode: Mode;
  lines: string[];
  ok: boolean;
}

async function rushMode(mode: Mode): Promise<ModeResult> {
  for (const s of Object.values(steps)) {
    s.ms.length = 0;
    s.statuses.clear();
  }
  const smtp = await startSmtpSink();
  const received = smtp.arrivals;
  const opened = await openModeDatabase(mode, "rush");
  log(`${mode}: preparing ${ACCOUNTS} accounts and an event of ${SEATS} seats`);
  const accounts = await prepare(opened.database);
  await opened.database.close(); // PGlite: the app must be the only process with the folder open
  const app = startApp({ ...opened.env, SMTP_URL: smtp.url, MAIL_FROM: "Anwesha <no-reply@anwesha.test>", TRUST_PROXY_HOPS: "1" });
  const tally: Tally = { paid: 0, full: 0, waitlisted: 0, otherStart: [], failed: [], lastDoneMs: 0, lastReturnMs: 0 };
  let verdict: Verdict | null = null;
  let reset: { askedAt: number; status: number; arrivedAt: number | null } | null = null;
  let watch: ResourceWatch | null = null;
  let t0 = 0;
  let pinning: ReturnType<typeof pinCores> | null = null;
  try {
    await waitForHealth(app);
    pinning = pinCores(opened.name);
    const cookie = await signInCookie(ORGANISER.email, PASSWORD);
    // Warm up: the first request to each route loads its code, which is not what a rush measures.
    for (const path of [`/events/${SLUG}`, `/organiser/payments?event=${SLUG}`]) await fetch(`${BASE}${path}`, { headers: { cookie } });
    for (const path of ["/api/atompay", "/api/response", "/sandbox/atompay/pay/complete", `/api/events/${SLUG}/waitlist`, "/api/token"]) {
      await fetch(`${BASE}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    }
    watch = new ResourceWatch(app.pid!, opened.name);
    await watch.start();
    const consoleLoad = consoleLoader(cookie);
    t0 = performance.now();
    log(`${mode}: rush: ${ACCOUNTS} people over ${SECONDS} s for ${SEATS} seats`);
    // Halfway through, someone who forgot their password asks for a reset: it must not wait behind the receipts.
    const resetAsk = new Promise<void>((resolve) =>
      setTimeout(
        async () => {
          const askedAt = performance.now();
          const r = await fetch(`${BASE}/api/password-reset`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ email: accounts[0]!.email }),
          }).catch(() => null);
          reset = { askedAt, status: r?.status ?? 0, arrivedAt: null };
          resolve();
        },
        (SECONDS * 1000) / 2,
      ),
    );
    // Open arrivals, one every SECONDS/ACCOUNTS, with at most CONCURRENCY people in flight.
    let inFlight = 0;
    const waiting: (() => void)[] = [];
    const all: Promise<void>[] = [];
    for (const [i, a] of accounts.entries()) {
      const due = t0 + (i * SECONDS * 1000) / ACCOUNTS;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (inFlight >= CONCURRENCY) await new Promise<void>((r) => waiting.push(r));
      inFlight++;
      all.push(
        person(a, t0, tally).finally(() => {
          inFlight--;
          waiting.shift()?.();
        }),
      );
    }
    await Promise.all(all);
    await resetAsk;
    await consoleLoad.stop();
    await watch.stop();
    log(`${mode}: rush done after ${(tally.lastDoneMs / 1000).toFixed(1)} s: ${tally.paid} paid, ${tally.full} told full`);
    // The receipts still queued go out; wait for them (and the reset) or give up after RUSH_MAIL_WAIT_SECONDS.
    const end = performance.now() + MAIL_WAIT_SECONDS * 1000;
    const receipts = () => received.filter((m) => m.template === "receipt").length;
    while (performance.now() < end && (receipts() < tally.paid || !received.some((m) => m.template === "password-reset"))) {
      await new Promise((r) => setTimeout(r, 250));
    }
    const r = reset as { askedAt: number; status: number; arrivedAt: number | null } | null;
    if (r) r.arrivedAt = received.find((m) => m.template === "password-reset")?.at ?? null;
  } finally {
    await pinning?.stop();
    await stopApp(app);
    const again = opened.reopen();
    try {
      verdict = await verify(again);
    } finally {
      await again.close();
      await opened.drop();
      await smtp.stop();
    }
  }
  return report(mode, tally, verdict!, received, reset, watch, t0);
}

function report(
  mode: Mode,
  tally: Tally,
  v: Verdict,
  received: Arrival[],
  reset: { askedAt: number; status: number; arrivedAt: number | null } | null,
  watch: ResourceWatch | null,
  t0: number,
): ModeResult {
  const all = Object.values(steps).filter((s) => s !== steps.whole);
  const requests = all.reduce((n, s) => n + s.ms.length, 0);
  const answered = all.reduce((n, s) => n + s.count((x) => x > 0), 0);
  const fivexx = all.reduce((n, s) => n + s.count((x) => x >= 500), 0);
  const receipts = received.filter((m) => m.template === "receipt").map((m) => m.at - t0);
  const lastReceipt = receipts.length ? Math.max(...receipts) : null;
  const losers = ACCOUNTS - v.paidRegistrations;
  const cpu = watch?.summary();
  const s = (ms: number | null) => (ms === null ? "—" : `${(ms / 1000).toFixed(1)} s`);
  const checks: [string, string, boolean][] = [
    ["5xx answers", `${fivexx}`, fivexx === 0],
    ["every request answered", `${answered} of ${requests}`, answered === requests],
    [
      `seats taken = ${Math.min(SEATS, ACCOUNTS)}`,
      `${v.paidRegistrations} paid (${v.holding} still held)`,
      v.paidRegistrations === Math.min(SEATS, ACCOUNTS),
    ],
    ["none oversold", `${v.paidRegistrations + v.holding} of ${SEATS} seats`, v.paidRegistrations + v.holding <= SEATS],
    [
      "every loser told full (409) and on the waiting list",
      `${tally.full} told full, ${tally.waitlisted} waiting (${v.waiting} in the database) of ${losers}`,
      tally.full === losers && tally.waitlisted === losers && v.waiting === losers,
    ],
    ["every winner paid and returned (303)", `${tally.paid} of ${v.paidRegistrations}`, tally.paid === v.paidRegistrations],
    [
      "a receipt for every payment",
      `${receipts.length} sent (${v.receiptsSent} of ${v.receiptsQueued} in the outbox)`,
      receipts.length === tally.paid,
    ],
    [
      "password reset asked halfway arrives within 30 s",
      reset?.arrivedAt ? s(reset.arrivedAt - reset.askedAt) : `not arrived (asked: ${reset?.status ?? "never"})`,
      !!reset?.arrivedAt && reset.arrivedAt - reset.askedAt <= 30_000,
    ],
  ];
  const lines = [
    `### ${mode}`,
    "",
    `${ACCOUNTS} people over ${SECONDS} s (at most ${CONCURRENCY} in flight) for ${SEATS} seats; ` +
      `${steps.signIn.ms.length} signed in with their password, the rest carried a bearer token. The last person was done ` +
      `${s(tally.lastDoneMs)} after the first arrived. ${requests} requests, ${answered} answered, ${fivexx} 5xx.`,
    "",
    ...STEP_HEADER,
    ...Object.values(steps)
      .filter((x) => x.ms.length)
      .map((x) => x.row()),
    "",
    "| check | measured | met |",
    "| --- | --- | --- |",
    ...checks.map(([what, measured, ok]) => `| ${what} | ${measured} | ${ok ? "yes" : "no"} |`),
    "",
    `Receipts: ${receipts.length} sent; the last ${s(lastReceipt)} after the rush began (${lastReceipt === null ? "—" : s(lastReceipt - tally.lastReturnMs)} after the last return); ` +
      `median ${s(percentile(receipts, 50))}.`,
    cpu
      ? `CPU over the rush's ${cpu.seconds.toFixed(0)} s (/proc, user + system): the app ${cpu.app.toFixed(1)} s (${cpu.appCores.toFixed(2)} cores)` +
        (mode === "postgres"
          ? `; the Postgres backends serving the bench's database ${cpu.backends.toFixed(1)} s (${cpu.backendCores.toFixed(2)} cores); every postgres process on the machine (shared) ${cpu.allPostgres.toFixed(1)} s.`
          : "; the database runs inside the app's process (PGlite).")
      : "",
    mode === "postgres" && watch
      ? `Connections to the bench's database (pg_stat_activity, sampled each second): at most ${watch.connections.peak}, at most ${watch.connections.peakActive} active at once.`
      : "",
  ].filter((l, i, arr) => l !== "" || arr[i - 1] !== "");
  if (tally.otherStart.length || tally.failed.length) {
    const seen = new Map<string, number>();
    for (const f of [...tally.otherStart, ...tally.failed]) seen.set(f, (seen.get(f) ?? 0) + 1);
    lines.push("", `Unexpected answers: ${[...seen].map(([k, n]) => `${n} × ${k}`).join("; ")}`);
  }
  for (const l of lines) console.log(l);
  // Hard failures: a seat oversold, a loser not told, a request unanswered or a 5xx.
  const ok = checks.slice(0, 5).every(([, , pass]) => pass);
  return { mode, lines, ok };
}

export async function runRush(modes: Mode[]): Promise<void> {
  const results: ModeResult[] = [];
  for (const mode of modes) results.push(await rushMode(mode));
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const commit = commitOf();
  writeResultsSection(
    "rush",
    [
      "## Registration rush (`npm run bench -- rush`)",
      "",
      `Written on ${new Date().toISOString()} at commit ${commit} — ${os.cpus().length} × ${cpu}, ` +
        `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}. RUSH_ACCOUNTS=${ACCOUNTS}, RUSH_SEATS=${SEATS}, ` +
        `RUSH_SECONDS=${SECONDS}, RUSH_SIGNIN_SHARE=${SIGNIN_SHARE}. Load from this process (fetch); the app runs \`npm start\`'s command; ${pinningWords()}; ` +
        "each person sends from their own address (X-Forwarded-For behind TRUST_PROXY_HOPS=1, as behind a load balancer); " +
        "mail goes by SMTP to a server in this process; the organiser's console page and CSV export are loaded every second.",
      "",
      ...results.flatMap((r) => [...r.lines, ""]),
    ].join("\n"),
  );
  if (results.some((r) => !r.ok)) {
    console.error("rush: a hard check failed (see above)");
    process.exitCode = 1;
  }
}
