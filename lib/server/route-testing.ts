// Tests that call the real route handlers: the handlers read the app's database from globalThis (db/client.ts), so
// a test file lends them its test database for the file's life, and asks as a person with a bearer token (the
// browser's session cookie needs next-auth, which Vitest cannot load: each such file mocks "@/lib/auth/auth").
import { afterAll, beforeAll } from "vitest";
import type { Database } from "@/db/client";
import { openTestDatabase, type TestDatabase } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { issueToken } from "@/lib/auth/tokens";
import { newOrganiser } from "@/lib/checkin/testing";
import { prepare } from "@/lib/payments/testing";

export const APP = "http://localhost:3000";
const g = globalThis as unknown as { __anweshaDatabase?: Database };

export interface RouteTestDatabase {
  /** The file's database, migrated and seeded with the demo data (set in beforeAll). */
  readonly t: TestDatabase;
  /** An organiser made for the file. */
  readonly organiser: CurrentUser;
  bearer(who: CurrentUser): Promise<{ authorization: string }>;
  /** A JSON request to `path` as `who` (null: signed out). */
  send(method: string, path: string, who: CurrentUser | null, body?: unknown): Promise<Request>;
}

/** Registers the file's beforeAll/afterAll: a seeded test database lent to the route handlers, and an organiser. */
export function routeTestDatabase(): RouteTestDatabase {
  let t: TestDatabase | undefined;
  let organiser: CurrentUser | undefined;
  beforeAll(async () => {
    t = await openTestDatabase();
    await prepare(t);
    g.__anweshaDatabase = t;
    organiser = await newOrganiser(t);
  }, 60_000);
  afterAll(async () => {
    delete g.__anweshaDatabase;
    await t?.dispose();
  });
  const bearer = async (who: CurrentUser) => ({ authorization: `Bearer ${(await issueToken(t!.db, who.id)).token}` });
  return {
    get t() {
      return t!;
    },
    get organiser() {
      return organiser!;
    },
    bearer,
    send: async (method, path, who, body) =>
      new Request(`${APP}${path}`, {
        method,
        headers: { "content-type": "application/json", ...(who ? await bearer(who) : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  };
}

/** A route handler's second argument: its dynamic segments. */
export const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });
