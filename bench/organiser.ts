/**
 * The organisers' console at 1,000 and 100,000 payments. Run: npx tsx bench/organiser.ts [--http] [--sizes=1000,100000]
 *
 * 1. In process (always), on PGlite and, when reachable, on the Postgres server (BENCH_DATABASE_URL, default
 *    postgres://postgres@127.0.0.1:5432/test; throwaway databases are created and dropped): the queries the list
 *    page runs (first page, a page in the middle via its cursor, searches, a filtered sort), and a full CSV
 *    export streamed to nowhere, with the peak JS heap and RSS while it runs. Every size is seeded first and the
 *    timed runs alternate between sizes, so a busy shared machine slows both alike and the ratio stays honest.
 * 2. Over HTTP (--http; needs a production build: `npx next build`): `next start` on BENCH_PORT (3600) against
 *    the same data, signed in as the demo organiser: GET /organiser/payments (the whole server-rendered page),
 *    GET /organiser/payments/export (the whole file), and the server's peak RSS during the export. When others
 *    may rebuild .next meanwhile, point BENCH_APP_DIR at a folder holding a copy of the build (see the report).
 *
 * --http-only skips part 1. Prints figures only; asserts nothing. The machine is shared: compare figures from the same run.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import v8 from "node:v8";
import vm from "node:vm";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import postgres from "postgres";
import { createDatabase, type Database, type Db } from "../db/client";
import { type BulkResult, insertBulkPayments, rowsOf } from "../db/fixtures/payments-bulk";
import { runMigrations } from "../db/migrator";
import * as schema from "../db/schema";
import { seedDemoData } from "../lib/demo/seeder";
import { itemsCsvStream } from "../lib/organiser/csv";
import { encodeCursor } from "../lib/organiser/cursor";
import { type ListView, parseListParams } from "../lib/organiser/filters";
import { eventOptions, listItems, SEARCH_INDEX_SQL } from "../lib/organiser/queries";
import { foldAll } from "../lib/organiser/rollup";
import { listSummary } from "../lib/organiser/summary";

const args = process.argv.slice(2);
const HTTP_ONLY = args.includes("--http-only");
const HTTP = HTTP_ONLY || args.includes("--http");
const SIZES = (args.find((a) => a.startsWith("--sizes="))?.slice(8) ?? "1000,100000").split(",").map(Number);
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PORT = Number(process.env.BENCH_PORT ?? 3600);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
/** Where `next start` runs: this folder, or a private copy of the build (BENCH_APP_DIR) when others rebuild .next. */
const APP_DIR = process.env.BENCH_APP_DIR ?? process.cwd();

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const mb = (n: number) => (Math.abs(n) < 1024 * 1024 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);
const pad = (s: string, n: number) => s.padEnd(n);

function stats(samples: number[]): { median: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, max: s[s.length - 1]! };
}

async function timed(fn: () => Promise<unknown>, runs = RUNS): Promise<{ median: number; max: number }> {
  await fn(); // warm-up: plans cached, pages in memory
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

const lines: string[] = [];
function report(line: string) {
  lines.push(line);
  console.log(line);
}

const view = (query: string): ListView => {
  const p = parseListParams(new URLSearchParams(query));
  if (Object.keys(p.errors).length) throw new Error(`bad query ${query}: ${JSON.stringify(p.errors)}`);
  return p.view;
};

/** A cursor for the row in the middle of the list: what "page 1000 of 2000" costs. */
async function middleCursor(db: Database["db"], count: number): Promise<string> {
  const [row] = await rowsOf<{ id: string; k: string }>(
    db,
    sql`select id, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as k from payment_items
      order by created_at desc, id desc offset ${sql.raw(String(Math.floor(count / 2)))} limit 1`,
  );
  return encodeCursor({ sort: "created", dir: "desc", value: row!.k, id: row!.id });
}

/** What app/organiser/payments/page.tsx asks the database for. */
async function pageQueries(db: Database["db"], v: ListView) {
  const now = new Date();
  await Promise.all([listItems(db, v, now), listSummary(db, v.filter, now, { stuckMinutes: 15 }), eventOptions(db)]);
}

async function exportInProcess(db: Database["db"], v: ListView) {
  gc();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 10);
  const t0 = performance.now();
  let bytes = 0;
  let rows = 0;
  // Every 20 chunks, a full GC and a look at what is still alive: garbage comes and goes with the GC's own
  // rhythm, but live memory must not grow with the number of rows.
  let chunks = 0;
  let peakLive = 0;
  const reader = itemsCsvStream(db, v, {
    onDone: (n: number) => {
      rows = n;
    },
  }).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (++chunks % 20 === 0) {
      gc();
      peakLive = Math.max(peakLive, process.memoryUsage().heapUsed - base.heapUsed);
    }
  }
  const elapsed = performance.now() - t0;
  clearInterval(sampler);
  gc();
  return { elapsed, bytes, rows, heapDelta: peakHeap - base.heapUsed, peakLive, peakRss };
}

