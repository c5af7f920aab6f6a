// An organiser's actions on an event, on a real database (PGlite, or the Postgres server with DATABASE_URL) and
// through the route handlers with bearer tokens: duplicate, hide and show, and the registrants' CSV. Who may call
// them (401, 403), bad input (4xx that changes nothing), the audit entries, and that hiding leaves paid
// registrations, passes and check-in working.
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

import { POST as checkInRoute } from "@/app/api/checkin/route";
import { GET as eventsRoute } from "@/app/api/events/route";
import { POST as duplicateRoute } from "@/app/api/organiser/events/[slug]/duplicate/route";
import { GET as registrantsRoute } from "@/app/api/organiser/events/[slug]/registrants/route";
import { POST as visibilityRoute } from "@/app/api/organiser/events/[slug]/visibility/route";
import { GET as passRoute } from "@/app/api/registrations/[id]/pass/route";
import { auditLog, events, registrations, teams, users } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import { addToBasket } from "@/lib/basket/basket";
import { paidSolo, paidTeam } from "@/lib/checkin/testing";
import { ApiError } from "@/lib/errors";
import { indiaTimeText } from "@/lib/format";
import { parseCsv } from "@/lib/organiser/csv-read";
import { startPayment } from "@/lib/payments/start";
import { newUser, testDeps } from "@/lib/payments/testing";
import { APP, routeTestDatabase } from "@/lib/server/route-testing";
import { createEvent } from "./admin";
import { createEventSchema } from "./admin-schema";
import { copySlug } from "./duplicate";
import { eventsWithSeats, isOpen } from "./events";

const { t, organiser, bearer } = routeTestDatabase();
let orgAuth: Record<string, string>;

beforeAll(async () => {
  orgAuth = await bearer(organiser);
}, 60_000);

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${APP}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const get = (path: string, headers: Record<string, string> = {}) => new Request(`${APP}${path}`, { headers });
const params = (slug: string) => ({ params: Promise.resolve({ slug }) });
const eventRow = async (slug: string) => (await t.db.select().from(events).where(eq(events.slug, slug)))[0];
const auditOf = (eventId: string, action: string) =>
  t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.eventId, eventId), eq(auditLog.action, action)))
    .orderBy(asc(auditLog.id));
let seq = 0;
const fresh = async (over: Record<string, unknown> = {}) =>
  createEvent(
    t.db,
    organiser,
    createEventSchema.parse({ slug: `act-${++seq}`, name: `Action test ${seq}`, kind: "solo", feePaise: 10_000, ...over }),
  );

