// What every `npm run bench` mode shares: a throwaway database per mode (a Postgres database made and dropped, or a
// fresh PGlite folder), the production app started on it, a browser-like sign-in, latency percentiles, process CPU
// read from /proc, and bench/RESULTS.md written one section at a time so one mode never erases another's figures.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { createDatabase, type Database } from "../db/client";

export const PORT = Number(process.env.BENCH_PORT ?? 3500);
export const BASE = `http://localhost:${PORT}`;
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export type Mode = "postgres" | "pglite";
export const MODES = (process.env.BENCH_MODES?.split(",").filter(Boolean) ?? ["postgres", "pglite"]) as Mode[];

/** The commit measured, and whether the work tree had changes on top of it (figures from those are not the commit's). */
export function commitOf(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/RESULTS.md"], {
      encoding: "utf8",
    }).trim();
    return dirty ? `${head} with uncommitted changes` : head;
  } catch {
    return "unknown";
  }
}

export function log(msg: string) {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);
}

export interface ModeDatabase {
  database: Database;
  /** The app's settings for this database. */
  env: Record<string, string>;
  /** The Postgres database's name (for pg_stat_activity); null on PGlite. */
  name: string | null;
  /** Opens the data again once the app has stopped (PGlite: one process at a time may hold the folder). */
  reopen(): Database;
  drop(): Promise<void>;
}

/** A new, empty database for one mode's run, named after this process (`tag` keeps two benches apart). */
export async function openModeDatabase(mode: Mode, tag = "bench"): Promise<ModeDatabase> {
  if (mode === "postgres") {
    const name = `anw_${tag}_${process.pid}`;
    const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    return {
      database: createDatabase({ url: url.toString(), max: 4 }),
      env: { DATABASE_URL: url.toString() },
      name,
      reopen: () => createDatabase({ url: url.toString(), max: 2 }),
      async drop() {
        const a = postgres(PG_URL, { max: 1, onnotice: () => {} });
        await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const dir = path.join(process.cwd(), ".data", `${tag}-pglite`);
  rmSync(dir, { recursive: true, force: true });
  return {
    database: createDatabase({ pgliteDir: dir }),
    env: { PGLITE_DIR: dir, DATABASE_URL: "" },
    name: null,
    reopen: () => createDatabase({ pgliteDir: dir }),
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `npm start`'s node flags and arguments (package.json), with `extra` node flags before the script: the bench serves
 * the app exactly as production starts it.
 */
function npmStart(extra: string[]): string[] {
  const script: string = JSON.parse(readFileSync("package.json", "utf8")).scripts.start;
  const [node, ...args] = script.trim().split(/\s+/);
  const at = args.findIndex((a) => !a.startsWith("-"));
  if (node !== "node" || at < 0) throw new Error(`package.json's start script is not "node [flags] <script> …": ${script}`);
  return [...args.slice(0, at), ...extra, ...args.slice(at)];
}

/** `npm start` (the production build) in its own process group, so it and any child it forks stop together. */
export function startApp(env: Record<string, string>): ChildProcess {
  const appEnv: Record<string, string> = {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    BENCH_ROUTES: "1",
    APP_URL: BASE,
    AUTH_SECRET: "bench-secret-bench-secret-bench-secret-123",
    ATOMPAY_ENV: "sandbox",
    ALLOW_PUBLIC_SANDBOX: "1",
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "error",
    RECONCILE_INTERVAL_SECONDS: "0",
  };
  // BENCH_APP_LOG=/tmp/app.log keeps the app's own log (at BENCH_LOG_LEVEL) for reading after a run.
  const appLog = process.env.BENCH_APP_LOG ? openSync(process.env.BENCH_APP_LOG, "w") : "ignore";
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the app under load (written when it exits).
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  return spawn(process.execPath, [...npmStart(nodeArgs), "-p", String(PORT)], {
    env: { ...process.env, ...env, ...appEnv },
    stdio: ["ignore", appLog, "inherit"],
    detached: true,
  });
}

export async function waitForHealth(child: ChildProcess) {
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error("the app exited while starting");
    try {
      const res = await fetch(`${BASE}/api/health`);
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the app did not become healthy");
}

/** Stops the app's process group and waits for it to be gone (PGlite's folder is free again after). */
export async function stopApp(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null) return;
  const gone = new Promise((r) => child.once("exit", r));
  process.kill(-child.pid, "SIGTERM");
  await Promise.race([gone, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
}

/** Signs in through Auth.js's credentials form as a browser does; returns the Cookie header to send. */
export async function signInCookie(email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [k, ...v] = pair!.split("=");
      jar.set(k!, v.join("="));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${BASE}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signedIn = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/" }),
  });
  keep(signedIn);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in as ${email} failed (${signedIn.status})`);
  return cookie();
}

/** The p-th percentile (0–100) of `samples`, nearest rank; 0 for none. */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return 0;
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Latencies of one step, by answer. */
export class Step {
  readonly ms: number[] = [];
  readonly statuses = new Map<number, number>();
  constructor(readonly name: string) {}
  record(status: number, ms: number) {
    this.ms.push(ms);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }
  count(test: (status: number) => boolean): number {
    let n = 0;
    for (const [s, c] of this.statuses) if (test(s)) n += c;
    return n;
  }
  /** "201 × 300, 409 × 4700" */
  answers(): string {
    return [...this.statuses]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s === 0 ? "no answer" : s} × ${n}`)
      .join(", ");
  }
  row(): string {
    const f = (p: number) => percentile(this.ms, p).toFixed(0);
    return `| ${this.name} | ${this.ms.length} | ${f(50)} | ${f(95)} | ${f(99)} | ${this.answers()} |`;
  }
}
export const STEP_HEADER = ["| step | requests | p50 ms | p95 ms | p99 ms | answers |", "| --- | ---: | ---: | ---: | ---: | --- |"];

/** A request timed into `step`; a connection error counts as status 0 (no answer). */
export async function timed(step: Step, url: string, init: RequestInit = {}): Promise<{ status: number; body: string }> {
  const t0 = performance.now();
  try {
    const res = await fetch(url.startsWith("http") ? url : `${BASE}${url}`, { redirect: "manual", ...init });
    const body = await res.text();
    step.record(res.status, performance.now() - t0);
    return { status: res.status, body };
  } catch {
    step.record(0, performance.now() - t0);
    return { status: 0, body: "" };
  }
}

const TICKS = 100; // USER_HZ: /proc's times are in clock ticks, 100 a second on Linux

/** CPU seconds (user + system) used so far by a process, or null when it is gone or unreadable. */
function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // after "pid (comm) "
    return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime, stime: fields 14 and 15 of the whole line
  } catch {
    return null;
  }
}

/** Every process whose process group is `pgid` (the app and whatever `next start` forks). */
function processGroup(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid) pids.push(Number(entry));
    } catch {}
  }
  return pids;
}

/** CPU seconds used so far by every process in group `pgid` (the app: `next start` and what it forks). */
export function groupCpuSeconds(pgid: number): number {
  let sum = 0;
  for (const pid of processGroup(pgid)) sum += processCpuSeconds(pid) ?? 0;
  return sum;
}

/** Processes named `comm` (e.g. "postgres": the server's backends and its own workers). */
function processesNamed(comm: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === comm) pids.push(Number(entry));
    } catch {}
  }
  return pids;
}

/** Set when a Postgres run's pinCores moved no backend (taskset refused, say): its figures are not pinned ones. */
let pinRefused = false;

/** What pinCores did in the runs so far, for a results section's header. */
export function pinningWords(): string {
  if (process.env.BENCH_PIN === "0" || availableParallelism() < 2) return "nothing pinned";
  if (pinRefused) return "nothing pinned (taskset moved none of the bench database's backends)";
  return "on Postgres, the bench database's backends run on the cores after the first (bench/harness.ts pinCores)";
}

/**
 * The Postgres backends serving the bench's database run on the cores after the first; the app and the load may run
 * anywhere, so the app's JavaScript thread is not displaced by its own database, as with the database on another
 * machine. Left alone on two cores, Linux wakes the backend the app has just written a query to on the app's own
 * core, where it preempts the app's one JavaScript thread until it has answered: returns measured 0.41 to 0.58 × the
 * ceiling left alone and 0.50 to 0.68 × with the backends moved, the same afternoon (README). (Moving the load there too
 * starved the pay chains, whose next request waits for the load's own crypto.) Checked every second, so backends the
 * app opens later are moved too. BENCH_PIN=0 leaves the scheduler alone; on one core, or where taskset is refused,
 * nothing is moved.
 */