const SCENARIOS: [string, string][] = [
  ["list page, no filter", ""],
  ["list page, search 'sharma'", "q=sharma"],
  ["list page, search one merchTxnId", "q=ANWBKX00000777"],
  ["list page, pending robo-wars by amount", "event=robo-wars&status=pending&sort=amount"],
  ["list page, stuck > 1 day, by name", "pendingOver=1440&sort=name"],
];

interface Opened {
  size: number;
  database: Database;
  seeded: BulkResult;
  foldMs: number;
  drop?: () => Promise<void>;
}

async function open(kind: "pglite" | "postgres", size: number): Promise<Opened> {
  let database: Database;
  let drop: (() => Promise<void>) | undefined;
  if (kind === "pglite") {
    // As db/client.ts opens it, with the pg_trgm extension its search index needs.
    const pg = new PGlite("memory://", { extensions: { pg_trgm } });
    database = {
      db: drizzlePglite({ client: pg, schema }) as unknown as Db,
      kind: "pglite",
      where: "memory://",
      close: () => pg.close(),
      client: { kind: "pglite", pg },
    };
  } else {
    const name = `anw_bench_org_${process.pid}_${size}`;
    const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(PG_URL);
    u.pathname = `/${name}`;
    database = createDatabase({ url: u.toString(), max: 10 });
    drop = async () => {
      const a = postgres(PG_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    };
  }
  await runMigrations(database);
  await seedDemoData(database);
  const seeded = await insertBulkPayments(database.db, { count: size });
  // The fixture writes straight into the tables; the triggers mark every payment, and one fold fills the rollup
  // (in production each change is folded in small batches as pages are viewed).
  const t0 = performance.now();
  await foldAll(database.db);
  const foldMs = performance.now() - t0;
  // What autovacuum does on a server soon after a bulk load (statistics, and the visibility map that index-only
  // counts rely on); PGlite has no autovacuum, so it is done here for both.
  await database.db.execute(sql.raw("VACUUM ANALYZE"));
  return { size, database, seeded, foldMs, drop };
}

/** Runs `fn` on every opened database in turn, RUNS times (after a warm-up each): medians per size. */
async function alternating(opened: Opened[], fn: (o: Opened) => Promise<unknown>): Promise<{ median: number; max: number }[]> {
  for (const o of opened) await fn(o);
  const samples = opened.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, o] of opened.entries()) {
      const t0 = performance.now();
      await fn(o);
      samples[k]!.push(performance.now() - t0);
    }
  }
  return samples.map(stats);
}

const ratioText = (r: { median: number }[]) => (r.length > 1 ? `   ${(r[r.length - 1]!.median / r[0]!.median).toFixed(2)}×` : "");
const figures = (opened: Opened[], r: { median: number; max: number }[]) =>
  r.map((x, i) => `${opened[i]!.size.toLocaleString("en-IN")}: ${pad(ms(x.median), 8)} (max ${ms(x.max)})`).join("  ") + ratioText(r);

async function inProcess(kind: "pglite" | "postgres") {
  const opened: Opened[] = [];
  try {
    for (const size of SIZES) opened.push(await open(kind, size));
    const described = (o: Opened) =>
      `${o.size.toLocaleString("en-IN")} payments (${o.seeded.items.toLocaleString("en-IN")} rows, ` +
      `${o.seeded.multiItem.toLocaleString("en-IN")} baskets of two; seeded in ${ms(o.seeded.ms)}, rollup folded in ${ms(o.foldMs)})`;
    report(`\n## ${kind}: ${opened.map(described).join(", ")}`);
    report(`  medians of ${RUNS} runs, sizes alternating; the last figure is the largest size's time over the smallest's`);
    const line = async (label: string, run: (o: Opened) => Promise<unknown>) =>
      report(`  ${pad(label, 40)} ${figures(opened, await alternating(opened, run))}`);
    for (const [label, query] of SCENARIOS) await line(label, (o) => pageQueries(o.database.db, view(query)));
    const deep = new Map<number, string>();
    for (const o of opened) deep.set(o.size, await middleCursor(o.database.db, o.seeded.items));
    await line("list page, middle page via cursor", (o) => pageQueries(o.database.db, view(`after=${deep.get(o.size)}`)));
    await line("  the list query alone, first page", (o) => listItems(o.database.db, view("")));
    await line("  the summary alone, from the rollup", (o) =>
      listSummary(o.database.db, view("").filter, new Date(), { stuckMinutes: 15 }),
    );
    await line("  the summary alone, adding up the rows", (o) =>
      listSummary(o.database.db, view("").filter, new Date(), { stuckMinutes: 15, source: "rows" }),
    );
    for (const o of opened) {
      const e = await exportInProcess(o.database.db, view(""));
      report(
        `  ${pad(`CSV export, all rows (${o.size.toLocaleString("en-IN")} payments)`, 40)} ${ms(e.elapsed)} ` +
          `for ${e.rows.toLocaleString("en-IN")} rows, ${mb(e.bytes)}; JS heap peak +${mb(e.heapDelta)}, ` +
          `live after GC at most +${mb(e.peakLive)}; process RSS peak ${mb(e.peakRss)}` +
          `${kind === "pglite" ? " (includes the in-process database)" : ""}`,
      );
    }
  } finally {
    for (const o of opened) {
      await o.database.close();
      await o.drop?.();
    }
  }
}

// ---------- over HTTP ----------

function treeRss(rootPid: number): number {
  // Sum the resident memory of the server and its children (next start forks the server process).
  const parents = new Map<number, number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      parents.set(Number(d), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      /* gone */
    }
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let total = 0;
  for (const pid of tree) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      /* gone */
    }
  }
  return total;
}

async function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [`${process.cwd()}/node_modules/next/dist/bin/next`, "start", "-p", String(PORT)], {
    cwd: APP_DIR,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_SECRET: "bench-only-secret-bench-only-secret-bench-only",
      APP_URL: `http://localhost:${PORT}`,
      ATOMPAY_ENV: "sandbox",
      LOG_LEVEL: "warn",
      RECONCILE_INTERVAL_SECONDS: "0",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://localhost:${PORT}/api/health`)).ok) return child;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill();
  throw new Error("the server did not start");
}

async function signInCookie(): Promise<string> {
  const base = `http://localhost:${PORT}`;
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({
      csrfToken,
      email: "organiser@example.com",
      password: "organiser-demo",
      callbackUrl: `${base}/organiser/payments`,
    }),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.includes("session-token"));
  if (!session) throw new Error(`sign-in failed (${res.status})`);
  return session;
}

