// The authorization matrix of the console's JSON routes and downloads (issue 28), through the real route handlers:
// every route file under app/api/organiser and every route handler under app/organiser, each method, asked by
// anonymous, an attendee, a coordinator of event A about event B, and an organiser; and, where a route is about one
// event or payment, the coordinator about their own event A. A route added without a row here fails the first test.
// Cells that would change something ask for what is not there or send invalid input, so an allowed caller gets
// 404/422 and nothing moves; a coordinator's refusals are checked to have changed nothing either.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});
// next-auth cannot load under Vitest's resolution; bearer tokens never ask it (lib/auth/require-user).
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

import * as checkinSlug from "@/app/api/organiser/checkin/[slug]/route";
import * as checkinSlugUndo from "@/app/api/organiser/checkin/[slug]/undo/route";
import * as checkin from "@/app/api/organiser/checkin/route";
import * as codes from "@/app/api/organiser/codes/route";
import * as coordinatorsId from "@/app/api/organiser/coordinators/[id]/route";
import * as coordinators from "@/app/api/organiser/coordinators/route";
import * as announcements from "@/app/api/organiser/events/[slug]/announcements/route";
import * as eventCertificates from "@/app/api/organiser/events/[slug]/certificates/route";
import * as eventDuplicate from "@/app/api/organiser/events/[slug]/duplicate/route";
import * as eventRegistrants from "@/app/api/organiser/events/[slug]/registrants/route";
import * as results from "@/app/api/organiser/events/[slug]/results/route";
import * as eventOne from "@/app/api/organiser/events/[slug]/route";
import * as eventVisibility from "@/app/api/organiser/events/[slug]/visibility/route";
import * as waitlistClose from "@/app/api/organiser/events/[slug]/waitlist/close/route";
import * as waitlist from "@/app/api/organiser/events/[slug]/waitlist/route";
import * as eventsAll from "@/app/api/organiser/events/route";
import * as jobs from "@/app/api/organiser/jobs/route";
import * as admit from "@/app/api/organiser/payments/[merchTxnId]/admit/route";
import * as recheck from "@/app/api/organiser/payments/[merchTxnId]/recheck/route";
import * as refund from "@/app/api/organiser/payments/[merchTxnId]/refund/route";
import * as refundStatus from "@/app/api/organiser/payments/[merchTxnId]/refund-status/route";
import * as paymentOne from "@/app/api/organiser/payments/[merchTxnId]/route";
import * as recheckStuck from "@/app/api/organiser/payments/recheck-stuck/route";
import * as paymentsAll from "@/app/api/organiser/payments/route";
import * as substitutionsId from "@/app/api/organiser/substitutions/[id]/route";
import * as substitute from "@/app/api/organiser/teams/[id]/substitute/route";
import * as volunteersId from "@/app/api/organiser/volunteers/[id]/route";
import * as volunteers from "@/app/api/organiser/volunteers/route";
import * as paymentsExport from "@/app/organiser/payments/export/route";
import * as settlementExport from "@/app/organiser/settlement/export/route";
import { events, paymentItems, payments, refunds, registrations, volunteers as volunteerRows } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { paidSolo } from "@/lib/checkin/testing";
import { newUser, soloEvent } from "@/lib/payments/testing";
import { params, routeTestDatabase } from "@/lib/server/route-testing";
import { grantCoordinator } from "./coordinators";

const r = routeTestDatabase();
const ROOT = path.resolve(__dirname, "../..");
const NO_ID = "00000000-0000-4000-8000-000000000000";
const NO_PAYMENT = "ANWNOSUCHPAYMENT0";

type Actor = "anonymous" | "attendee" | "coordinator" | "organiser";
const ACTORS: Actor[] = ["anonymous", "attendee", "coordinator", "organiser"];
/** Any route handler: each declares its own segments, so the matrix hands them over untyped (see `ask`). */
type Ctx = { params: Promise<never> };
type Handler = (req: Request, ctx: Ctx) => Promise<Response>;

interface Ids {
  /** Event A (the coordinator's) and its paid payment; event B (code-sprint, not theirs) and its paid payment. */
  a: { slug: string; pay: string };
  b: { slug: string; pay: string };
}
interface Cell {
  path: string;
  params?: Record<string, string>;
  body?: unknown;
}
interface Row {
  file: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  handler: Handler;
  /** The request about event B (or about nothing in particular). */
  about: (ids: Ids) => Cell;
  expect: Record<Actor, number>;
  /** The coordinator asking about their own event A, and the answer. */
  own?: { cell: (ids: Ids) => Cell; status: number };
  /** Checks on a 2xx answer. */
  check?: (actor: Actor | "own", res: Response, ids: Ids) => Promise<void>;
}