export function pinCores(databaseName: string | null): { stop(): Promise<void> } {
  const cores = availableParallelism();
  if (process.env.BENCH_PIN === "0" || cores < 2) return { stop: async () => {} };
  const rest = cores === 2 ? "1" : `1-${cores - 1}`;
  const admin = databaseName ? postgres(PG_URL, { max: 1, onnotice: () => {} }) : null;
  if (!admin) return { stop: async () => {} };
  const taskset = (pid: number) => {
    try {
      execFileSync("taskset", ["-a", "-c", "-p", rest, String(pid)], { stdio: "ignore" });
      return true;
    } catch {
      return false; // gone already, or not ours to move
    }
  };
  const moved = new Set<number>();
  const move = async () => {
    const rows = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${databaseName}`;
    for (const { pid } of rows) if (!moved.has(pid) && taskset(pid)) moved.add(pid);
  };
  void move().catch(() => {});
  const timer = setInterval(() => void move().catch(() => {}), 1000);
  return {
    async stop() {
      clearInterval(timer);
      if (!moved.size) pinRefused = true;
      await admin.end();
    },
  };
}

/**
 * CPU used during a run by the app's processes, the Postgres backends serving the bench's database, and every
 * postgres process on the machine (the server is shared: that last figure includes other people's work), and the
 * database's connections, sampled every second from pg_stat_activity.
 */
export class ResourceWatch {
  private readonly first = new Map<string, number>();
  private readonly last = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private admin: postgres.Sql | null = null;
  private startedAt = 0;
  private seconds = 0;
  connections = { peak: 0, peakActive: 0, samples: [] as number[] };

  constructor(
    private readonly appPgid: number,
    private readonly databaseName: string | null,
  ) {}

  private note(key: string, cpu: number | null) {
    if (cpu === null) return;
    if (!this.first.has(key)) this.first.set(key, cpu);
    this.last.set(key, cpu);
  }

  private async sample() {
    for (const pid of processGroup(this.appPgid)) this.note(`app:${pid}`, processCpuSeconds(pid));
    for (const pid of processesNamed("postgres")) this.note(`pg:${pid}`, processCpuSeconds(pid));
    if (this.admin && this.databaseName) {
      const rows = await this.admin<{ pid: number; state: string | null }[]>`
        select pid, state from pg_stat_activity where datname = ${this.databaseName} and pid <> pg_backend_pid()`;
      this.connections.peak = Math.max(this.connections.peak, rows.length);
      this.connections.peakActive = Math.max(this.connections.peakActive, rows.filter((r) => r.state === "active").length);
      this.connections.samples.push(rows.length);
      for (const r of rows) this.note(`backend:${r.pid}`, processCpuSeconds(r.pid));
    }
  }

  async start() {
    if (this.databaseName) this.admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
    this.startedAt = performance.now();
    await this.sample();
    this.timer = setInterval(() => void this.sample().catch(() => {}), 1000);
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    await this.sample().catch(() => {});
    this.seconds = (performance.now() - this.startedAt) / 1000;
    await this.admin?.end();
  }

  private sum(prefix: string): number {
    let s = 0;
    for (const [k, v] of this.last) if (k.startsWith(prefix)) s += v - (this.first.get(k) ?? v);
    return s;
  }

  /** CPU seconds, and as a share of one core over the watched wall time. */
  summary() {
    const share = (cpu: number) => (this.seconds ? cpu / this.seconds : 0);
    const app = this.sum("app:");
    const backends = this.sum("backend:");
    const allPostgres = this.sum("pg:");
    return {
      seconds: this.seconds,
      app,
      appCores: share(app),
      backends,
      backendCores: share(backends),
      allPostgres,
      allPostgresCores: share(allPostgres),
    };
  }
}

/**
 * Writes `body` as section `name` of bench/RESULTS.md, between markers, keeping every other section. The file's
 * text outside any marker (a file written before sections had them) is the main bench's section.
 */
export function writeResultsSection(name: string, body: string): void {
  const file = path.join(process.cwd(), "bench", "RESULTS.md");
  const old = existsSync(file) ? readFileSync(file, "utf8") : "";
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${begin}\n${body.trim()}\n${end}\n`;
  const marked = /<!-- bench:([\w-]+) -->[\s\S]*?<!-- \/bench:\1 -->\n?/g;
  const sections = [...old.matchAll(marked)].map((m) => ({ name: m[1]!, text: m[0] }));
  const unmarked = old.replace(marked, "").trim();
  if (!sections.some((s) => s.name === "main") && unmarked)
    sections.unshift({ name: "main", text: `<!-- bench:main -->\n${unmarked}\n<!-- /bench:main -->\n` });
  const at = sections.findIndex((s) => s.name === name);
  if (at >= 0) sections[at] = { name, text: block };
  else sections.push({ name, text: block });
  // The main bench's figures first, then the others in the order they were first written.
  sections.sort((a, b) => Number(b.name === "main") - Number(a.name === "main"));
  writeFileSync(file, `${sections.map((s) => s.text.trimEnd()).join("\n\n")}\n`);
  log(`wrote the ${name} section of bench/RESULTS.md`);
}
