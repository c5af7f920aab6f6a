// The authorization matrix: five actors (anonymous, the attendee who owns a payment, another attendee, a
// coordinator of another event (issue 28: treasure-hunt, asking about the owner's code-sprint), an organiser) × every
// page and route, one expected answer per cell, over real HTTP against the production build. (A coordinator about
// their own event: lib/coordinators/routes.test.ts and e2e/coordinator.spec.ts.)
// Then the same-origin rule for cookie-authenticated state changes, and the gateway's return, which needs no
// session at all.
import {
  type APIRequestContext,
  type APIResponse,
  type Browser,
  type BrowserContext,
  expect,
  request as playwrightRequest,
  test,
} from "@playwright/test";
import { buildReturnMessage, encodeReturnForm } from "../lib/atompay/gateway";
import { type AtomPayConfig, sandboxUrls, UAT_TEST_MERCHANT } from "../lib/atompay/index";
import { bearer, DEMO, E2E_PORT, newAttendee, signIn } from "./helpers";

const BASE = `http://localhost:${E2E_PORT}`;
const FOREIGN = "https://evil.example";
const CONFIG: AtomPayConfig = { env: "sandbox", ...UAT_TEST_MERCHANT, ...sandboxUrls(`http://127.0.0.1:${E2E_PORT}`) };

type Actor = "anonymous" | "owner" | "other" | "coordinator" | "organiser";
const ACTORS: Actor[] = ["anonymous", "owner", "other", "coordinator", "organiser"];
/** The event the coordinator coordinates: none of the owner's registrations is for it. */
const COORDINATED = "treasure-hunt";

/** A status, or a redirect to sign-in that brings the visitor back to `back`. */
type Expect = number | { signInBack: string };
interface Row {
  name: string;
  method: "GET" | "POST" | "PATCH";
  path: (ids: Ids) => string;
  /** Per actor; a function when the cell's target differs (see the re-check row). */
  expect: Record<Actor, Expect>;
  body?: (actor: Actor, ids: Ids) => unknown;
  /** Per-actor path override. */
  pathFor?: Partial<Record<Actor, (ids: Ids) => string>>;
  /** Extra checks on a 2xx answer. */
  check?: (actor: Actor, res: APIResponse, ids: Ids) => Promise<void>;
}
interface Ids {
  p1: string;
  p2: string;
  owner: { email: string; password: string; anweshaId: string };
  other: { email: string; password: string; anweshaId: string };
  coordinator: { email: string; password: string; anweshaId: string };
  helpers: { anweshaId: string }[];
}

const signInBack = (back: string): Expect => ({ signInBack: back });
const pageGuard = (
  back: string,
  organiserOnly: boolean,
  owner = 200,
  other = 200,
  coordinator = organiserOnly ? 403 : 200,
): Record<Actor, Expect> => ({
  anonymous: signInBack(back),
  owner: organiserOnly ? 403 : owner,
  other: organiserOnly ? 403 : other,
  coordinator,
  organiser: 200,
});

