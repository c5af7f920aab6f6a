// `npm run bench`: builds the production app, starts it against the Postgres server and then PGlite, loads it
// from this (separate) process with autocannon, and writes bench/RESULTS.md. Every scenario runs in the same
// run, because this machine is shared and noisy: only ratios measured side by side are stable.
// `npm run bench -- rush` (bench/rush.ts) and `npm run bench -- door` (bench/door.ts) run the fest's peaks instead.
import { execSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import os from "node:os";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { runMigrations } from "../db/migrator";
import { apiTokens, events, paymentItems, payments, registrations, users } from "../db/schema";
import { buildReturnMessage, encodeReturnForm } from "../lib/atompay/gateway";
import { type AtomPayConfig, encodeForm, sandboxUrls, UAT_TEST_MERCHANT } from "../lib/atompay/index";
import { seedDemoData } from "../lib/demo/seeder";
import { hashPassword } from "../lib/users/passwords";
import { cryptoBench } from "./crypto-core";
import { runDoor } from "./door";
import {
  BASE,
  commitOf,
  groupCpuSeconds,
  log,
  MODES,
  type Mode,
  openModeDatabase,
  PORT,
  pinCores,
  pinningWords,
  ResourceWatch,
  signInCookie,
  startApp,
  stopApp,
  waitForHealth,
  writeResultsSection,
} from "./harness";
import { runRush } from "./rush";

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const N_RETURNS = Number(process.env.BENCH_RETURNS ?? 12_000);
const N_STARTS = Number(process.env.BENCH_STARTS ?? 4_000);
/** Users for each "start and settle" scenario (one payment each: of one item, then of five). */
const N_PAYS = Number(process.env.BENCH_PAYS ?? 1_500);
const BASKET = 5;
const CONFIG: AtomPayConfig = { env: "sandbox", ...UAT_TEST_MERCHANT, ...sandboxUrls(`http://127.0.0.1:${PORT}`) };

interface Row {
  mode: string;
  scenario: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  bad: number;
  /** Connection errors and timeouts: requests that got no answer at all. */
  errors: number;
  /**
   * The app's CPU (user + system, every thread, from /proc) per answered request, or per payment for the pay
   * scenarios: unlike a rate, it does not move with what else this shared machine is doing at the time.
   */
  cpuMs: number;
  /** The bench database's Postgres backends' CPU per answered request (per payment in the pay rows); 0 on PGlite. */
  dbCpuMs: number;
}
const rows: Row[] = [];
/** The running app's process group, for its CPU (groupCpuSeconds). */
let appGroup = 0;
const appCpu = () => (appGroup ? groupCpuSeconds(appGroup) : 0);
/** The Postgres server's database the app runs on (null on PGlite, whose database is in the app's process). */
let dbName: string | null = null;
/** Watches the database's backends over one scenario: their CPU is the other half of a request's cost. */
async function watchDatabase(): Promise<ResourceWatch> {
  const watch = new ResourceWatch(appGroup, dbName);
  await watch.start();
  return watch;
}

async function prepare(database: Database) {
  await runMigrations(database);
  await seedDemoData(database);
  const { db } = database;
  const [singing] = await db.select().from(events).where(eq(events.slug, "solo-singing"));
  const hash = await hashPassword("bench-password");
  // Events for the basket scenarios: a capacity large enough never to fill, so every start takes the seat-holding path.
  await db
    .insert(events)
    .values(
      Array.from({ length: BASKET }, (_, i) => ({
        slug: `bench-${i + 1}`,
        name: `Bench ${i + 1}`,
        kind: "solo" as const,
        feePaise: 10_000 + i * 1_000,
        capacity: 1_000_000,
      })),
    )
    .onConflictDoNothing();
  // The return-path scenario's attempts: its own event, so the demo events keep their seats.
  const [returnsEvent] = await db
    .insert(events)
    .values({ slug: "bench-returns", name: "Bench returns", kind: "solo", feePaise: 25_000, capacity: 1_000_000 })
    .returning();
  // Each pay scenario gets a spare user per connection: autocannon stops at a request count, not at a chain's end.
  const total = N_RETURNS + N_STARTS + 2 * (N_PAYS + CONNECTIONS);
  const tokens: string[] = [];
  const created: { id: string; anweshaId: string; email: string }[] = [];
  for (let from = 0; from < total; from += 1000) {
    const batch = Array.from({ length: Math.min(1000, total - from) }, (_, k) => {
      const i = from + k;
      return {
        anweshaId: `ANW-B${i.toString(36).toUpperCase().padStart(6, "0")}`,
        name: `Bench ${i}`,
        email: `bench-${i}@example.com`,
        phone: "9876543210",
        college: "Bench",
        passwordHash: hash,
      };
    });
    created.push(...(await db.insert(users).values(batch).returning({ id: users.id, anweshaId: users.anweshaId, email: users.email })));
  }
  // bearer tokens for the payment-start scenarios: one user per payment, so every start is a new registration
  const startUsers = created.slice(N_RETURNS);
  for (let from = 0; from < startUsers.length; from += 1000) {
    const batch = startUsers.slice(from, from + 1000).map((u) => {
      const token = `anw_bench_${randomBytes(16).toString("hex")}`;
      tokens.push(token);
      return { userId: u.id, tokenHash: createHash("sha256").update(token).digest("hex"), expiresAt: new Date(Date.now() + 86_400_000) };
    });
    await db.insert(apiTokens).values(batch);
  }
  // pending attempts for the return-path scenario, and their genuine signed success messages
  const attempts = created.slice(0, N_RETURNS).map((u, i) => ({
    merchTxnId: `ANWBENCH${i.toString(36).toUpperCase().padStart(8, "0")}`,
    userId: u.id,
    anweshaId: u.anweshaId,
    email: u.email,
    name: "Bench",
    phone: "9876543210",
    expectedPaise: returnsEvent!.feePaise,
    atomTokenId: String(15_000_000_000_000 + i),
  }));
  // Each pending attempt pays one registration holding its seat, as a real start leaves it.
  const held = new Date(Date.now() + 6 * 3_600_000);
  for (let from = 0; from < attempts.length; from += 1000) {
    const slice = attempts.slice(from, from + 1000);
    const regs = await db
      .insert(registrations)
      .values(slice.map((a) => ({ eventId: returnsEvent!.id, userId: a.userId, feePaise: a.expectedPaise, heldUntil: held })))
      .returning({ id: registrations.id });
    const paid = await db.insert(payments).values(slice).returning({ id: payments.id });
    await db
      .insert(paymentItems)
      .values(paid.map((p, k) => ({ paymentId: p.id, registrationId: regs[k]!.id, amountPaise: slice[k]!.expectedPaise })));
  }
  const returns = attempts.map((a, i) =>
    encodeForm(
      encodeReturnForm(
        CONFIG,
        buildReturnMessage(CONFIG, {
          merchTxnId: a.merchTxnId,
          merchTxnDate: new Date(),
          atomTxnId: String(11_000_000_000_000 + i),
          amountPaise: a.expectedPaise,
          statusCode: "OTS0000",
          subChannel: "NB",
          bankTxnId: `BANK${i}`,
        }),
      ),
    ),
  );
  void singing;
  // The load above is a bulk insert: let the database settle (statistics, visibility map, a checkpoint) before the
  // clock starts, so autovacuum and the checkpointer catching up with it are not measured as the app's cost.
  await db.execute(sql`vacuum analyze`);
  await db.execute(sql`checkpoint`).catch(() => {}); // needs a superuser on the server; PGlite has one
  return { returns, tokens };
}

/** BENCH_SCENARIOS=start,pay runs only the scenarios whose names start with one of these (the ceiling always runs). */
const wanted = process.env.BENCH_SCENARIOS?.split(",").filter(Boolean);
const runs = (scenario: string) =>
  !wanted || scenario.startsWith("ceiling") || scenario.startsWith("warm-up") || wanted.some((w) => scenario.startsWith(w));

async function load(
  mode: string,
  scenario: string,
  opts: {
    path: string;
    bodies: string[];
    headers: (i: number) => Record<string, string>;
    amount?: number;
    expect: (status: number) => boolean;
  },
) {
  if (!runs(scenario)) return;
  let i = 0;
  let ok = 0;
  let bad = 0;
  // autocannon samples whole seconds and ends a counted run on a tick: the rate of a run of N requests is taken
  // from the clock, from the start to the last answer (a 4.1 s run would otherwise read as 5 s).
  const watch = await watchDatabase();
  const started = performance.now();
  const cpu0 = appCpu();
  let lastAnswer = started;
  const result = await autocannon({
    url: `${BASE}${opts.path}`,
    connections: CONNECTIONS,
    ...(opts.amount ? { amount: opts.amount } : { duration: DURATION }),
    requests: [
      {
        method: "POST",
        setupRequest: (req) => {
          const n = i++;
          return { ...req, method: "POST", body: opts.bodies[n % opts.bodies.length]!, headers: opts.headers(n) };
        },
        onResponse: (status) => {
          lastAnswer = performance.now();
          if (opts.expect(status)) ok++;
          else bad++;
        },
      },
    ],
  });
  const row: Row = {
    mode,
    scenario,
    requests: result.requests.total,
    rps: opts.amount ? (ok + bad) / ((lastAnswer - started) / 1000) : result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    bad,
    errors: result.errors + result.timeouts,
    cpuMs: ((appCpu() - cpu0) * 1000) / Math.max(1, ok + bad),
    dbCpuMs: 0,
  };
  await watch.stop();
  row.dbCpuMs = (watch.summary().backends * 1000) / Math.max(1, ok + bad);
  rows.push(row);
  log(
    `${mode} ${scenario}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ${ok} ok, ${bad} unexpected, ` +
      `${row.errors} errors/timeouts, app CPU ${row.cpuMs.toFixed(2)} ms a request, database CPU ${row.dbCpuMs.toFixed(2)} ms`,
  );
}

/**
 * Start a payment (POST /api/atompay, sandbox AUTH) and settle it (a genuine signed success to /api/response), one
 * chain per user: the whole life of a payment. The rate reported is payments per second (two requests each).
 */
async function payChains(mode: string, scenario: string, tokens: string[], body: string) {
  if (!runs(scenario)) return;
  let next = 0;
  let ok = 0;
  let bad = 0;
  const unexpected = new Map<string, number>();
  const note = (what: string) => unexpected.set(what, (unexpected.get(what) ?? 0) + 1);
  const watch = await watchDatabase();
  const started = performance.now();
  const cpu0 = appCpu();
  let lastAnswer = started;
  const result = await autocannon({
    url: BASE,
    connections: CONNECTIONS,
    amount: N_PAYS * 2,
    requests: [
      {
        method: "POST",
        path: "/api/atompay",
        // autocannon may prepare a request more than once: a connection keeps its user until its chain ends.
        setupRequest: (req, context) => {
          const c = context as Record<string, unknown>;
          c.token ??= tokens[next++ % tokens.length];
          return { ...req, body, headers: { "content-type": "application/json", authorization: `Bearer ${String(c.token)}` } };
        },
        onResponse: (status, resBody, context) => {
          if (status !== 201) {
            bad++;
            note(`start ${status}: ${resBody.slice(0, 120)}`);
            (context as Record<string, unknown>).form = "";
            return;
          }
          const { merchTxnId, amountPaise } = JSON.parse(resBody) as { merchTxnId: string; amountPaise: number };
          const message = buildReturnMessage(CONFIG, {
            merchTxnId,
            merchTxnDate: new Date(),
            atomTxnId: String(12_000_000_000_000 + next * 7 + Math.floor(Math.random() * 1e6)),
            amountPaise,
            statusCode: "OTS0000",
            subChannel: "UP",
            bankTxnId: `BANKP${next}`,
          });
          (context as Record<string, unknown>).form = encodeForm(encodeReturnForm(CONFIG, message));
        },
      },
      {
        method: "POST",
        path: "/api/response",
        setupRequest: (req, context) => ({
          ...req,
          body: String((context as Record<string, unknown>).form ?? ""),
          headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", "sec-fetch-mode": "navigate" },
        }),
        onResponse: (status, resBody, context) => {
          lastAnswer = performance.now();
          delete (context as Record<string, unknown>).token; // this user's payment is done: the next chain takes a new one
          if (status === 303) ok++;
          else {
            bad++;
            note(`return ${status}: ${resBody.slice(0, 120)}`);
          }
        },
      },
    ],
  });
  if (unexpected.size) log(`${mode} ${scenario}: unexpected answers ${JSON.stringify([...unexpected])}`);
  const seconds = (lastAnswer - started) / 1000; // to the last answer, not autocannon's next tick
  const row: Row = {
    mode,
    scenario,
    requests: result.requests.total,
    rps: ok / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    bad,
    errors: result.errors + result.timeouts,
    cpuMs: ((appCpu() - cpu0) * 1000) / Math.max(1, ok),
    dbCpuMs: 0,
  };
  await watch.stop();
  row.dbCpuMs = (watch.summary().backends * 1000) / Math.max(1, ok);
  rows.push(row);
  log(
    `${mode} ${scenario}: ${row.rps.toFixed(1)} payments/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ` +
      `${ok} settled, ${bad} unexpected, ${row.errors} errors/timeouts, app CPU ${row.cpuMs.toFixed(2)} ms a payment, ` +
      `database CPU ${row.dbCpuMs.toFixed(2)} ms`,
  );
}

async function runMode(mode: Mode) {
  const { database, env, name, drop } = await openModeDatabase(mode);
  log(`${mode}: preparing ${N_RETURNS} pending attempts and ${N_STARTS} users`);
  const { returns, tokens } = await prepare(database);
  await database.close(); // PGlite: the app must be the only process with the folder open
  const app = startApp(env);
  let pinning: Awaited<ReturnType<typeof pinCores>> | null = null;
  try {
    await waitForHealth(app);
    pinning = pinCores(name);
    appGroup = app.pid ?? 0;
    dbName = name;
    const form = { "content-type": "application/x-www-form-urlencoded", accept: "text/html", "sec-fetch-mode": "navigate" };
    if (!firstLoad) {
      firstLoad = await checkoutPageJs();
      log(`checkout page first-load JS: ${firstLoad.scripts} scripts, ${(firstLoad.gzipBytes / 1024).toFixed(1)} kB gzipped`);
    }
    // warm up: compile paths, fill caches (derived keys), open pool connections
    await load(mode, "warm-up", {
      path: "/api/bench/ceiling",
      bodies: returns.slice(0, 1),
      headers: () => form,
      amount: 3000,
      expect: (s) => s === 303,
    });
    rows.pop();
    await load(mode, "ceiling: parse form, 303", {
      path: "/api/bench/ceiling",
      bodies: returns,
      headers: () => form,
      expect: (s) => s === 303,
    });
    await load(mode, "return: unique genuine successes", {
      path: "/api/response",
      bodies: returns,
      headers: () => form,
      amount: returns.length,
      expect: (s) => s === 303,
    });
    await load(mode, "return: duplicates of settled", {
      path: "/api/response",
      bodies: returns,
      headers: () => form,
      expect: (s) => s === 303,
    });
    const startTokens = tokens.slice(0, N_STARTS);
    await load(mode, "start: POST /api/atompay (sandbox AUTH)", {
      path: "/api/atompay",
      bodies: [JSON.stringify({ eventSlug: "solo-singing" })],
      headers: (n) => ({ "content-type": "application/json", authorization: `Bearer ${startTokens[n % startTokens.length]}` }),
      amount: startTokens.length,
      expect: (s) => s === 201,
    });
    const slugs = Array.from({ length: BASKET }, (_, i) => ({ eventSlug: `bench-${i + 1}` }));
    const perScenario = N_PAYS + CONNECTIONS;
    await payChains(
      mode,
      "pay: start and settle, 1 item",
      tokens.slice(N_STARTS, N_STARTS + perScenario),
      JSON.stringify({ items: slugs.slice(0, 1) }),
    );
    await payChains(mode, `pay: start and settle, ${BASKET} items`, tokens.slice(N_STARTS + perScenario), JSON.stringify({ items: slugs }));
  } finally {
    appGroup = 0;
    dbName = null;
    await pinning?.stop();
    await stopApp(app);
    await drop();
  }
}

/** Signs in through Auth.js like a browser and sums the gzipped JavaScript the checkout page loads. */
async function checkoutPageJs(): Promise<{ scripts: number; gzipBytes: number }> {
  const cookie = await signInCookie("attendee@example.com", "attendee-demo");
  const html = await (await fetch(`${BASE}/events/code-sprint`, { headers: { cookie } })).text();
  if (!html.includes("Pay ₹250.00")) throw new Error("checkout page did not render the Pay button (not signed in?)");
  // What a current browser downloads: `nomodule` scripts (Next's legacy polyfills) are skipped by every
  // browser that supports modules.
  const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !/\bnomodule\b/i.test(tag));
  const srcs = [...new Set(tags.map((tag) => /\bsrc="([^"]+)"/.exec(tag)?.[1]).filter((src): src is string => !!src))];
  let gzipBytes = 0;
  for (const src of srcs) {
    const body = Buffer.from(await (await fetch(new URL(src, BASE))).arrayBuffer());
    gzipBytes += gzipSync(body, { level: 9 }).length;
  }
  return { scripts: srcs.length, gzipBytes };
}
let firstLoad: { scripts: number; gzipBytes: number } | null = null;

function ratio(a: number, b: number) {
  return b ? a / b : 0;
}

function report(crypto: Awaited<ReturnType<typeof cryptoBench>>) {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const lines = [
    "# Benchmark results",
    "",
    `Written by \`npm run bench\` on ${new Date().toISOString()} at commit ${commitOf()} — ` +
      `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
    `Load: autocannon from a separate process, ${CONNECTIONS} connections; duration runs ${DURATION} s; the app runs \`npm start\`'s command (production build); ${pinningWords()}.`,
    "",
    "| database | scenario | requests | req/s | p50 ms | p99 ms | app CPU ms | database CPU ms | expected answers | other answers | no answer |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${r.mode} | ${r.scenario} | ${r.requests} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.cpuMs.toFixed(2)} | ${r.mode === "postgres" ? r.dbCpuMs.toFixed(2) : "in the app"} | ${r.ok} | ${r.bad} | ${r.errors} |`,
    ),
    "",
    "App CPU ms: the app's CPU (every thread, user + system) per answered request; per payment in the pay rows. " +
      "Database CPU ms: the same for the Postgres backends serving the bench's database (on PGlite the database runs in the app).",
    "",
    "## Against the targets",
    "",
    "| database | target | measured | met |",
    "| --- | --- | --- | --- |",
  ];
  for (const mode of ["postgres", "pglite"]) {
    const get = (s: string) => rows.find((r) => r.mode === mode && r.scenario.startsWith(s));
    const ceiling = get("ceiling");
    const ret = get("return: unique");
    const start = get("start");
    if (!ceiling || !ret || !start) continue;
    const t1 = ratio(ret.rps, ceiling.rps);
    const t2 = ratio(ret.p99, ceiling.p99);
    const t3 = ratio(start.rps, ceiling.rps);
    lines.push(`| ${mode} | return throughput ≥ 0.7 × ceiling | ${t1.toFixed(2)} × | ${t1 >= 0.7 ? "yes" : "no"} |`);
    lines.push(`| ${mode} | return p99 ≤ 2 × ceiling p99 | ${t2.toFixed(2)} × | ${t2 <= 2 ? "yes" : "no"} |`);
    lines.push(
      `| ${mode} | every genuine return answered 303 | ${ret.ok} of ${ret.ok + ret.bad + ret.errors} | ${ret.bad + ret.errors === 0 ? "yes" : "no"} |`,
    );
    lines.push(`| ${mode} | start ≥ 0.35 × ceiling | ${t3.toFixed(2)} × | ${t3 >= 0.35 ? "yes" : "no"} |`);
    const one = get("pay: start and settle, 1 item");
    const five = get(`pay: start and settle, ${BASKET} items`);
    if (one && five) {
      const t4 = ratio(five.rps, one.rps);
      const rates = `${t4.toFixed(2)} × (${five.rps.toFixed(1)} vs ${one.rps.toFixed(1)} payments/s)`;
      lines.push(`| ${mode} | a ${BASKET}-item payment ≥ 0.8 × the rate of a 1-item payment | ${rates} | ${t4 >= 0.8 ? "yes" : "no"} |`);
    }
  }
  if (firstLoad) {
    const kb = firstLoad.gzipBytes / 1024;
    lines.push(
      `| all | checkout page first-load JS < 150 kB gzipped | ${kb.toFixed(1)} kB in ${firstLoad.scripts} scripts | ${kb < 150 ? "yes" : "no"} |`,
    );
  }
  lines.push(
    "",
    "## Crypto: one decrypt + parse + verify of a genuine return message",
    "",
    "| key | runs | median µs | p95 µs | ops/s |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...crypto.map((c) => `| ${c.name} | ${c.runs} | ${c.median.toFixed(1)} | ${c.p95.toFixed(1)} | ${c.opsPerSecond.toFixed(0)} |`),
    "",
    `Derived once and cached, the key makes the message ${(crypto[1]!.median / crypto[0]!.median).toFixed(0)} × cheaper than the kits' per-call PBKDF2.`,
    "",
  );
  writeResultsSection("main", lines.join("\n"));
}

const command = process.argv[2] ?? "main";
if (!["main", "rush", "door"].includes(command)) {
  console.error(`npm run bench -- ${command}: unknown; say nothing (the main bench), rush or door`);
  process.exit(2);
}
if (process.env.BENCH_SKIP_BUILD !== "1") {
  log("building the production app");
  execSync("npx next build", { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
}
if (command === "rush") await runRush(MODES);
else if (command === "door") await runDoor(MODES);
else {
  for (const mode of MODES) await runMode(mode);
  report(await cryptoBench());
}
process.exit(0);