const refused = { anonymous: 401, attendee: 403, coordinator: 403 } as const;
/** Organisers only: a coordinator is refused even for their own event. */
const organiserOnly = (organiser: number) => ({ ...refused, organiser });
/** Event work: the coordinator is refused about another event (403 for an event, 404 for a payment). */
const eventWork = (coordinator: number) => ({ ...refused, coordinator, organiser: 200 });

const json = async (res: Response) => JSON.stringify(await res.clone().json());
const text = (res: Response) => res.clone().text();

const ROWS: Row[] = [
  {
    file: "app/api/organiser/events/[slug]/results/route.ts",
    method: "GET",
    handler: results.GET,
    about: (ids) => ({ path: `/api/organiser/events/${ids.b.slug}/results`, params: { slug: ids.b.slug } }),
    expect: eventWork(403),
    own: { cell: (ids) => ({ path: `/api/organiser/events/${ids.a.slug}/results`, params: { slug: ids.a.slug } }), status: 200 },
  },
  {
    file: "app/api/organiser/events/[slug]/results/route.ts",
    method: "POST",
    handler: results.POST,
    about: (ids) => ({ path: `/api/organiser/events/${ids.b.slug}/results`, params: { slug: ids.b.slug }, body: {} }),
    expect: { ...refused, organiser: 422 },
    // A coordinator places their own event's registrations: past the guard, the empty body is what is refused.
    own: {
      cell: (ids) => ({ path: `/api/organiser/events/${ids.a.slug}/results`, params: { slug: ids.a.slug }, body: {} }),
      status: 422,
    },
  },
  {
    file: "app/api/organiser/events/[slug]/certificates/route.ts",
    method: "GET",
    handler: eventCertificates.GET,
    about: (ids) => ({ path: `/api/organiser/events/${ids.b.slug}/certificates`, params: { slug: ids.b.slug } }),
    // Nobody is checked in at either event here: past the guard, 409 says there are no certificates yet.
    expect: { ...refused, organiser: 409 },
    own: {
      cell: (ids) => ({ path: `/api/organiser/events/${ids.a.slug}/certificates`, params: { slug: ids.a.slug } }),
      status: 409,
    },
  },
  {
    file: "app/api/organiser/events/[slug]/announcements/route.ts",
    method: "GET",
    handler: announcements.GET,
    about: (ids) => ({ path: `/api/organiser/events/${ids.b.slug}/announcements`, params: { slug: ids.b.slug } }),
    expect: eventWork(403),
    own: {
      cell: (ids) => ({ path: `/api/organiser/events/${ids.a.slug}/announcements`, params: { slug: ids.a.slug } }),
      status: 200,
    },
  },
  {
    file: "app/api/organiser/events/[slug]/announcements/route.ts",
    method: "POST",
    handler: announcements.POST,
    about: (ids) => ({ path: `/api/organiser/events/${ids.b.slug}/announcements`, params: { slug: ids.b.slug }, body: {} }),
    expect: { ...refused, organiser: 422 },
    // A coordinator writes to their own event's people: past the guard, the empty message is what is refused.
    own: {
      cell: (ids) => ({ path: `/api/organiser/events/${ids.a.slug}/announcements`, params: { slug: ids.a.slug }, body: {} }),
      status: 422,
    },
  },
  {
    file: "app/api/organiser/checkin/route.ts",
    method: "GET",
    handler: checkin.GET,
    about: () => ({ path: "/api/organiser/checkin" }),
    expect: eventWork(200),
    check: async (actor, res, ids) => {
      const slugs = ((await res.clone().json()) as { events: { slug: string }[] }).events.map((e) => e.slug);
      if (actor === "coordinator") expect(slugs).toEqual([ids.a.slug]);
      else expect(slugs).toEqual(expect.arrayContaining([ids.a.slug, ids.b.slug]));
    },
  },
  {
    file: "app/api/organiser/checkin/[slug]/route.ts",
    method: "GET",
    handler: checkinSlug.GET,
    about: (ids) => ({ path: `/api/organiser/checkin/${ids.b.slug}`, params: { slug: ids.b.slug } }),
    expect: eventWork(403),
    own: { cell: (ids) => ({ path: `/api/organiser/checkin/${ids.a.slug}`, params: { slug: ids.a.slug } }), status: 200 },
  },
  {
    file: "app/api/organiser/checkin/[slug]/undo/route.ts",
    method: "POST",
    handler: checkinSlugUndo.POST,
    about: (ids) => ({ path: `/api/organiser/checkin/${ids.b.slug}/undo`, params: { slug: ids.b.slug }, body: {} }),
    expect: organiserOnly(422),
    own: { cell: (ids) => ({ path: `/api/organiser/checkin/${ids.a.slug}/undo`, params: { slug: ids.a.slug }, body: {} }), status: 403 },
  },
  {
    file: "app/api/organiser/codes/route.ts",
    method: "GET",
    handler: codes.GET,
    about: () => ({ path: "/api/organiser/codes" }),
    expect: organiserOnly(200),
  },
  {
    file: "app/api/organiser/codes/route.ts",
    method: "POST",
    handler: codes.POST,
    about: () => ({ path: "/api/organiser/codes", body: {} }),
    expect: organiserOnly(422),
  },
  {
    file: "app/api/organiser/coordinators/route.ts",
    method: "GET",
    handler: coordinators.GET,
    about: () => ({ path: "/api/organiser/coordinators" }),
    expect: organiserOnly(200),
  },
  {
    file: "app/api/organiser/coordinators/route.ts",
    method: "POST",
    handler: coordinators.POST,
    about: (ids) => ({ path: "/api/organiser/coordinators", body: { eventSlug: ids.b.slug } }),
    expect: organiserOnly(422),
  },
  {
    file: "app/api/organiser/coordinators/[id]/route.ts",
    method: "DELETE",
    handler: coordinatorsId.DELETE,
    about: () => ({ path: `/api/organiser/coordinators/${NO_ID}`, params: { id: NO_ID } }),
    expect: organiserOnly(404),
  },
  {
    file: "app/api/organiser/events/route.ts",
    method: "GET",
    handler: eventsAll.GET,
    about: () => ({ path: "/api/organiser/events" }),
    expect: eventWork(200),
    check: async (actor, res, ids) => {
      const slugs = ((await res.clone().json()) as { events: { slug: string }[] }).events.map((e) => e.slug);
      if (actor === "coordinator") expect(slugs).toEqual([ids.a.slug]);
      else expect(slugs).toEqual(expect.arrayContaining([ids.a.slug, ids.b.slug]));
    },
  },
  {
    file: "app/api/organiser/events/route.ts",
    method: "POST",
    handler: eventsAll.POST,
    about: () => ({ path: "/api/organiser/events", body: {} }),
    expect: organiserOnly(422),
  },
  {
    file: "app/api/organiser/events/[slug]/route.ts",
    method: "GET",
    handler: eventOne.GET,
    about: (ids) => ({ path: `/api/organiser/events/${ids.b.slug}`, params: { slug: ids.b.slug } }),
    expect: eventWork(403),
    own: { cell: (ids) => ({ path: `/api/organiser/events/${ids.a.slug}`, params: { slug: ids.a.slug } }), status: 200 },
  },
  {
    file: "app/api/organiser/events/[slug]/route.ts",
    method: "PATCH",
    handler: eventOne.PATCH,
    about: (ids) => ({ path: `/api/organiser/events/${ids.b.slug}`, params: { slug: ids.b.slug }, body: { feePaise: "free" } }),
    expect: organiserOnly(422),
    // A coordinator may not change their own event's fee either: valid input, still 403.
    own: {
      cell: (ids) => ({ path: `/api/organiser/events/${ids.a.slug}`, params: { slug: ids.a.slug }, body: { feePaise: 1 } }),
      status: 403,
    },
  },
  {
    file: "app/api/organiser/events/[slug]/duplicate/route.ts",
    method: "POST",
    handler: eventDuplicate.POST,
    about: (ids) => ({
      path: `/api/organiser/events/${ids.b.slug}/duplicate`,
      params: { slug: ids.b.slug },
      body: { slug: "Not A Slug!" },
    }),
    expect: organiserOnly(422),
    own: {
      cell: (ids) => ({ path: `/api/organiser/events/${ids.a.slug}/duplicate`, params: { slug: ids.a.slug }, body: {} }),
      status: 403,
    },
  },
  {
    file: "app/api/organiser/events/[slug]/registrants/route.ts",
    method: "GET",
    handler: eventRegistrants.GET,
    about: (ids) => ({ path: `/api/organiser/events/${ids.b.slug}/registrants`, params: { slug: ids.b.slug } }),
    expect: eventWork(403),
    own: { cell: (ids) => ({ path: `/api/organiser/events/${ids.a.slug}/registrants`, params: { slug: ids.a.slug } }), status: 200 },
  },
  {
    file: "app/api/organiser/events/[slug]/visibility/route.ts",
    method: "POST",
    handler: eventVisibility.POST,
    about: (ids) => ({ path: `/api/organiser/events/${ids.b.slug}/visibility`, params: { slug: ids.b.slug }, body: { hidden: "yes" } }),
    expect: organiserOnly(422),
    own: {
      cell: (ids) => ({ path: `/api/organiser/events/${ids.a.slug}/visibility`, params: { slug: ids.a.slug }, body: { hidden: true } }),
      status: 403,
    },
  },
  {
    file: "app/api/organiser/events/[slug]/waitlist/route.ts",
    method: "GET",
    handler: waitlist.GET,
    about: (ids) => ({ path: `/api/organiser/events/${ids.b.slug}/waitlist`, params: { slug: ids.b.slug } }),
    expect: eventWork(403),
    own: { cell: (ids) => ({ path: `/api/organiser/events/${ids.a.slug}/waitlist`, params: { slug: ids.a.slug } }), status: 200 },
  },
  {
    // An unknown event, so an organiser's cell closes nothing.
    file: "app/api/organiser/events/[slug]/waitlist/close/route.ts",
    method: "POST",
    handler: waitlistClose.POST,
    about: () => ({ path: "/api/organiser/events/no-such-event/waitlist/close", params: { slug: "no-such-event" } }),
    expect: organiserOnly(404),
    own: { cell: (ids) => ({ path: `/api/organiser/events/${ids.a.slug}/waitlist/close`, params: { slug: ids.a.slug } }), status: 403 },
  },
  {
    file: "app/api/organiser/jobs/route.ts",
    method: "GET",
    handler: jobs.GET,
    about: () => ({ path: "/api/organiser/jobs" }),
    expect: organiserOnly(200),
  },
  {
    file: "app/api/organiser/payments/route.ts",
    method: "GET",
    handler: paymentsAll.GET,
    about: (ids) => ({ path: `/api/organiser/payments?q=${ids.b.pay}` }),
    // The coordinator's list has no rows of event B, and its totals count none.
    expect: eventWork(200),
    own: { cell: (ids) => ({ path: `/api/organiser/payments?q=${ids.a.pay}` }), status: 200 },
    check: async (actor, res, ids) => {
      const body = (await res.clone().json()) as { items: { merchTxnId: string }[]; totals: { count: number } };
      const want = actor === "coordinator" ? [] : actor === "own" ? [ids.a.pay] : [ids.b.pay];
      expect(body.items.map((i) => i.merchTxnId)).toEqual(want);
      expect(body.totals.count).toBe(want.length);
    },
  },
  {
    file: "app/api/organiser/payments/[merchTxnId]/route.ts",
    method: "GET",
    handler: paymentOne.GET,
    about: (ids) => ({ path: `/api/organiser/payments/${ids.b.pay}`, params: { merchTxnId: ids.b.pay } }),
    expect: eventWork(404),
    own: { cell: (ids) => ({ path: `/api/organiser/payments/${ids.a.pay}`, params: { merchTxnId: ids.a.pay } }), status: 200 },
    check: async (actor, res, ids) => expect(await json(res)).toContain(actor === "own" ? ids.a.pay : ids.b.pay),
  },
  {
    file: "app/api/organiser/payments/[merchTxnId]/admit/route.ts",
    method: "POST",
    handler: admit.POST,
    about: (ids) => ({
      path: `/api/organiser/payments/${ids.b.pay}/admit`,
      params: { merchTxnId: ids.b.pay },
      body: { registrationId: NO_ID },
    }),
    expect: organiserOnly(404),
    own: {
      cell: (ids) => ({
        path: `/api/organiser/payments/${ids.a.pay}/admit`,
        params: { merchTxnId: ids.a.pay },
        body: { registrationId: NO_ID },
      }),
      status: 403,
    },
  },
  {
    // Re-checking can settle a payment (it asks the gateway and records the answer): the organisers', so an unknown one here.
    file: "app/api/organiser/payments/[merchTxnId]/recheck/route.ts",
    method: "POST",
    handler: recheck.POST,
    about: () => ({ path: `/api/organiser/payments/${NO_PAYMENT}/recheck`, params: { merchTxnId: NO_PAYMENT } }),
    expect: organiserOnly(404),
    own: { cell: (ids) => ({ path: `/api/organiser/payments/${ids.a.pay}/recheck`, params: { merchTxnId: ids.a.pay } }), status: 403 },
  },
  {
    file: "app/api/organiser/payments/[merchTxnId]/refund-status/route.ts",
    method: "POST",
    handler: refundStatus.POST,
    about: () => ({ path: `/api/organiser/payments/${NO_PAYMENT}/refund-status`, params: { merchTxnId: NO_PAYMENT } }),
    expect: organiserOnly(404),
    own: {
      cell: (ids) => ({ path: `/api/organiser/payments/${ids.a.pay}/refund-status`, params: { merchTxnId: ids.a.pay } }),
      status: 403,
    },
  },
  {
    file: "app/api/organiser/payments/[merchTxnId]/refund/route.ts",
    method: "POST",
    handler: refund.POST,
    about: (ids) => ({ path: `/api/organiser/payments/${ids.b.pay}/refund`, params: { merchTxnId: ids.b.pay }, body: {} }),
    expect: organiserOnly(422),
    // A well-formed refund of the coordinator's own event's payment: still 403, and nothing is refunded (checked below).
    own: {
      cell: (ids) => ({
        path: `/api/organiser/payments/${ids.a.pay}/refund`,
        params: { merchTxnId: ids.a.pay },
        body: { amountPaise: 100, reason: "coordinator tries" },
      }),
      status: 403,
    },
  },
  {
    // A search that matches nothing: an organiser's run asks the gateway about nothing.
    file: "app/api/organiser/payments/recheck-stuck/route.ts",
    method: "POST",
    handler: recheckStuck.POST,
    about: () => ({ path: "/api/organiser/payments/recheck-stuck?q=nothing-matches-this" }),
    expect: organiserOnly(200),
  },
  {
    file: "app/api/organiser/substitutions/[id]/route.ts",
    method: "DELETE",
    handler: substitutionsId.DELETE,
    about: () => ({ path: `/api/organiser/substitutions/${NO_ID}`, params: { id: NO_ID } }),
    expect: organiserOnly(404),
  },
  {
    file: "app/api/organiser/teams/[id]/substitute/route.ts",
    method: "POST",
    handler: substitute.POST,
    about: () => ({ path: `/api/organiser/teams/${NO_ID}/substitute`, params: { id: NO_ID }, body: {} }),
    expect: organiserOnly(422),
  },
  {
    file: "app/api/organiser/volunteers/route.ts",
    method: "GET",
    handler: volunteers.GET,
    about: () => ({ path: "/api/organiser/volunteers" }),
    expect: organiserOnly(200),
  },
  {
    file: "app/api/organiser/volunteers/route.ts",
    method: "POST",
    handler: volunteers.POST,
    about: () => ({ path: "/api/organiser/volunteers", body: {} }),
    expect: organiserOnly(422),
  },
  {
    file: "app/api/organiser/volunteers/[id]/route.ts",
    method: "DELETE",
    handler: volunteersId.DELETE,
    about: () => ({ path: `/api/organiser/volunteers/${NO_ID}`, params: { id: NO_ID } }),
    expect: organiserOnly(404),
  },
  {
    file: "app/organiser/payments/export/route.ts",
    method: "GET",
    handler: paymentsExport.GET,
    about: (ids) => ({ path: `/organiser/payments/export?q=${ids.b.pay}` }),
    expect: eventWork(200),
    own: { cell: (ids) => ({ path: `/organiser/payments/export?q=${ids.a.pay}` }), status: 200 },
    check: async (actor, res, ids) => {
      const csv = await text(res);
      if (actor === "coordinator") expect(csv).not.toContain(ids.b.pay);
      else expect(csv).toContain(actor === "own" ? ids.a.pay : ids.b.pay);
    },
  },
  {
    file: "app/organiser/settlement/export/route.ts",
    method: "GET",
    handler: settlementExport.GET,
    about: () => ({ path: "/organiser/settlement/export" }),
    expect: organiserOnly(200),
  },
];

