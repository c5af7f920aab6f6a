// Faults against a real PostgreSQL server that this file starts, stops and starts again (db/temp-postgres.ts),
// driving the real route handlers: with the database down the gateway's return answers 503 quickly with
// Retry-After (never 500); when it is back the app recovers by itself; every payment made around the outage
// ends correct after re-delivery or reconciliation. Also the gateway misbehaving on AUTH (garbage, HTTP 500,
// timeout, unreachable): a clear 502/504, the attempt failed, and a retry works.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { findPostgresBinaries, startTempPostgres, type TempPostgres } from "@/db/temp-postgres";
import type { AtomPayClient } from "@/lib/atompay";
import type { CurrentUser } from "@/lib/auth/require-user";
import type { PaymentDeps } from "./deps";

// next-auth imports "next/server" without an extension, which Vitest's Node resolution cannot load. These
// tests authenticate with bearer tokens (lib/auth/require-user never asks Auth.js then), so the session half is
// replaced by "no session".
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

const binDir = findPostgresBinaries();
const SKIP_REASON = "no PostgreSQL server binaries (initdb, pg_ctl, postgres) under /usr/lib/postgresql/*/bin or $PG_BIN";
if (!binDir) console.warn(`[faults] SKIPPED: ${SKIP_REASON}. Install postgresql (Debian: apt-get install postgresql) to run them.`);