const ROWS: Row[] = [
  // Pages.
  { name: "page /", method: "GET", path: () => "/", expect: { anonymous: 200, owner: 200, other: 200, coordinator: 200, organiser: 200 } },
  {
    name: "page /events/code-sprint",
    method: "GET",
    path: () => "/events/code-sprint",
    expect: { anonymous: 200, owner: 200, other: 200, coordinator: 200, organiser: 200 },
  },
  { name: "page /me", method: "GET", path: () => "/me", expect: pageGuard("/me", false) },
  { name: "page /me/payments", method: "GET", path: () => "/me/payments", expect: pageGuard("/me/payments", false) },
  {
    name: "page /payments/<owner's>",
    method: "GET",
    path: (ids) => `/payments/${ids.p1}`,
    expect: { anonymous: signInBack("/payments/"), owner: 200, other: 404, coordinator: 404, organiser: 200 },
  },
  {
    // The PDF receipt: the receipt page's people; the owner's payments here are still in flight, so no receipt yet.
    name: "GET /payments/<owner's>/receipt.pdf",
    method: "GET",
    path: (ids) => `/payments/${ids.p1}/receipt.pdf`,
    expect: { anonymous: signInBack("/payments/"), owner: 409, other: 404, coordinator: 404, organiser: 409 },
  },
  {
    name: "page /organiser/payments",
    method: "GET",
    path: () => "/organiser/payments",
    expect: pageGuard("/organiser/payments", true, 403, 403, 200),
  },
  {
    name: "page /organiser/events",
    method: "GET",
    path: () => "/organiser/events",
    expect: pageGuard("/organiser/events", true, 403, 403, 200),
  },
  {
    name: "page /organiser/events/new",
    method: "GET",
    path: () => "/organiser/events/new",
    expect: pageGuard("/organiser/events/new", true),
  },
  {
    name: "page /organiser/events/code-sprint",
    method: "GET",
    path: () => "/organiser/events/code-sprint",
    expect: pageGuard("/organiser/events/code-sprint", true),
  },
  {
    name: "page /organiser/payments/<owner's>",
    method: "GET",
    path: (ids) => `/organiser/payments/${ids.p1}`,
    // A coordinator of another event: no such payment for them.
    expect: pageGuard("/organiser/payments/", true, 403, 403, 404),
  },
  {
    name: "page /organiser/payments/export (CSV)",
    method: "GET",
    path: (ids) => `/organiser/payments/export?q=${ids.p1}`,
    // A coordinator gets their events' rows only: none of the owner's.
    expect: pageGuard("/organiser/payments/export", true, 403, 403, 200),
    check: async (actor, res, ids) => {
      expect.soft(res.headers()["content-type"]).toContain("text/csv");
      if (actor === "coordinator") expect.soft(await res.text()).not.toContain(ids.p1);
      else expect.soft(await res.text()).toContain(ids.p1);
    },
  },
  {
    name: `page /organiser/events/${COORDINATED}`,
    method: "GET",
    path: () => `/organiser/events/${COORDINATED}`,
    expect: pageGuard(`/organiser/events/${COORDINATED}`, true, 403, 403, 200),
  },
  {
    name: "page /organiser/checkin",
    method: "GET",
    path: () => "/organiser/checkin",
    expect: pageGuard("/organiser/checkin", true, 403, 403, 200),
  },
  {
    name: "page /organiser/checkin?event=code-sprint",
    method: "GET",
    path: () => "/organiser/checkin?event=code-sprint",
    expect: pageGuard("/organiser/checkin", true),
  },
  {
    name: "page /organiser/codes",
    method: "GET",
    path: () => "/organiser/codes",
    expect: pageGuard("/organiser/codes", true),
  },
  {
    name: "page /organiser/settlement",
    method: "GET",
    path: () => "/organiser/settlement",
    expect: pageGuard("/organiser/settlement", true),
  },
  {
    name: "page /organiser/settlement/export (CSV)",
    method: "GET",
    path: () => "/organiser/settlement/export",
    expect: pageGuard("/organiser/settlement/export", true),
    check: async (_a, res) => {
      expect.soft(res.headers()["content-type"]).toContain("text/csv");
      expect.soft(await res.text()).toMatch(/^\uFEFF?Day \(IST\),Collected: payments,/);
    },
  },
  // Attendee APIs.
  {
    name: "GET /api/me",
    method: "GET",
    path: () => "/api/me",
    expect: { anonymous: 401, owner: 200, other: 200, coordinator: 200, organiser: 200 },
    check: async (actor, res, ids) => {
      const { user } = (await res.json()) as { user: { email: string } };
      const email =
        { owner: ids.owner.email, other: ids.other.email, coordinator: ids.coordinator.email }[actor as string] ?? DEMO.organiser.email;
      expect.soft(user.email, `${actor} sees themself`).toBe(email);
    },
  },
  {
    name: "GET /api/me/payments",
    method: "GET",
    path: () => "/api/me/payments",
    expect: { anonymous: 401, owner: 200, other: 200, coordinator: 200, organiser: 200 },
    check: async (actor, res, ids) => {
      const { payments } = (await res.json()) as { payments: { merchTxnId: string }[] };
      const mine = payments.map((p) => p.merchTxnId);
      if (actor === "owner") expect.soft(mine, "the owner's list has their payments").toEqual(expect.arrayContaining([ids.p1, ids.p2]));
      else expect.soft(mine, `${actor}'s own list never shows the owner's payment`).not.toContain(ids.p1);
    },
  },
  {
    name: "GET /api/me/registrations",
    method: "GET",
    path: () => "/api/me/registrations",
    expect: { anonymous: 401, owner: 200, other: 200, coordinator: 200, organiser: 200 },
    check: async (actor, res) => {
      const { registrations } = (await res.json()) as { registrations: { event: { slug: string }; status: string }[] };
      // The owner has started code-sprint (their payment is in flight); nobody else sees the owner's registrations.
      if (actor === "owner")
        expect.soft(registrations.map((r) => [r.event.slug, r.status])).toContainEqual(["code-sprint", "awaiting_payment"]);
      else expect.soft(Array.isArray(registrations)).toBe(true);
    },
  },
  {
    name: "GET /api/me/invitations",
    method: "GET",
    path: () => "/api/me/invitations",
    expect: { anonymous: 401, owner: 200, other: 200, coordinator: 200, organiser: 200 },
  },
  {
    name: "POST /api/invitations/<unknown>/accept",
    method: "POST",
    path: () => "/api/invitations/00000000-0000-4000-8000-000000000000/accept",
    expect: { anonymous: 401, owner: 404, other: 404, coordinator: 404, organiser: 404 },
  },
  {
    name: "POST /api/teams/<unknown>/leave",
    method: "POST",
    path: () => "/api/teams/00000000-0000-4000-8000-000000000000/leave",
    expect: { anonymous: 401, owner: 404, other: 404, coordinator: 404, organiser: 404 },
  },
  {
    name: "POST /api/organiser/payments/<owner's>/admit",
    method: "POST",
    path: (ids) => `/api/organiser/payments/${ids.p1}/admit`,
    body: () => ({ registrationId: "00000000-0000-4000-8000-000000000000" }),
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 403, organiser: 404 },
  },
  {
    name: "GET /api/payments/<owner's>",
    method: "GET",
    path: (ids) => `/api/payments/${ids.p1}`,
    expect: { anonymous: 401, owner: 200, other: 404, coordinator: 404, organiser: 200 },
    check: async (_a, res, ids) => expect.soft(((await res.json()) as { merchTxnId: string }).merchTxnId).toBe(ids.p1),
  },
  {
    name: "GET /api/payments/<unknown>",
    method: "GET",
    path: () => "/api/payments/ANWNOSUCHPAYMENT0",
    expect: { anonymous: 401, owner: 404, other: 404, coordinator: 404, organiser: 404 },
  },
  {
    name: "GET /api/events",
    method: "GET",
    path: () => "/api/events",
    expect: { anonymous: 200, owner: 200, other: 200, coordinator: 200, organiser: 200 },
  },
  {
    name: "GET /api/health",
    method: "GET",
    path: () => "/api/health",
    expect: { anonymous: 200, owner: 200, other: 200, coordinator: 200, organiser: 200 },
  },
  {
    name: "GET /api/metrics",
    method: "GET",
    path: () => "/api/metrics",
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 403, organiser: 200 },
  },
  {
    name: "POST /api/atompay (start)",
    method: "POST",
    path: () => "/api/atompay",
    body: () => ({ eventSlug: "code-sprint" }),
    // The owner's attempt is reused (200); the others start their own (201).
    expect: { anonymous: 401, owner: 200, other: 201, coordinator: 201, organiser: 201 },
    check: async (actor, res, ids) => {
      const started = (await res.json()) as { merchTxnId: string; amountPaise: number };
      expect.soft(started.amountPaise).toBe(25_000);
      if (actor === "owner") expect.soft(started.merchTxnId).toBe(ids.p1);
      else expect.soft(started.merchTxnId).not.toBe(ids.p1);
    },
  },
  {
    name: "POST /api/teams",
    method: "POST",
    path: () => "/api/teams",
    body: (actor, ids) =>
      actor === "owner"
        ? { eventSlug: "quiz-bowl", name: `Auth owls ${ids.p1}`, members: [ids.other.anweshaId] }
        : actor === "other"
          ? { eventSlug: "robo-wars", name: `Auth bots ${ids.other.anweshaId}`, members: [ids.helpers[0]!.anweshaId] }
          : actor === "coordinator"
            ? { eventSlug: "robo-wars", name: `Auth coord ${ids.helpers[2]!.anweshaId}`, members: [ids.helpers[2]!.anweshaId] }
            : { eventSlug: "robo-wars", name: `Auth crew ${ids.helpers[1]!.anweshaId}`, members: [ids.helpers[1]!.anweshaId] },
    expect: { anonymous: 401, owner: 201, other: 201, coordinator: 201, organiser: 201 },
  },
  {
    // "Check again": at most one status query per attempt every 15 s, whoever asks, so the organiser's cell
    // targets the owner's second attempt.
    name: "POST /api/payments/<owner's>/requery",
    method: "POST",
    path: (ids) => `/api/payments/${ids.p1}/requery`,
    pathFor: { organiser: (ids) => `/api/payments/${ids.p2}/requery` },
    expect: { anonymous: 401, owner: 200, other: 404, coordinator: 404, organiser: 200 },
  },
  // Organiser APIs.
  {
    name: "GET /api/organiser/payments",
    method: "GET",
    path: (ids) => `/api/organiser/payments?q=${ids.p1}`,
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 200, organiser: 200 },
    check: async (actor, res, ids) => {
      const { items } = (await res.json()) as { items: { merchTxnId: string }[] };
      expect.soft(items.map((i) => i.merchTxnId)).toEqual(actor === "coordinator" ? [] : [ids.p1]);
    },
  },
  {
    name: "GET /api/organiser/payments/<id>",
    method: "GET",
    path: (ids) => `/api/organiser/payments/${ids.p1}`,
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 404, organiser: 200 },
  },
  {
    name: "POST /api/organiser/payments/<id>/recheck",
    method: "POST",
    path: (ids) => `/api/organiser/payments/${ids.p2}/recheck`,
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 403, organiser: 200 },
  },
  {
    // No refund of it is waiting for the gateway's word: the organiser gets an empty list.
    name: "POST /api/organiser/payments/<id>/refund-status",
    method: "POST",
    path: (ids) => `/api/organiser/payments/${ids.p1}/refund-status`,
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 403, organiser: 200 },
    check: async (_a, res) => expect.soft(await res.json()).toEqual({ refunds: [] }),
  },
  {
    // An empty body: allowed callers reach validation (422) and nothing is sent to the gateway.
    name: "POST /api/organiser/payments/<id>/refund {}",
    method: "POST",
    path: (ids) => `/api/organiser/payments/${ids.p1}/refund`,
    body: () => ({}),
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 403, organiser: 422 },
  },
  {
    name: "GET /api/organiser/events",
    method: "GET",
    path: () => "/api/organiser/events",
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 200, organiser: 200 },
    check: async (actor, res) => {
      const { events } = (await res.json()) as { events: { slug: string; capacity: number | null; seatsLeft: number | null }[] };
      if (actor === "coordinator") expect.soft(events.map((e) => e.slug)).toEqual([COORDINATED]);
      else expect.soft(events.find((e) => e.slug === "code-sprint")).toMatchObject({ capacity: 300 });
    },
  },
  {
    name: "GET /api/organiser/events/code-sprint",
    method: "GET",
    path: () => "/api/organiser/events/code-sprint",
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 403, organiser: 200 },
  },
  {
    // Allowed callers reach validation (422) and nothing is created.
    name: "POST /api/organiser/events {}",
    method: "POST",
    path: () => "/api/organiser/events",
    body: () => ({}),
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 403, organiser: 422 },
  },
  {
    name: "GET /api/organiser/codes",
    method: "GET",
    path: () => "/api/organiser/codes",
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 403, organiser: 200 },
  },
  {
    // Allowed callers reach validation (422) and no code is made.
    name: "POST /api/organiser/codes {}",
    method: "POST",
    path: () => "/api/organiser/codes",
    body: () => ({}),
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 403, organiser: 422 },
  },
  {
    // An invalid fee: allowed callers reach validation (422) and the seeded event is unchanged.
    name: "PATCH /api/organiser/events/code-sprint",
    method: "PATCH",
    path: () => "/api/organiser/events/code-sprint",
    body: () => ({ feePaise: "free" }),
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 403, organiser: 422 },
  },
  // Coordinators (issue 28): the organisers grant them; a coordinator reads their own events' work only.
  {
    name: "GET /api/organiser/coordinators",
    method: "GET",
    path: () => "/api/organiser/coordinators",
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 403, organiser: 200 },
  },
  {
    // Allowed callers reach validation (422) and nobody is made a coordinator.
    name: "POST /api/organiser/coordinators {}",
    method: "POST",
    path: () => "/api/organiser/coordinators",
    body: () => ({}),
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 403, organiser: 422 },
  },
  {
    name: "GET /api/organiser/events/code-sprint/registrants",
    method: "GET",
    path: () => "/api/organiser/events/code-sprint/registrants",
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 403, organiser: 200 },
  },
  {
    name: "GET /api/organiser/events/code-sprint/waitlist",
    method: "GET",
    path: () => "/api/organiser/events/code-sprint/waitlist",
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 403, organiser: 200 },
  },
  {
    name: "GET /api/organiser/checkin",
    method: "GET",
    path: () => "/api/organiser/checkin",
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 200, organiser: 200 },
    check: async (actor, res) => {
      const { events } = (await res.json()) as { events: { slug: string }[] };
      if (actor === "coordinator") expect.soft(events.map((e) => e.slug)).toEqual([COORDINATED]);
    },
  },
  {
    name: "GET /api/organiser/checkin/code-sprint",
    method: "GET",
    path: () => "/api/organiser/checkin/code-sprint",
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 403, organiser: 200 },
  },
  {
    name: "POST /api/organiser/payments/recheck-stuck",
    method: "POST",
    path: (ids) => `/api/organiser/payments/recheck-stuck?q=${ids.p1}`,
    expect: { anonymous: 401, owner: 403, other: 403, coordinator: 403, organiser: 200 },
  },
];

