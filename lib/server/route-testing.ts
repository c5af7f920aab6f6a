// Tests that call the real route handlers: the handlers read the app's database from globalThis (db/client.ts), so
// a test file lends them its test database for the file's life, and asks as a person with a bearer token (the
// browser's session cookie needs next-auth, which Vitest cannot load: each such file mocks "@/lib/auth/auth").
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { Database } from "@/db/client";
import { openTestDatabase, type TestDatabase } from "@/db/testing";
import { type AtomPayClient, type AtomPayConfig, createAtomPayClient } from "@/lib/atompay";
import type { CurrentUser } from "@/lib/auth/require-user";
import { issueToken } from "@/lib/auth/tokens";
import { newOrganiser } from "@/lib/checkin/testing";
import { env } from "@/lib/env";
import { CLIENT_HEADER } from "@/lib/http/request-gate";
import { prepare } from "@/lib/payments/testing";
import { sandboxFetch } from "@/lib/sandbox/fetch";
import { type MailTestbed, startMailTestbed } from "@/lib/server/testing";

export const APP = "http://localhost:3000";
const g = globalThis as unknown as {
  __anweshaDatabase?: Database;
  __anweshaRequestGate?: { secret: string };
  __anweshaAtomPay?: AtomPayClient;
};

export interface RouteTestOptions {
  /** Also start the mail testbed on the file's database (a real SMTP server, the outbox delivered to it); the mail
   * it received is forgotten before each test, so a test reads only its own. */
  mail?: boolean;
  /** The request gate's secret, lent as the gate lends it when it runs: routes then trust a `client(address)`
   * header for the client's address (rate limits, sign-in throttles), as behind the gate. */
  requestGate?: string;
  /** The gateway client lent to the route handlers: the sandbox on the file's database, with this configuration
   * ("env": the app's own, as env() reads it when the file's tests start), answering at once (no retry delays). */
  sandboxGateway?: AtomPayConfig | "env";
}

/** What the file's tests use: `t`, `organiser` and `mail` are made in beforeAll, yet can be named at the file's top
 * (`const { t, bearer } = routeTestDatabase()`): each use goes to the one beforeAll made (see `lent`). */
export interface RouteTestDatabase {
  /** The file's database, migrated and seeded with the demo data. */
  readonly t: TestDatabase;
  /** An organiser made for the file. */
  readonly organiser: CurrentUser;
  bearer(who: CurrentUser): Promise<{ authorization: string }>;
  /** A JSON request to `path` as `who` (null: signed out). */
  send(method: string, path: string, who: CurrentUser | null, body?: unknown): Promise<Request>;
  /** The header the request gate stamps on a request from `address` (with the `requestGate` option). */
  client(address: string): Record<string, string>;
}

/** Registers the file's beforeAll/afterAll: a seeded test database lent to the route handlers, and an organiser;
 * with `mail`, the mail testbed too (stopped before the database is closed: a mail being sent still reads it). */
export function routeTestDatabase(options: RouteTestOptions & { mail: true }): RouteTestDatabase & { readonly mail: MailTestbed };
export function routeTestDatabase(options?: RouteTestOptions): RouteTestDatabase;
export function routeTestDatabase(options: RouteTestOptions = {}): RouteTestDatabase & { readonly mail: MailTestbed } {
  let t: TestDatabase | undefined;
  let organiser: CurrentUser | undefined;
  let mail: MailTestbed | undefined;
  beforeAll(async () => {
    t = await openTestDatabase();
    await prepare(t);
    g.__anweshaDatabase = t;
    if (options.requestGate) g.__anweshaRequestGate = { secret: options.requestGate };
    if (options.sandboxGateway) {
      const config = options.sandboxGateway === "env" ? env().atompay : options.sandboxGateway;
      g.__anweshaAtomPay = createAtomPayClient(config, { fetch: sandboxFetch(t.db, config), retryDelayMs: 0 });
    }
    organiser = await newOrganiser(t);
    if (options.mail) mail = await startMailTestbed(t, APP);
  }, 60_000);
  afterAll(async () => {
    await mail?.stop();
    if (options.requestGate) delete g.__anweshaRequestGate;
    if (options.sandboxGateway) delete g.__anweshaAtomPay;
    delete g.__anweshaDatabase;
    await t?.dispose();
  });
  if (options.mail)
    beforeEach(() => {
      mail!.smtp.received.length = 0;
    });
  const bearer = async (who: CurrentUser) => ({ authorization: `Bearer ${(await issueToken(t!.db, who.id)).token}` });
  return {
    t: lent("the test database", () => t),
    organiser: lent("the organiser", () => organiser),
    mail: lent("the mail testbed (routeTestDatabase({ mail: true }))", () => mail),
    bearer,
    send: async (method, path, who, body) =>
      new Request(`${APP}${path}`, {
        method,
        headers: { "content-type": "application/json", ...(who ? await bearer(who) : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    client: (address) => {
      if (!options.requestGate) throw new Error("client(address) needs routeTestDatabase({ requestGate })");
      return { [CLIENT_HEADER]: `${options.requestGate} ${address}` };
    },
  };
}

/** A route handler's second argument: its dynamic segments. */
export const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });

/** A stand-in for an object beforeAll makes: every use (a property, a method, spreading it) goes to the real one.
 * So a test file names it once at its top instead of a `let` and a beforeAll that copies it there. */
function lent<T extends object>(what: string, real: () => T | undefined): T {
  const made = (): T => {
    const m = real();
    if (!m) throw new Error(`${what} is made in beforeAll: use it in a test or a hook`);
    return m;
  };
  return new Proxy({} as T, {
    // `then` is asked by anything that checks whether a value is a promise, before beforeAll too.
    get: (_, key) => (key === "then" && !real() ? undefined : Reflect.get(made(), key)),
    set: (_, key, value) => Reflect.set(made(), key, value),
    has: (_, key) => Reflect.has(made(), key),
    ownKeys: () => Reflect.ownKeys(made()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(made(), key);
      // A proxy may report only configurable properties its own (empty) target does not have.
      return d && { ...d, configurable: true };
    },
  });
}