const APP_URL = "http://localhost:3000";
const ENV_KEYS = ["DATABASE_URL", "PGLITE_DIR", "APP_URL", "ATOMPAY_ENV", "AUTH_SECRET", "ATOMPAY_TIMEOUT_MS"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
const g = globalThis as unknown as { __anweshaDatabase?: Database; __anweshaAtomPay?: AtomPayClient };

/** The app's modules, imported only after DATABASE_URL points at the throwaway server. */
async function loadApp() {
  return {
    client: await import("@/db/client"),
    migrator: await import("@/db/migrator"),
    seeder: await import("@/lib/demo/seeder"),
    schema: await import("@/db/schema"),
    orm: await import("drizzle-orm"),
    atompay: await import("@/lib/atompay"),
    errors: await import("@/lib/errors"),
    tokens: await import("@/lib/auth/tokens"),
    accounts: await import("@/lib/users/accounts"),
    sandboxFetch: (await import("@/lib/sandbox/fetch")).sandboxFetch,
    sandbox: await import("@/lib/sandbox/gateway"),
    start: await import("./start"),
    reconcile: (await import("./reconcile")).reconcile,
    testing: await import("./testing"),
    responseRoute: await import("@/app/api/response/route"),
    callbackRoute: await import("@/app/api/atompay/callback/route"),
    atompayRoute: await import("@/app/api/atompay/route"),
    healthRoute: await import("@/app/api/health/route"),
  };
}
type App = Awaited<ReturnType<typeof loadApp>>;

describe.skipIf(!binDir)("faults on a PostgreSQL server the test starts and stops itself", () => {
  let pg: TempPostgres | undefined;
  let app: App;
  let deps: PaymentDeps;
  let sandboxClient: AtomPayClient;

  beforeAll(async () => {
    pg = await startTempPostgres({ binDir: binDir! });
    process.env.DATABASE_URL = pg.url;
    delete process.env.PGLITE_DIR;
    process.env.APP_URL = APP_URL;
    process.env.ATOMPAY_ENV = "sandbox";
    process.env.AUTH_SECRET = "faults-test-secret-faults-test-secret-0123456789";
    delete g.__anweshaDatabase;
    delete g.__anweshaAtomPay;
    vi.resetModules();
    app = await loadApp();
    const database = app.client.appDatabase();
    expect(database.kind).toBe("postgres");
    expect(database.where).toContain(`127.0.0.1:${pg.port}`);
    await app.migrator.runMigrations(database);
    await app.seeder.seedDemoData(database);
    const config = app.testing.TEST_CONFIG;
    sandboxClient = app.atompay.createAtomPayClient(config, { fetch: app.sandboxFetch(database.db, config), retryDelayMs: 0 });
    deps = { db: database.db, gateway: sandboxClient, config, appUrl: APP_URL, attemptTtlMs: 15 * 60_000 };
    // The route handlers build their deps from the app's settings; their gateway is this in-process sandbox.
    g.__anweshaAtomPay = sandboxClient;
  }, 120_000);

  afterAll(async () => {
    try {
      await g.__anweshaDatabase?.close();
    } catch {
      // the pool may already be broken; the server goes next anyway
    }
    delete g.__anweshaDatabase;
    delete g.__anweshaAtomPay;
    pg?.destroy();
    for (const k of ENV_KEYS) {
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
  }, 60_000);

  let n = 0;
  async function newUser(tag: string): Promise<CurrentUser> {
    n++;
    const u = await app.accounts.createAccount(deps.db, {
      name: `Fault ${tag} ${n}`,
      email: `fault-${tag}-${n}-${Date.now()}@example.com`,
      phone: `9${String(200000000 + n).slice(-9)}`,
      college: "Fault College",
      password: `fault-password-${n}`,
    });
    return { id: u.id, anweshaId: u.anweshaId, name: u.name, email: u.email, phone: u.phone, college: u.college, role: u.role };
  }

  async function statusOf(merchTxnId: string) {
    const { payments } = app.schema;
    const [row] = await deps.db.select().from(payments).where(app.orm.eq(payments.merchTxnId, merchTxnId));
    return row?.status;
  }

  function returnRequest(form: { encData: string; merchId: string }, from: "browser" | "gateway" = "browser") {
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    if (from === "browser") Object.assign(headers, { "sec-fetch-mode": "navigate", accept: "text/html" });
    // The browser returns to /api/response; the gateway's server calls its own callback URL.
    const path = from === "browser" ? "/api/response" : "/api/atompay/callback";
    return new Request(`${APP_URL}${path}`, { method: "POST", headers, body: new URLSearchParams(form) });
  }

  function startRequest(token: string, body: unknown = { eventSlug: "code-sprint" }) {
    return new Request(`${APP_URL}/api/atompay`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  }

  describe("the gateway misbehaves while a payment starts", () => {
    const hang: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        const signal = init?.signal;
        signal?.addEventListener("abort", () => reject(signal.reason ?? new DOMException("aborted", "AbortError")), { once: true });
      });
    const cases: { name: string; fetch: typeof fetch; status: number; code: string }[] = [
      {
        name: "answers garbage (HTML)",
        fetch: async () => new Response("<html><body>Service Temporarily Unavailable</body></html>", { status: 200 }),
        status: 502,
        code: "gateway_error",
      },
      {
        name: "answers a form it cannot have encrypted",
        fetch: async () => new Response("merchId=317157&encData=ZZ00", { status: 200 }),
        status: 502,
        code: "gateway_error",
      },
      { name: "answers an empty body", fetch: async () => new Response("", { status: 200 }), status: 502, code: "gateway_error" },
      {
        name: "answers HTTP 500",
        fetch: async () => new Response("Internal Server Error", { status: 500 }),
        status: 502,
        code: "gateway_error",
      },
      { name: "does not answer (timeout)", fetch: hang, status: 504, code: "gateway_timeout" },
      {
        name: "is unreachable (connection refused)",
        fetch: (_i, init) => fetch("http://127.0.0.1:9/ots/aipay/auth", init),
        status: 502,
        code: "gateway_error",
      },
    ];

    for (const c of cases) {
      it(`${c.name}: ${c.status} with a person-readable message, the attempt is failed, and a retry works`, async () => {
        const user = await newUser("gw");
        const { token } = await app.tokens.issueToken(deps.db, user.id);
        const { payments } = app.schema;
        const attempts = () => deps.db.select().from(payments).where(app.orm.eq(payments.userId, user.id)).orderBy(payments.createdAt);

        // Through the real route handler: what the attendee's browser gets.
        g.__anweshaAtomPay = app.atompay.createAtomPayClient(deps.config, { fetch: c.fetch, timeoutMs: 400, retryDelayMs: 0 });
        const res = await app.atompayRoute.POST(startRequest(token));
        expect(res.status).toBe(c.status);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe(c.code);
        expect(body.error.message).toMatch(/No money was taken/);
        expect(body.error.message).toMatch(/try again/i);
        // Nothing technical reaches the attendee.
        expect(body.error.message).not.toMatch(/OTS\d|encData|undefined|Error:|stack|\bat \w+ \(|127\.0\.0\.1|https?:/);
        let rows = await attempts();
        expect(rows.map((r) => r.status)).toEqual(["failed"]);
        expect(rows[0]!.atomTokenId).toBeNull();

        // The same through the domain function: a typed ApiError.
        const direct = await app.start
          .startPayment({ ...deps, gateway: g.__anweshaAtomPay }, user, { eventSlug: "solo-singing" })
          .catch((e: unknown) => e);
        expect(direct).toBeInstanceOf(app.errors.ApiError);
        expect((direct as InstanceType<typeof app.errors.ApiError>).status).toBe(c.status);

        // The gateway is fine again: the retry starts a fresh attempt with a token.
        g.__anweshaAtomPay = sandboxClient;
        const retry = await app.atompayRoute.POST(startRequest(token));
        expect(retry.status).toBe(201);
        const started = (await retry.json()) as { merchTxnId: string; atomTokenId: string; amountPaise: number };
        expect(started.atomTokenId).toMatch(/^\d{14}$/);
        expect(started.amountPaise).toBe(25_000);
        rows = await attempts();
        const byEvent = rows.map((r) => `${r.expectedPaise}:${r.status}`);
        expect(byEvent).toEqual(["25000:failed", "15000:failed", "25000:pending"]);
        expect(rows.at(-1)!.merchTxnId).toBe(started.merchTxnId);
      });
    }
  });

  describe("the database goes away and comes back", () => {
    type Outcome = "success" | "surcharge" | "failure" | "cancel" | "pending" | "no-return";
    type Group = "re-sent after the outage" | "lost (never re-sent)" | "sent while stopping" | "no return at all";
    interface Case {
      group: Group;
      outcome: Outcome | "abandoned";
      merchTxnId: string;
      form: { encData: string; merchId: string } | null;
      expected: string;
      during?: { status: number; ms: number; retryAfter: string | null };
    }
    const EXPECTED: Record<Outcome | "abandoned", string> = {
      success: "success",
      surcharge: "success",
      failure: "failed",
      cancel: "cancelled",
      pending: "success", // the return said "pending at bank"; the status API later says success
      "no-return": "success",
      abandoned: "expired",
    };
    const plan: [Group, (Outcome | "abandoned")[]][] = [
      ["re-sent after the outage", ["success", "surcharge", "failure", "cancel", "pending", "success"]],
      ["lost (never re-sent)", ["success", "surcharge", "failure", "cancel", "pending"]],
      ["sent while stopping", ["success", "success", "failure", "success"]],
      ["no return at all", ["no-return", "no-return", "abandoned", "abandoned"]],
    ];
    const cases: Case[] = [];
    const latencies: number[] = [];

    it("prepares attempts and completes them at the sandbox before the outage", async () => {
      for (const [group, outcomes] of plan) {
        for (const outcome of outcomes) {
          const user = await newUser("outage");
          const started = await app.start.startPayment(deps, user, { eventSlug: "code-sprint" });
          let form: Case["form"] = null;
          if (outcome !== "abandoned") {
            const done = await app.sandbox.sandboxComplete(deps.db, deps.config, { atomTokenId: started.atomTokenId, outcome, mode: "UP" });
            form = done.form;
          }
          cases.push({ group, outcome, merchTxnId: started.merchTxnId, form, expected: EXPECTED[outcome] });
        }
      }
      expect(cases.filter((c) => c.form).length).toBe(15);
      for (const c of cases) expect(await statusOf(c.merchTxnId)).toBe("pending");
    }, 120_000);

    it("while the server stops and while it is down: every answer is 503 with Retry-After, quickly, never 500", async () => {
      const user = await newUser("down");
      const { token } = await app.tokens.issueToken(deps.db, user.id);
      const timings: { what: string; status: number; ms: number }[] = [];
      const timed = async (what: string, call: () => Promise<Response>) => {
        const t0 = performance.now();
        const res = await call();
        const ms = performance.now() - t0;
        timings.push({ what, status: res.status, ms });
        return { res, ms };
      };

      // Returns arriving while the server shuts down: each is either recorded (303) or refused with 503.
      const stopping = cases.filter((c) => c.group === "sent while stopping");
      const stop = pg!.stop("immediate");
      await Promise.all(
        stopping.map(async (c, i) => {
          await new Promise((r) => setTimeout(r, i * 15));
          const { res, ms } = await timed(`return while stopping (${c.outcome})`, () => app.responseRoute.POST(returnRequest(c.form!)));
          c.during = { status: res.status, ms, retryAfter: res.headers.get("retry-after") };
          expect([303, 503], "a return racing the shutdown").toContain(res.status);
        }),
      );
      await stop;

      // Fully down. Every return and callback arrives, then arrives again (the browser reloads, the gateway
      // retries its callback): a realistic number of failing requests for the connection pool to live through.
      const downCases = cases.filter((c) => c.group === "re-sent after the outage" || c.group === "lost (never re-sent)");
      for (const round of [1, 2]) {
        for (const c of downCases) {
          const from = c.outcome === "failure" || c.outcome === "pending" ? "gateway" : "browser"; // callbacks too
          const { res, ms } = await timed(`${from === "browser" ? "return" : "callback"} round ${round} (${c.outcome})`, () =>
            (from === "browser" ? app.responseRoute : app.callbackRoute).POST(returnRequest(c.form!, from)),
          );
          if (round === 1) c.during = { status: res.status, ms, retryAfter: res.headers.get("retry-after") };
          expect(res.status, `${c.outcome} ${from} while the database is down`).toBe(503);
          expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
          // A person is told their payment is safe; the gateway's client is told to retry.
          expect(await res.text()).toContain(from === "browser" ? "Your payment is safe" : "RETRY");
        }
        if (round === 1) {
          const { res: health } = await timed("GET /api/health", () => app.healthRoute.GET());
          expect(health.status).toBe(503);
          expect(await health.json()).toMatchObject({ ok: false, checks: { database: "fail" } });
          const { res: start } = await timed("POST /api/atompay (bearer)", () => app.atompayRoute.POST(startRequest(token)));
          expect(start.status).toBe(503);
          expect(Number(start.headers.get("retry-after"))).toBeGreaterThan(0);
          expect(await start.json()).toMatchObject({ error: { code: "unavailable" } });
        }
      }

      const refused = timings.filter((t) => t.status === 503);
      latencies.push(...refused.map((t) => t.ms));
      const sorted = refused.map((t) => t.ms).sort((a, b) => a - b);
      const slow = timings.filter((t) => t.ms >= 6_000);
      console.log(
        `\n[faults] while down: ${refused.length} requests answered 503; median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, ` +
          `max ${sorted.at(-1)?.toFixed(1)} ms; slower than 6 s: ${slow.length}\n` +
          timings.map((t) => `  ${t.status} ${t.ms.toFixed(0).padStart(6)} ms  ${t.what}`).join("\n"),
      );
      expect(timings.every((t) => t.status !== 500)).toBe(true);
      // "Quickly": a caller must get its 503 well within a gateway's or browser's patience, not hang.
      expect(
        slow.map((t) => `${t.what}: ${t.ms.toFixed(0)} ms`),
        "503s slower than 6 s",
      ).toEqual([]);
    }, 180_000);

    it("recovers by itself when the server is back: re-sent returns settle, reconciliation settles the rest, nothing is lost", async () => {
      await pg!.start();
      // No reconnect, no restart of anything in-process: the same pool must just work again, promptly.
      const resend = cases.filter(
        (c) => c.group === "re-sent after the outage" || (c.group === "sent while stopping" && c.during!.status === 503),
      );
      const recovery: number[] = [];
      for (const c of resend) {
        const t0 = performance.now();
        const res = await app.responseRoute.POST(returnRequest(c.form!));
        recovery.push(performance.now() - t0);
        expect(res.status, `${c.outcome} return re-sent after the outage`).toBe(303);
        expect(res.headers.get("location")).toBe(`${APP_URL}/payments/${c.merchTxnId}`);
      }
      const health = await app.healthRoute.GET();
      expect(health.status).toBe(200);
      // Either answer to a return that raced the shutdown has one right consequence: a 303 recorded it then, a 503
      // refused it and it was re-sent above. Both have settled now, before any reconciliation.
      for (const c of cases.filter((c) => c.group === "re-sent after the outage" || c.group === "sent while stopping")) {
        expect(await statusOf(c.merchTxnId), `${c.group}/${c.outcome} (answered ${c.during?.status})`).toBe(
          c.outcome === "pending" ? "pending" : c.expected,
        );
      }

      // The reconciler runs later (attempts older than its minimum age, abandoned ones older than the TTL).
      const report = await app.reconcile(deps, { now: new Date(Date.now() + 60 * 60_000) });
      expect(report.errors).toBe(0);

      const finals = await Promise.all(cases.map(async (c) => ({ c, status: await statusOf(c.merchTxnId) })));
      const lost = finals.filter((f) => f.status !== f.c.expected);

      // The sandbox's own record is the gateway's truth: check against it too, not only against the plan.
      const { sandboxTransactions } = app.schema;
      for (const { c, status } of finals) {
        const [truth] = await deps.db.select().from(sandboxTransactions).where(app.orm.eq(sandboxTransactions.merchTxnId, c.merchTxnId));
        const gatewaySays = truth?.statusCode ? app.atompay.classifyStatus(truth.statusCode) : "expired";
        expect(status, `${c.group}/${c.outcome} vs the gateway's record`).toBe(gatewaySays);
      }

      const rows = plan.map(([group]) => {
        const inGroup = finals.filter((f) => f.c.group === group);
        return {
          group,
          payments: inGroup.length,
          "answered 503": inGroup.filter((f) => f.c.during?.status === 503).length,
          "recorded (303)": inGroup.filter((f) => f.c.during?.status === 303).length,
          "ended correct": inGroup.filter((f) => f.status === f.c.expected).length,
          lost: inGroup.filter((f) => f.status !== f.c.expected).length,
        };
      });
      const sorted = [...latencies].sort((a, b) => a - b);
      console.log(
        `\n[faults] database outage (server ${pg!.url.replace(/\/\/[^@]*@/, "//")}, stopped with pg_ctl -m immediate, started again)\n` +
          `payments during the outage: ${finals.length}; lost: ${lost.length}\n` +
          `503 latency over ${sorted.length} requests: median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms\n` +
          `first request after the restart: ${recovery[0]?.toFixed(0)} ms (then max ${Math.max(...recovery.slice(1)).toFixed(0)} ms)\n` +
          `reconcile: ${JSON.stringify(report)}`,
      );
      console.table(rows);
      expect(lost.map((l) => `${l.c.group}/${l.c.outcome}: ${l.status} (expected ${l.c.expected})`)).toEqual([]);
      // Recovering "by itself" means at once, not after the connection pool's reconnect back-off has run out.
      expect(recovery[0], "ms for the first request after the database is back").toBeLessThan(6_000);
    }, 180_000);
  });
});