interface Actors {
  ids: Ids;
  contexts: Record<Actor, BrowserContext>;
  bearers: Record<Exclude<Actor, "anonymous">, Record<string, string>>;
}

async function setUp(browser: Browser, api: APIRequestContext): Promise<Actors> {
  const owner = await newAttendee(api, "authz-owner");
  const other = await newAttendee(api, "authz-other");
  const helpers = [await newAttendee(api, "authz-helper"), await newAttendee(api, "authz-helper"), await newAttendee(api, "authz-helper")];
  const coordinator = await newAttendee(api, "authz-coord");
  const made = await api.post("/api/organiser/coordinators", {
    headers: await bearer(api, DEMO.organiser),
    data: { eventSlug: COORDINATED, who: coordinator.anweshaId },
  });
  expect(made.status()).toBe(201);
  const ownerBearer = await bearer(api, owner);
  const start = async (eventSlug: string) => {
    const res = await api.post("/api/atompay", { headers: ownerBearer, data: { eventSlug } });
    expect(res.status()).toBe(201);
    return ((await res.json()) as { merchTxnId: string }).merchTxnId;
  };
  const ids: Ids = { p1: await start("code-sprint"), p2: await start("solo-singing"), owner, other, coordinator, helpers };
  const context = async (who?: { email: string; password: string }) => {
    const c = await browser.newContext({ baseURL: BASE });
    if (who) {
      const page = await c.newPage();
      await signIn(page, who);
      await page.close();
    }
    return c;
  };
  const contexts = {
    anonymous: await context(),
    owner: await context(owner),
    other: await context(other),
    coordinator: await context(coordinator),
    organiser: await context(DEMO.organiser),
  };
  const bearers = {
    owner: ownerBearer,
    other: await bearer(api, other),
    coordinator: await bearer(api, coordinator),
    organiser: await bearer(api, DEMO.organiser),
  };
  return { ids, contexts, bearers };
}