describe(`organisers' event actions on ${testDatabaseKind()}`, () => {
  it("duplicates an event: every field, a new slug, hidden, closed to nobody, no registrations; audited on the copy", async () => {
    const source = await paidTeam(t, "robo-wars", 2);
    const robo = (await eventRow("robo-wars"))!;
    const res = await duplicateRoute(post("/api/organiser/events/robo-wars/duplicate", {}, orgAuth), params("robo-wars"));
    expect(res.status).toBe(201);
    const { event } = await res.json();
    expect(event).toMatchObject({
      slug: "robo-wars-copy",
      name: "Robo Wars (copy)",
      kind: "team",
      feePaise: robo.feePaise,
      minTeamSize: robo.minTeamSize,
      maxTeamSize: robo.maxTeamSize,
      capacity: robo.capacity,
      venue: robo.venue,
      category: "technical",
      startsAt: robo.startsAt!.toISOString(),
      seatsTaken: 0,
      registrations: { paid: 0, awaitingPayment: 0 },
      feeLocked: false,
      kindLocked: false,
      closedAt: null,
      open: false,
    });
    expect(event.hidden).toBe(true);
    expect(Number.isNaN(Date.parse(event.hiddenAt))).toBe(false);
    expect(res.headers.get("location")).toBe("/api/organiser/events/robo-wars-copy");
    const copy = (await eventRow("robo-wars-copy"))!;
    expect(copy.description).toBe(robo.description);
    expect(await t.db.select().from(registrations).where(eq(registrations.eventId, copy.id))).toEqual([]);
    expect(await t.db.select().from(teams).where(eq(teams.eventId, copy.id))).toEqual([]);
    // The source keeps its team.
    expect((await t.db.select().from(teams).where(eq(teams.id, source.teamId))).length).toBe(1);
    const [audit] = await auditOf(copy.id, "event.duplicated");
    expect(audit).toMatchObject({ actorId: organiser.id, details: { from: { slug: "robo-wars" }, slug: "robo-wars-copy" } });

    // A second copy takes the next free slug; a chosen slug and name are used as given.
    const second = await duplicateRoute(post("/api/organiser/events/robo-wars/duplicate", {}, orgAuth), params("robo-wars"));
    expect((await second.json()).event.slug).toBe("robo-wars-copy-2");
    const named = await duplicateRoute(
      post("/api/organiser/events/robo-wars/duplicate", { slug: "robo-wars-juniors", name: "Robo Wars Juniors" }, orgAuth),
      params("robo-wars"),
    );
    expect((await named.json()).event).toMatchObject({ slug: "robo-wars-juniors", name: "Robo Wars Juniors" });
    expect(copySlug("a".repeat(80), new Set())).toHaveLength(80);
  });

  it("duplicate: 401 signed out, 403 attendee, 404 unknown, 409 slug taken, 422 bad slug or body; nothing made", async () => {
    const before = (await t.db.select({ id: events.id }).from(events)).length;
    const attendee = await bearer(await newUser(t));
    const cases: [string, Request, string, number][] = [
      ["signed out", post("/api/organiser/events/code-sprint/duplicate", {}), "code-sprint", 401],
      ["an attendee", post("/api/organiser/events/code-sprint/duplicate", {}, attendee), "code-sprint", 403],
      ["an unknown event", post("/api/organiser/events/no-such/duplicate", {}, orgAuth), "no-such", 404],
      ["a slug in use", post("/api/organiser/events/code-sprint/duplicate", { slug: "quiz-bowl" }, orgAuth), "code-sprint", 409],
      ["a bad slug", post("/api/organiser/events/code-sprint/duplicate", { slug: "Not A Slug" }, orgAuth), "code-sprint", 422],
      ["a bad name", post("/api/organiser/events/code-sprint/duplicate", { name: 7 }, orgAuth), "code-sprint", 422],
      ["not JSON", post("/api/organiser/events/code-sprint/duplicate", "{", orgAuth), "code-sprint", 400],
    ];
    for (const [what, req, slug, status] of cases) expect((await duplicateRoute(req, params(slug))).status, what).toBe(status);
    expect((await t.db.select({ id: events.id }).from(events)).length).toBe(before);
  });

  it("hides an event: not listed, no page for attendees' lists, nobody new can register or pay; a paid pass still checks in", async () => {
    const { event } = await fresh({ capacity: 5 });
    const paid = await paidSolo(t, event.slug);
    const waiting = await newUser(t);

    const res = await visibilityRoute(
      post(`/api/organiser/events/${event.slug}/visibility`, { hidden: true }, orgAuth),
      params(event.slug),
    );
    expect(res.status).toBe(200);
    expect((await res.json()).event).toMatchObject({ slug: event.slug, open: false, registrations: { paid: 1 } });
    const hidden = (await eventRow(event.slug))!;
    expect(hidden.hiddenAt).toBeInstanceOf(Date);
    expect(isOpen(hidden)).toBe(false);
    expect((await eventsWithSeats(t.db)).map((r) => r.event.slug)).not.toContain(event.slug);
    const listed = await (await eventsRoute(get("/api/events"))).json();
    expect(listed.events.map((e: { slug: string }) => e.slug)).not.toContain(event.slug);

    // Nobody new: basket, payment start.
    await expect(addToBasket(t.db, waiting, event.slug)).rejects.toMatchObject({ status: 409 });
    await expect(startPayment(testDeps(t), waiting, { eventSlug: event.slug })).rejects.toBeInstanceOf(ApiError);

    // What exists keeps working: the holder's pass, and the door.
    const passRes = await passRoute(get(`/api/registrations/${paid.registrationId}/pass`, await bearer(paid.user)), {
      params: Promise.resolve({ id: paid.registrationId }),
    });
    expect(passRes.status).toBe(200);
    const { token } = await passRes.json();
    const door = await checkInRoute(post("/api/checkin", { token, eventSlug: event.slug }, orgAuth));
    expect(door.status).toBe(200);
    expect((await door.json()).result).toBe("admitted");

    // Hiding twice writes once; showing it lists it again.
    await visibilityRoute(post(`/api/organiser/events/${event.slug}/visibility`, { hidden: true }, orgAuth), params(event.slug));
    expect(await auditOf(hidden.id, "event.hidden")).toHaveLength(1);
    const shown = await visibilityRoute(
      post(`/api/organiser/events/${event.slug}/visibility`, { hidden: false }, orgAuth),
      params(event.slug),
    );
    expect((await shown.json()).event.open).toBe(true);
    expect((await eventRow(event.slug))!.hiddenAt).toBeNull();
    expect(await auditOf(hidden.id, "event.shown")).toHaveLength(1);
    expect((await eventsWithSeats(t.db)).map((r) => r.event.slug)).toContain(event.slug);
  });

  it("visibility: 401, 403, 404, 422 for anything but a boolean; nothing changes", async () => {
    const attendee = await bearer(await newUser(t));
    const cases: [string, Request, string, number][] = [
      ["signed out", post("/api/organiser/events/code-sprint/visibility", { hidden: true }), "code-sprint", 401],
      ["an attendee", post("/api/organiser/events/code-sprint/visibility", { hidden: true }, attendee), "code-sprint", 403],
      ["an unknown event", post("/api/organiser/events/no-such/visibility", { hidden: true }, orgAuth), "no-such", 404],
      ["a string", post("/api/organiser/events/code-sprint/visibility", { hidden: "yes" }, orgAuth), "code-sprint", 422],
      ["nothing", post("/api/organiser/events/code-sprint/visibility", {}, orgAuth), "code-sprint", 422],
    ];
    for (const [what, req, slug, status] of cases) expect((await visibilityRoute(req, params(slug))).status, what).toBe(status);
    expect((await eventRow("code-sprint"))!.hiddenAt).toBeNull();
  });

  it("exports one event's registrants: a row per person, India time, digits kept, formulas defused; audited", async () => {
    const { event } = await fresh({ kind: "team", minTeamSize: 2, maxTeamSize: 3 });
    const team = await paidTeam(t, event.slug, 2);
    const sly = team.members[0]!;
    await t.db.update(users).set({ name: '=HYPERLINK("http://evil")', phone: "0912345678" }).where(eq(users.id, sly.id));
    const solo = await fresh();
    await paidSolo(t, solo.event.slug); // another event's: not in this file

    const res = await registrantsRoute(get(`/api/organiser/events/${event.slug}/registrants`, orgAuth), params(event.slug));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(
      new RegExp(`attachment; filename="anwesha-registrants-${event.slug}-\\d{4}-\\d{2}-\\d{2}-\\d{4}-IST\\.csv"`),
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    // A byte order mark first, so a spreadsheet reads names in any script as UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(new TextDecoder().decode(bytes));
    expect(header).toEqual([
      "Registration",
      "Team",
      "Role",
      "Name",
      "Anwesha ID",
      "Email",
      "Phone",
      "College",
      "Price",
      "Code",
      "Fee (₹)",
      "Registered date (IST)",
      "Registered time (IST)",
      "Paid date (IST)",
      "Paid time (IST)",
      "Checked in date (IST)",
      "Checked in time (IST)",
    ]);
    expect(rows).toHaveLength(2);
    const col = (name: string) => header!.indexOf(name);
    const [captainRow, memberRow] = rows as string[][];
    expect(captainRow![col("Role")]).toBe("Captain");
    expect(captainRow![col("Anwesha ID")]).toBe(team.captain.anweshaId);
    expect(captainRow![col("Registration")]).toBe("Registered");
    expect(captainRow![col("Fee (₹)")]).toBe("100.00");
    expect(memberRow![col("Fee (₹)")]).toBe("");
    expect(memberRow![col("Role")]).toBe("Member");
    expect(memberRow![col("Name")]).toBe('\'=HYPERLINK("http://evil")');
    expect(memberRow![col("Phone")]).toBe('="0912345678"');
    const [reg] = await t.db.select().from(registrations).where(eq(registrations.id, team.registrationId));
    const ist = indiaTimeText(reg!.paidAt);
    expect(captainRow![col("Paid date (IST)")]).toBe(ist.slice(0, 10));
    expect(captainRow![col("Paid time (IST)")]).toBe(ist.slice(11, 19));
    expect(captainRow![col("Checked in date (IST)")]).toBe("");
    const [audit] = await auditOf(reg!.eventId, "export.registrants");
    expect(audit).toMatchObject({ actorId: organiser.id, details: { rows: 2 } });

    const attendee = await bearer(await newUser(t));
    expect((await registrantsRoute(get(`/api/organiser/events/${event.slug}/registrants`), params(event.slug))).status).toBe(401);
    expect((await registrantsRoute(get(`/api/organiser/events/${event.slug}/registrants`, attendee), params(event.slug))).status).toBe(403);
    expect((await registrantsRoute(get("/api/organiser/events/no-such/registrants", orgAuth), params("no-such"))).status).toBe(404);
  });
});