/** Every route handler the console has: route files under app/api/organiser and app/organiser, with their methods. */
function consoleRoutes(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir)).flatMap((name) => {
      const rel = `${dir}/${name}`;
      if (statSync(path.join(ROOT, rel)).isDirectory()) return walk(rel);
      return name === "route.ts" ? [rel] : [];
    });
  return ["app/api/organiser", "app/organiser"].flatMap(walk).flatMap((file) => {
    const source = readFileSync(path.join(ROOT, file), "utf8");
    return [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => `${m[1]} ${file}`);
  });
}

let ids: Ids;
let attendee: CurrentUser;
let coordinator: CurrentUser;

beforeAll(async () => {
  const a = await soloEvent(r.t, null, 15_000);
  const [payA, payB] = [await paidSolo(r.t, a.slug), await paidSolo(r.t, "code-sprint")];
  ids = { a: { slug: a.slug, pay: payA.merchTxnId }, b: { slug: "code-sprint", pay: payB.merchTxnId } };
  attendee = await newUser(r.t, "matrix-attendee");
  coordinator = await newUser(r.t, "matrix-coordinator");
  await grantCoordinator(r.t.db, r.organiser.id, { eventSlug: a.slug, who: coordinator.anweshaId });
}, 60_000);

async function ask(row: Row, cell: Cell, who: CurrentUser | null): Promise<Response> {
  const req = await r.send(row.method, cell.path, who, cell.body);
  return row.handler(req, params(cell.params ?? {}) as Ctx);
}

