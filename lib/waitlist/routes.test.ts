// The waiting list's API through the real route handlers: join, place, leave, the organisers' list and close, and
// bad input answered with a clear 4xx that changes nothing.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

import { POST as joinRoute, DELETE as leaveRoute } from "@/app/api/events/[slug]/waitlist/route";
import { GET as myWaitlistRoute } from "@/app/api/me/waitlist/route";
import { POST as closeRoute } from "@/app/api/organiser/events/[slug]/waitlist/close/route";
import { GET as lineRoute } from "@/app/api/organiser/events/[slug]/waitlist/route";
import { users, waitlistEntries } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import { issueToken } from "@/lib/auth/tokens";
import { newUser, payFor, soloEvent, testDeps } from "@/lib/payments/testing";
import { APP, routeTestDatabase } from "@/lib/server/route-testing";

const { t } = routeTestDatabase();
let organiserId: string;

beforeAll(async () => {
  const [org] = await t.db.select({ id: users.id }).from(users).where(eq(users.role, "organiser")).limit(1);
  organiserId = org!.id;
}, 60_000);

const bearer = async (id: string) => ({ authorization: `Bearer ${(await issueToken(t.db, id)).token}` });
const bySlug = (slug: string) => ({ params: Promise.resolve({ slug }) });
async function call(
  route: (req: Request, ctx: { params: Promise<{ slug: string }> }) => Promise<Response>,
  method: string,
  slug: string,
  who: string | null,
  body?: string,
) {
  const headers = { "content-type": "application/json", ...(who ? await bearer(who) : {}) };
  return route(new Request(`${APP}/api/events/${slug}/waitlist`, { method, headers, body }), bySlug(slug));
}

describe(`the waiting list's API on ${testDatabaseKind()}`, () => {
  it("join, see the place, leave; the organisers' list and close; bad input is a clear 4xx", async () => {
    const event = await soloEvent(t, 1);
    const [a, b, c] = [await newUser(t, "wr"), await newUser(t, "wr"), await newUser(t, "wr")];
    expect((await call(joinRoute, "POST", event.slug, b.id, "{}")).status).toBe(409); // seats free: register instead
    await payFor(testDeps(t), a, { eventSlug: event.slug });

    expect((await call(joinRoute, "POST", event.slug, null, "{}")).status).toBe(401);
    expect((await call(joinRoute, "POST", "no-such-event", b.id, "{}")).status).toBe(404);
    const bad = await call(joinRoute, "POST", event.slug, b.id, JSON.stringify({ teamId: "nope", price: 7 }));
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["price", "teamId"]);
    expect((await call(joinRoute, "POST", event.slug, b.id, "not json")).status).toBe(400);
    expect((await call(joinRoute, "POST", event.slug, b.id, JSON.stringify({ price: "vip" }))).status).toBe(422);
    expect(await t.db.select().from(waitlistEntries).where(eq(waitlistEntries.eventId, event.id))).toEqual([]);

    const joined = await call(joinRoute, "POST", event.slug, b.id, "{}");
    expect(joined.status).toBe(201);
    expect((await joined.json()).entry).toMatchObject({ status: "waiting", place: 1, event: { slug: event.slug } });
    expect((await call(joinRoute, "POST", event.slug, b.id, "{}")).status).toBe(409);
    expect((await call(joinRoute, "POST", event.slug, c.id, "{}")).status).toBe(201);

    const mine = await myWaitlistRoute(new Request(`${APP}/api/me/waitlist`, { headers: await bearer(c.id) }));
    expect((await mine.json()).entries).toMatchObject([{ status: "waiting", place: 2, offerExpiresAt: null }]);

    const line = await lineRoute(
      new Request(`${APP}/api/organiser/events/${event.slug}/waitlist`, { headers: await bearer(organiserId) }),
      bySlug(event.slug),
    );
    expect((await line.json()).entries.map((e: { place: number }) => e.place)).toEqual([1, 2]);
    expect((await lineRoute(new Request(`${APP}/x`, { headers: await bearer(b.id) }), bySlug(event.slug))).status).toBe(403);

    expect((await call(leaveRoute, "DELETE", event.slug, b.id)).status).toBe(200);
    expect((await call(leaveRoute, "DELETE", event.slug, b.id)).status).toBe(404);
    const after = await myWaitlistRoute(new Request(`${APP}/api/me/waitlist`, { headers: await bearer(c.id) }));
    expect((await after.json()).entries[0].place).toBe(1);

    const close = () =>
      closeRoute(new Request(`${APP}/x`, { method: "POST", headers: { "content-type": "application/json" } }), bySlug(event.slug));
    expect((await close()).status).toBe(401);
    const closing = await closeRoute(new Request(`${APP}/x`, { method: "POST", headers: await bearer(organiserId) }), bySlug(event.slug));
    expect(await closing.json()).toEqual({ closed: 1 });
    expect((await call(joinRoute, "POST", event.slug, b.id, "{}")).status).toBe(409);
  });
});