async function overHttp(kind: "pglite" | "postgres", size: number) {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  if (kind === "pglite") {
    const dir = `${os.tmpdir()}/anw-bench-organiser-${process.pid}-${size}`;
    const database = createDatabase({ pgliteDir: dir });
    await runMigrations(database);
    await seedDemoData(database);
    await insertBulkPayments(database.db, { count: size });
    await foldAll(database.db);
    await database.close();
    env = { PGLITE_DIR: dir, DATABASE_URL: "" };
    cleanup = async () => void (await import("node:fs")).rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `anw_bench_org_http_${process.pid}_${size}`;
    const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(PG_URL);
    u.pathname = `/${name}`;
    const database = createDatabase({ url: u.toString() });
    await runMigrations(database);
    await seedDemoData(database);
    await insertBulkPayments(database.db, { count: size });
    await foldAll(database.db);
    await database.close();
    env = { DATABASE_URL: u.toString() };
    cleanup = async () => {
      const a = postgres(PG_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    };
  }
  const server = await startServer(env);
  try {
    const cookie = await signInCookie();
    const base = `http://localhost:${PORT}`;
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { cookie } });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      return body.byteLength;
    };
    report(`\n## HTTP, next start on ${kind}, ${size.toLocaleString("en-IN")} payments`);
    for (const [label, query] of [
      ["GET /organiser/payments", ""],
      ["GET /organiser/payments?q=sharma", "q=sharma"],
      ["GET /organiser/payments?status=pending&sort=amount", "status=pending&sort=amount"],
    ] as const) {
      const t = await timed(() => get(`/organiser/payments${query ? `?${query}` : ""}`));
      report(`  ${pad(label, 52)} median ${pad(ms(t.median), 9)} max ${ms(t.max)}`);
    }
    const api = await (await fetch(`${base}/api/organiser/payments?limit=200`, { headers: { cookie } })).json();
    const t = await timed(() => get(`/organiser/payments?after=${api.next}&limit=200`));
    report(`  ${pad("GET /organiser/payments, page 2 of 200 rows (cursor)", 52)} median ${pad(ms(t.median), 9)} max ${ms(t.max)}`);

    if (kind === "postgres") {
      const s = postgres(env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      await s.unsafe("CREATE EXTENSION IF NOT EXISTS pg_trgm");
      await s.unsafe(SEARCH_INDEX_SQL);
      await s.unsafe("ANALYZE payments");
      await s.end();
      const ti = await timed(() => get("/organiser/payments?q=sharma"));
      report(`  ${pad("GET /organiser/payments?q=sharma, with trigram index", 52)} median ${pad(ms(ti.median), 9)} max ${ms(ti.max)}`);
    }

    const before = treeRss(server.pid!);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, treeRss(server.pid!))), 25);
    const t0 = performance.now();
    const res = await fetch(`${base}/organiser/payments/export`, { headers: { cookie } });
    const firstByte = performance.now() - t0;
    let bytes = 0;
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
    }
    const total = performance.now() - t0;
    clearInterval(sampler);
    report(
      `  ${pad("GET /organiser/payments/export (all rows)", 52)} ${ms(total)} (first byte ${ms(firstByte)}), ${mb(bytes)}; ` +
        `server RSS ${mb(before)} → peak ${mb(peak)}`,
    );
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    await cleanup();
  }
}

async function postgresReachable(): Promise<boolean> {
  const s = postgres(PG_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await s`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await s.end({ timeout: 1 });
  }
}

const kinds: ("pglite" | "postgres")[] = ["pglite", ...((await postgresReachable()) ? (["postgres"] as const) : [])];
report(`# Organisers' console benchmark (${os.cpus().length} CPUs, Node ${process.version}); databases: ${kinds.join(", ")}`);
if (!HTTP_ONLY) for (const kind of kinds) await inProcess(kind);
if (HTTP) {
  if (!existsSync(`${APP_DIR}/.next/BUILD_ID`)) report("\n(--http skipped: no production build; run `npx next build` first)");
  else for (const kind of kinds) for (const size of SIZES) await overHttp(kind, size);
}
