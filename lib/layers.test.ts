// The layers (README "Architecture"): every import runs down or sideways, never up, and no files import each other
// in a circle. Read from the sources as text, as the other source scans do; `npm run lint` runs this file.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readSource, sourceFiles } from "@/lib/testing/source-scan";

/**
 * Bottom first. A file may import files of its own layer or of a lower one. Paths are folders (ending in /) or
 * files; the longest match names a file's layer.
 */
const LAYERS: [name: string, paths: string[]][] = [
  ["database", ["db/"]],
  [
    "ground: settings, logs, errors, money and time, metrics, audit, HTTP plumbing, the AtomPay protocol",
    [
      "lib/atompay/",
      "lib/env.ts",
      "lib/log.ts",
      "lib/errors.ts",
      "lib/ids.ts",
      "lib/format.ts",
      "lib/format-sql.ts",
      "lib/metrics.ts",
      "lib/audit.ts",
      "lib/sub-channel-words.ts",
      "lib/http/",
      "lib/console-guard.ts",
      "lib/testing/",
    ],
  ],
  // Waking the waiting list is only adding its job: the moves that free a seat (events, payments) call it.
  ["the job queue", ["lib/jobs/"]],
  // Who holds a registration, its status words and seats: asked by passes, payments and pages alike.
  ["registrations", ["lib/registrations/"]],
  // A pass is an entered registration's; its calendar entry is made from it.
  ["passes and calendars", ["lib/passes/", "lib/calendar/"]],
  ["mail and the rate limiter", ["lib/mail/", "lib/rate-limit.ts"]],
  // An account's password and session version are the account's; signing in (auth) checks them.
  ["accounts", ["lib/users/"]],
  ["signing in", ["lib/auth/"]],
  // What an event may ask and the one validator of answers: pure, so the events' form and API check questions.
  ["questions", ["lib/questions/"]],
  ["events", ["lib/events/"]],
  // Codes: what a code takes off or unlocks (asked of the events' prices) and its uses, counted from registrations.
  ["codes", ["lib/codes/"]],
  // The demo accounts and events: start-up seeds them, and so do the tests' scenarios.
  ["the demo data", ["lib/demo/"]],
  // A team's roster as the checkout and pages read it, and the team's row lock: below both the payments, which
  // start for a roster, and the teams' changes, which take the same lock.
  ["rosters", ["lib/rosters/"]],
  // Answers kept by a registration: written at checkout (payments), on accepting (teams), by their owner.
  ["answers", ["lib/answers/"]],
  // The waiting list: its offers hold seats (counted in lib/registrations/seats.ts); the payments wake it when they
  // free a seat, so it sits below them.
  ["the waiting list", ["lib/waitlist/"]],
  // The receipt (mail, PDF) carries the passes its viewer may see.
  ["the sale: payments", ["lib/payments/"]],
  // Leaving or disbanding a team cancels its registration through the payments' one door (settle/).
  ["teams' changes", ["lib/teams/"]],
  [
    "around the sale: basket, console queries, check-in, the sandbox gateway, a person's data",
    [
      "lib/basket/",
      "lib/organiser/",
      "lib/checkin/",
      "lib/desk/",
      "lib/sandbox/",
      "lib/privacy/",
      "lib/coordinators/",
      "lib/announcements/",
      "lib/certificates/",
    ],
  ],
  // Start-up wires the layers together: it starts the jobs and hands the sandbox to the payments as a fetch.
  ["start-up and the console's page guard", ["lib/server/", "lib/console/"]],
  ["pages, routes and tools", ["app/", "proxy.ts", "instrumentation.ts", "scripts/", "bench/"]],
];

// Test helpers (testing.ts or *-testing.ts, the throwaway Postgres, the SMTP test server) set up whole scenarios and may reach
// anywhere; nothing the app runs imports them (checked below).
const TEST_SUPPORT = /(^|\/|-)testing\.ts$|^db\/temp-postgres\.ts$|^lib\/mail\/smtp-test-server\.ts$/;

function layerOf(file: string): number {
  let best = -1;
  let bestLength = -1;
  LAYERS.forEach(([, paths], i) => {
    for (const p of paths) {
      const hit = p.endsWith("/") ? file.startsWith(p) : file === p;
      if (hit && p.length > bestLength) [best, bestLength] = [i, p.length];
    }
  });
  return best;
}

const files = sourceFiles().filter((f) => /\.(ts|tsx)$/.test(f));
const known = new Set(files);

/** What a specifier names in this tree ("@/lib/x", "./y"), as a file path; null for a package. */
function resolve(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (known.has(candidate)) return candidate;
  }
  return null;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file: string): string[] {
  const text = readSource(file);
  return [...text.matchAll(IMPORT)].map((m) => resolve(file, (m[1] ?? m[2])!)).filter((f): f is string => f !== null);
}

const graph = new Map(files.map((f) => [f, importsOf(f)]));
const app = files.filter((f) => !TEST_SUPPORT.test(f));

describe("layers", () => {
  it("every source file has a layer", () => {
    expect(app.filter((f) => layerOf(f) < 0)).toEqual([]);
  });

  it("no import runs up the layers", () => {
    const upward = app.flatMap((f) =>
      graph
        .get(f)!
        .filter((to) => layerOf(to) > layerOf(f))
        .map((to) => `${f} (${LAYERS[layerOf(f)]![0]}) -> ${to} (${LAYERS[layerOf(to)]![0]})`),
    );
    expect(upward).toEqual([]);
  });

  it("the AtomPay protocol imports nothing of the app (it is also a package of its own)", () => {
    const out = files
      .filter((f) => f.startsWith("lib/atompay/"))
      .flatMap((f) =>
        graph
          .get(f)!
          .filter((to) => !to.startsWith("lib/atompay/"))
          .map((to) => `${f} -> ${to}`),
      );
    expect(out).toEqual([]);
  });

  it("nothing the app runs imports a test helper", () => {
    const out = app.flatMap((f) =>
      graph
        .get(f)!
        .filter((to) => TEST_SUPPORT.test(to))
        .map((to) => `${f} -> ${to}`),
    );
    expect(out).toEqual([]);
  });

  it("no files import each other in a circle", () => {
    // Tarjan's strongly connected components over the app's files.
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const circles: string[][] = [];
    let next = 0;
    const visit = (v: string) => {
      index.set(v, next);
      low.set(v, next++);
      stack.push(v);
      onStack.add(v);
      for (const w of graph.get(v) ?? []) {
        if (TEST_SUPPORT.test(w)) continue;
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) === index.get(v)) {
        const circle: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          circle.push(w);
        } while (w !== v);
        if (circle.length > 1) circles.push(circle.sort());
      }
    };
    for (const f of app) if (!index.has(f)) visit(f);
    expect(circles).toEqual([]);
  });

  it("sees the imports it checks (a sanity check of the reader)", () => {
    expect(graph.get("lib/payments/settle/index.ts")).toContain("db/schema.ts");
    expect(graph.get("instrumentation.ts")).toContain("lib/server/start.ts");
    expect(layerOf("app/api/health/route.ts")).toBe(LAYERS.length - 1);
  });
});