describe(`the console's authorization matrix with coordinators on ${testDatabaseKind()}`, () => {
  it("has a row for every method of every console route", () => {
    const covered = new Set(ROWS.map((row) => `${row.method} ${row.file}`));
    expect(consoleRoutes().filter((route) => !covered.has(route))).toEqual([]);
    expect([...covered].filter((route) => !consoleRoutes().includes(route))).toEqual([]);
  });

  it("answers each actor on each route as the matrix says; a coordinator about another event is refused", async () => {
    const who: Record<Actor, CurrentUser | null> = { anonymous: null, attendee, coordinator, organiser: r.organiser };
    const wrong: string[] = [];
    for (const row of ROWS) {
      for (const actor of ACTORS) {
        const res = await ask(row, row.about(ids), who[actor]);
        if (res.status !== row.expect[actor])
          wrong.push(`${row.method} ${row.file} as ${actor}: ${res.status}, expected ${row.expect[actor]}`);
        else if (res.ok && row.check) await row.check(actor, res, ids);
        // JSON refusals in the one shape, never the other event's data.
        if (res.status >= 400) {
          const body = (await res.clone().json()) as { error?: { code?: unknown } };
          expect(typeof body.error?.code, `${row.file} as ${actor}`).toBe("string");
          if (actor === "coordinator") expect(await text(res)).not.toContain(ids.b.pay);
        }
      }
      if (row.own) {
        const res = await ask(row, row.own.cell(ids), coordinator);
        if (res.status !== row.own.status)
          wrong.push(`${row.method} ${row.file} as the coordinator of its event: ${res.status}, expected ${row.own.status}`);
        else if (res.ok && row.check) await row.check("own", res, ids);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("the coordinator's refusals changed nothing: no refund, the fee, visibility and waiting list as they were, no new event", async () => {
    const [a] = await r.t.db.select().from(events).where(eq(events.slug, ids.a.slug));
    expect(a).toMatchObject({ feePaise: 15_000, hiddenAt: null, waitlistClosedAt: null });
    const refundsOfA = await r.t.db
      .select({ id: refunds.id })
      .from(refunds)
      .innerJoin(payments, eq(payments.id, refunds.paymentId))
      .where(eq(payments.merchTxnId, ids.a.pay));
    expect(refundsOfA).toEqual([]);
    const [item] = await r.t.db
      .select({ status: paymentItems.status, registration: registrations.status })
      .from(paymentItems)
      .innerJoin(payments, eq(payments.id, paymentItems.paymentId))
      .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
      .where(eq(payments.merchTxnId, ids.a.pay));
    expect(item).toEqual({ status: "success", registration: "paid" });
    // Still one coordinator row: the refused grants and revokes made none and removed none.
    expect(await r.t.db.select({ id: volunteerRows.id }).from(volunteerRows).where(eq(volunteerRows.userId, coordinator.id))).toHaveLength(
      1,
    );
  });
});