function judge(expected: Expect, res: APIResponse): { ok: boolean; actual: string } {
  const status = res.status();
  const location = res.headers().location ?? "";
  const actual = status >= 300 && status < 400 ? `${status} → ${location.replace(BASE, "")}` : String(status);
  if (typeof expected === "number") return { ok: status === expected, actual };
  const url = new URL(location, BASE);
  const ok =
    [302, 303, 307, 308].includes(status) &&
    url.pathname === "/sign-in" &&
    (url.searchParams.get("callbackUrl") ?? "").startsWith(expected.signInBack);
  return { ok, actual };
}

const show = (e: Expect) => (typeof e === "number" ? String(e) : `→ /sign-in (back to ${e.signInBack}…)`);

test("the authorization matrix: every actor × every page and route", async ({ browser, request }) => {
  test.setTimeout(180_000);
  const { ids, contexts, bearers } = await setUp(browser, request);
  const table: Record<string, Record<string, string>> = {};

  for (const row of ROWS) {
    const results = new Map<Actor, APIResponse>();
    for (const actor of ACTORS) {
      const path = (row.pathFor?.[actor] ?? row.path)(ids);
      const headers: Record<string, string> = row.method === "GET" ? {} : { origin: BASE }; // our own pages' requests
      const api = contexts[actor].request;
      const res =
        row.method === "GET"
          ? await api.get(path, { headers, maxRedirects: 0 })
          : await api.fetch(path, { method: row.method, headers, maxRedirects: 0, ...(row.body ? { data: row.body(actor, ids) } : {}) });
      results.set(actor, res);
    }
    table[row.name] = {};
    for (const actor of ACTORS) {
      const res = results.get(actor)!;
      const { ok, actual } = judge(row.expect[actor], res);
      table[row.name]![actor] = ok ? actual : `✗ ${actual} (expected ${show(row.expect[actor])})`;
      expect.soft(ok, `${row.name} as ${actor}: got ${actual}, expected ${show(row.expect[actor])}`).toBe(true);
      if (ok && res.status() < 300 && row.check) await row.check(actor, res, ids);
      // Whatever the status, nobody but the owner and organisers ever receives the owner's personal details.
      if (actor === "anonymous" || actor === "other" || actor === "coordinator") {
        const text = await res.text().catch(() => "");
        for (const secret of [ids.owner.anweshaId, ids.owner.email]) {
          expect
            .soft(
              text.includes(secret),
              `${row.name} as ${actor}: the answer contains the owner's ${secret === ids.owner.email ? "email" : "Anwesha ID"}`,
            )
            .toBe(false);
        }
      }
      // JSON APIs answer refusals in one shape.
      if (row.name.includes("/api/") && res.status() >= 400) {
        const body = (await res.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
        expect
          .soft(
            typeof body?.error?.code === "string" && typeof body?.error?.message === "string",
            `${row.name} as ${actor}: {error:{code,message}}`,
          )
          .toBe(true);
      }
    }
  }

  // Bearer tokens get the same answers as sessions on the read APIs.
  for (const row of ROWS.filter((r) => r.method === "GET" && r.name.includes("/api/"))) {
    for (const actor of ["owner", "other", "coordinator", "organiser"] as const) {
      const res = await request.get(row.path(ids), { headers: bearers[actor], maxRedirects: 0 });
      const { ok, actual } = judge(row.expect[actor], res);
      expect.soft(ok, `${row.name} as ${actor} with a bearer token: got ${actual}, expected ${show(row.expect[actor])}`).toBe(true);
    }
  }

  console.log(`\n[authorization] owner's payment ${ids.p1} (and ${ids.p2})`);
  console.table(table);
  for (const c of Object.values(contexts)) await c.close();
});

test("a cookie-authenticated state change from a foreign origin is refused with 403 and changes nothing", async ({ browser, request }) => {
  const owner = await newAttendee(request, "csrf");
  const member = await newAttendee(request, "csrf-member");
  const auth = await bearer(request, owner);
  const started = await request.post("/api/atompay", { headers: auth, data: { eventSlug: "code-sprint" } });
  expect(started.status()).toBe(201);
  const { merchTxnId } = (await started.json()) as { merchTxnId: string };
  const before = await (await request.get(`/api/payments/${merchTxnId}`, { headers: auth })).json();
  const listBefore = await (await request.get("/api/me/payments", { headers: auth })).json();

  const context = await browser.newContext({ baseURL: BASE });
  const page = await context.newPage();
  await signIn(page, owner);
  const api = context.request;
  const attacks: [string, Record<string, string>][] = [
    ["a foreign Origin", { origin: FOREIGN }],
    ["a foreign Origin marked cross-site", { origin: FOREIGN, "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site: same-site (a sibling subdomain)", { "sec-fetch-site": "same-site" }],
    ["Origin: null (sandboxed frame)", { origin: "null" }],
    ["no Origin and no Sec-Fetch-Site", {}],
  ];
  const routes: [string, string, unknown][] = [
    ["POST /api/atompay", "/api/atompay", { eventSlug: "solo-singing" }],
    ["POST /api/teams", "/api/teams", { eventSlug: "quiz-bowl", name: `CSRF ${owner.anweshaId}`, members: [member.anweshaId] }],
    ["POST /api/payments/<id>/requery", `/api/payments/${merchTxnId}/requery`, undefined],
  ];
  for (const [name, path, data] of routes) {
    for (const [how, headers] of attacks) {
      const res = await api.post(path, { headers, maxRedirects: 0, ...(data === undefined ? {} : { data }) });
      expect.soft(res.status(), `${name} with ${how}`).toBe(403);
      if (res.status() === 403) expect.soft(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    }
  }
  // Nothing happened: no new attempt, no team, no status query.
  expect(await (await request.get("/api/me/payments", { headers: auth })).json()).toEqual(listBefore);
  expect(await (await request.get(`/api/payments/${merchTxnId}`, { headers: auth })).json()).toEqual(before);

  // The same session from our own origin works (and could not, had a forged request already put the member in a
  // quiz-bowl team); a bearer client is exempt (no ambient credential to forge).
  const own = await api.post("/api/teams", {
    headers: { origin: BASE },
    data: { eventSlug: "quiz-bowl", name: `Own ${owner.anweshaId}`, members: [member.anweshaId] },
  });
  expect(own.status()).toBe(201);
  const viaBearer = await request.post("/api/atompay", {
    headers: { ...auth, origin: FOREIGN, "sec-fetch-site": "cross-site" },
    data: { eventSlug: "solo-singing" },
  });
  expect(viaBearer.status()).toBe(201);

  // Organiser actions follow the same rule.
  const organiser = await browser.newContext({ baseURL: BASE });
  const orgPage = await organiser.newPage();
  await signIn(orgPage, DEMO.organiser);
  const recheck = await organiser.request.post(`/api/organiser/payments/${merchTxnId}/recheck`, {
    headers: { origin: FOREIGN },
    maxRedirects: 0,
  });
  expect(recheck.status(), "organiser re-check from a foreign origin").toBe(403);
  expect(await (await request.get(`/api/payments/${merchTxnId}`, { headers: auth })).json()).toEqual(before);
  await organiser.close();
  await context.close();
});

test("the gateway's return needs no session: a genuine message from another site is recorded", async ({ request }) => {
  const who = await newAttendee(request, "nosession");
  const auth = await bearer(request, who);
  const started = (await (await request.post("/api/atompay", { headers: auth, data: { eventSlug: "code-sprint" } })).json()) as {
    merchTxnId: string;
  };
  const message = buildReturnMessage(CONFIG, {
    merchTxnId: started.merchTxnId,
    merchTxnDate: new Date(),
    atomTxnId: String(13_000_000_000_000 + (Date.now() % 1e9)),
    amountPaise: 25_000,
    statusCode: "OTS0000",
    subChannel: "UP",
    bankTxnId: `NOSESSION${Date.now()}`,
  });
  // A context that has never signed in: no cookies at all, as the cross-site POST from the gateway's page.
  const stranger = await playwrightRequest.newContext({ baseURL: BASE });
  try {
    const res = await stranger.post("/api/response", {
      form: encodeReturnForm(CONFIG, message),
      maxRedirects: 0,
      headers: {
        origin: `http://127.0.0.1:${E2E_PORT}`,
        "sec-fetch-site": "cross-site",
        "sec-fetch-mode": "navigate",
        accept: "text/html",
      },
    });
    expect(res.status()).toBe(303);
    expect(res.headers().location).toBe(`${BASE}/payments/${started.merchTxnId}`);
    expect((await stranger.storageState()).cookies).toEqual([]);
  } finally {
    await stranger.dispose();
  }
  const after = (await (await request.get(`/api/payments/${started.merchTxnId}`, { headers: auth })).json()) as { status: string };
  expect(after.status).toBe("success");
});
