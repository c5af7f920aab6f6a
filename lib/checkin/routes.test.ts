// The pass and check-in API through its real route handlers (bearer tokens, as the festival's app would call it),
// on the test's database: status codes, who may call what, and bad input answered with a 4xx.
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});
// next-auth cannot load under Vitest's resolution; bearer tokens never ask it (lib/auth/require-user).
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

import { GET as bundleRoute } from "@/app/api/checkin/events/[slug]/bundle/route";
import { POST as checkInRoute } from "@/app/api/checkin/route";
import { POST as syncRoute } from "@/app/api/checkin/sync/route";
import { GET as doorListRoute } from "@/app/api/organiser/checkin/[slug]/route";
import { GET as countsRoute } from "@/app/api/organiser/checkin/route";
import { DELETE as revokeRoute } from "@/app/api/organiser/volunteers/[id]/route";
import { POST as grantRoute, GET as listVolunteersRoute } from "@/app/api/organiser/volunteers/route";
import { GET as passRoute } from "@/app/api/registrations/[id]/pass/route";
import { checkIns, registrations } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import { refundPayment } from "@/lib/payments/refund";
import { startPayment } from "@/lib/payments/start";
import { newUser, testDeps } from "@/lib/payments/testing";
import { APP, params, routeTestDatabase } from "@/lib/server/route-testing";
import { newOrganiser, paidSolo, paidTeam } from "./testing";

const { t, bearer } = routeTestDatabase();

const get = (path: string, headers: Record<string, string> = {}) => new Request(`${APP}${path}`, { headers });
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${APP}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe(`pass and check-in routes on ${testDatabaseKind()}`, () => {
  it("GET /api/registrations/{id}/pass: 200 for the holder and teammates, 404 for others, 401 anonymous, 409 unpaid", async () => {
    const solo = await paidSolo(t);
    const res = await passRoute(
      get(`/api/registrations/${solo.registrationId}/pass`, await bearer(solo.user)),
      params({ id: solo.registrationId }),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.token).toMatch(/^ANWP1\./);
    expect(body.qrSvg).toMatch(/^<svg/);
    expect(res.headers.get("cache-control")).toBe("no-store");

    const team = await paidTeam(t, "quiz-bowl", 2);
    const mate = await passRoute(
      get(`/api/registrations/${team.registrationId}/pass`, await bearer(team.members[0]!)),
      params({ id: team.registrationId }),
    );
    expect(mate.status).toBe(200);
    // Their own pass, which admits them only; the team's roster is the captain's (team), never a teammate's.
    const mine = await mate.json();
    expect(mine.holder).toMatchObject({ kind: "member", anweshaId: team.members[0]!.anweshaId });
    expect(mine.team).toBeUndefined();
    const captain = await passRoute(
      get(`/api/registrations/${team.registrationId}/pass`, await bearer(team.captain)),
      params({ id: team.registrationId }),
    );
    const captains = await captain.json();
    expect(captains.holder).toMatchObject({ kind: "member", anweshaId: team.captain.anweshaId });
    // The captain's own pass and the roster to show; no team pass (it let in members who never came).
    expect(captains.team.roster.map((m: { anweshaId: string }) => m.anweshaId).sort()).toEqual(
      [team.captain.anweshaId, ...team.members.map((m) => m.anweshaId)].sort(),
    );
    expect(captains.team.token).toBeUndefined();
    expect(captains.token).not.toBe(mine.token);

    const stranger = await newUser(t);
    expect(
      (await passRoute(get(`/api/registrations/${solo.registrationId}/pass`, await bearer(stranger)), params({ id: solo.registrationId })))
        .status,
    ).toBe(404);
    expect((await passRoute(get(`/api/registrations/${solo.registrationId}/pass`), params({ id: solo.registrationId }))).status).toBe(401);
    expect((await passRoute(get(`/api/registrations/x/pass`, await bearer(solo.user)), params({ id: "x" }))).status).toBe(404);

    await startPayment(testDeps(t), stranger, { eventSlug: "solo-singing" });
    const [pending] = await t.db.select().from(registrations).where(eq(registrations.userId, stranger.id));
    const unpaid = await passRoute(get(`/api/registrations/${pending!.id}/pass`, await bearer(stranger)), params({ id: pending!.id }));
    expect(unpaid.status).toBe(409);
    expect((await unpaid.json()).error.message).toMatch(/not paid yet/);
  });

  it("POST /api/checkin: 200 admitted, 409 already (at, by), 422 forged or refunded, 403 attendee, 401 anonymous", async () => {
    const organiser = await newOrganiser(t);
    const auth = await bearer(organiser);
    const solo = await paidSolo(t);
    const { token } = await (
      await passRoute(get(`/api/registrations/${solo.registrationId}/pass`, await bearer(solo.user)), params({ id: solo.registrationId }))
    ).json();

    expect((await checkInRoute(post("/api/checkin", { token }))).status).toBe(401);
    expect((await checkInRoute(post("/api/checkin", { token }, await bearer(solo.user)))).status).toBe(403);
    const first = await checkInRoute(post("/api/checkin", { token }, auth));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ result: "admitted", admitted: [solo.user.anweshaId], event: { slug: "code-sprint" } });
    const second = await checkInRoute(post("/api/checkin", { token, eventSlug: "code-sprint" }, auth));
    expect(second.status).toBe(409);
    const again = await second.json();
    expect(again).toMatchObject({ result: "already_checked_in", by: organiser.name });
    expect(Number.isNaN(Date.parse(again.at))).toBe(false);

    const forged = token.slice(0, -2) + (token.endsWith("AA") ? "BA" : "AA");
    const bad = await checkInRoute(post("/api/checkin", { token: forged, eventSlug: "code-sprint" }, auth));
    expect(bad.status).toBe(422);
    expect((await bad.json()).result).toBe("forged");

    const other = await paidSolo(t);
    const { token: otherToken } = await (
      await passRoute(
        get(`/api/registrations/${other.registrationId}/pass`, await bearer(other.user)),
        params({ id: other.registrationId }),
      )
    ).json();
    await refundPayment(testDeps(t), organiser, other.merchTxnId, { amountPaise: 25_000, reason: "Refund before the day" });
    const revoked = await checkInRoute(post("/api/checkin", { token: otherToken }, auth));
    expect(revoked.status).toBe(422);
    expect(await revoked.json()).toMatchObject({ result: "revoked", reason: "Not valid: this registration was refunded." });
    expect(await t.db.select().from(checkIns).where(eq(checkIns.registrationId, other.registrationId))).toEqual([]);
  });

  it("bad input is a 4xx naming the problem and records nothing", async () => {
    const auth = await bearer(await newOrganiser(t));
    const cases: [string, Request, number][] = [
      ["not JSON", post("/api/checkin", "{nope", auth), 400],
      [
        "both token and Anwesha ID",
        post("/api/checkin", { token: "ANWP1.x.y", anweshaId: "ANW-000000", eventSlug: "code-sprint" }, auth),
        422,
      ],
      ["neither", post("/api/checkin", { eventSlug: "code-sprint" }, auth), 422],
      ["Anwesha ID without a door", post("/api/checkin", { anweshaId: "ANW-000000" }, auth), 422],
      ["a malformed Anwesha ID", post("/api/checkin", { anweshaId: "robert'); DROP TABLE", eventSlug: "code-sprint" }, auth), 422],
      ["an unknown event", post("/api/checkin", { anweshaId: "ANW-000000", eventSlug: "no-such-event" }, auth), 404],
      ["a huge token", post("/api/checkin", { token: "A".repeat(5000), eventSlug: "code-sprint" }, auth), 422],
      ["sync without entries", post("/api/checkin/sync", { deviceId: "dev-1234" }, auth), 422],
      [
        "sync with a bad time",
        post(
          "/api/checkin/sync",
          {
            deviceId: "dev-1234",
            entries: [{ ref: "ref-12345678", eventSlug: "code-sprint", anweshaId: "ANW-000000", scannedAt: "yesterday" }],
          },
          auth,
        ),
        422,
      ],
    ];
    for (const [name, req, status] of cases) {
      const route = new URL(req.url).pathname.endsWith("/sync") ? syncRoute : checkInRoute;
      const res = await route(req);
      expect(res.status, name).toBe(status);
      expect((await res.json()).error, name).toBeTruthy();
    }
    const rows = await t.db.select().from(checkIns);
    const before = rows.length;
    const junk = await checkInRoute(post("/api/checkin", { token: "ANWP1.not.valid", eventSlug: "code-sprint" }, auth));
    expect(junk.status).toBe(422);
    expect((await junk.json()).result).toBe("not_a_pass");
    expect((await t.db.select().from(checkIns)).length).toBe(before);
  });

  it("volunteers: granted by an organiser (201, then 200), see only their event's bundle, sync their queue, revoked (204, then 404)", async () => {
    const organiser = await newOrganiser(t);
    const orgAuth = await bearer(organiser);
    const person = await newUser(t, "helper");
    const auth = await bearer(person);
    // Not a volunteer yet: no bundle.
    expect((await bundleRoute(get("/api/checkin/events/code-sprint/bundle", auth), params({ slug: "code-sprint" }))).status).toBe(403);
    expect((await grantRoute(post("/api/organiser/volunteers", { eventSlug: "code-sprint", who: person.email }, auth))).status).toBe(403);
    const granted = await grantRoute(post("/api/organiser/volunteers", { eventSlug: "code-sprint", who: person.anweshaId }, orgAuth));
    expect(granted.status).toBe(201);
    const { volunteer } = await granted.json();
    expect(volunteer).toMatchObject({ event: { slug: "code-sprint" }, user: { anweshaId: person.anweshaId } });
    expect(
      (await grantRoute(post("/api/organiser/volunteers", { eventSlug: "code-sprint", who: person.email.toUpperCase() }, orgAuth))).status,
    ).toBe(200);
    const unknown = await grantRoute(
      post("/api/organiser/volunteers", { eventSlug: "code-sprint", who: "nobody-at-all@example.com" }, orgAuth),
    );
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error.fields.who).toEqual(["No account for nobody-at-all@example.com."]);
    const listed = await (await listVolunteersRoute(get("/api/organiser/volunteers", orgAuth))).json();
    expect(listed.volunteers.map((v: { id: string }) => v.id)).toContain(volunteer.id);

    const bundle = await bundleRoute(get("/api/checkin/events/code-sprint/bundle", auth), params({ slug: "code-sprint" }));
    expect(bundle.status).toBe(200);
    const b = await bundle.json();
    expect(b.event.slug).toBe("code-sprint");
    expect(b.keys[0].jwk).toMatchObject({ kty: "OKP", crv: "Ed25519" });
    expect(JSON.stringify(b)).not.toMatch(/"d":/); // never the private part
    expect((await bundleRoute(get("/api/checkin/events/solo-singing/bundle", auth), params({ slug: "solo-singing" }))).status).toBe(403);
    expect((await bundleRoute(get("/api/checkin/events/NOPE/bundle", auth), params({ slug: "NOPE" }))).status).toBe(404);

    const sprintCounts = async () =>
      (await (await countsRoute(get("/api/organiser/checkin", orgAuth))).json()).events.find(
        (e: { slug: string }) => e.slug === "code-sprint",
      );
    const before = await sprintCounts();
    const solo = await paidSolo(t);
    const synced = await syncRoute(
      post(
        "/api/checkin/sync",
        {
          deviceId: "phone-1",
          entries: [{ ref: "phone-1-0001", eventSlug: "code-sprint", anweshaId: solo.user.anweshaId, scannedAt: new Date().toISOString() }],
        },
        auth,
      ),
    );
    expect(synced.status).toBe(200);
    expect((await synced.json()).results).toMatchObject([{ ref: "phone-1-0001", result: "admitted", admitted: [solo.user.anweshaId] }]);

    // The console's counts and list see it.
    const sprint = await sprintCounts();
    expect(sprint).toMatchObject({ checkedIn: before.checkedIn + 1, people: before.people + 1 });
    expect((await countsRoute(get("/api/organiser/checkin", auth))).status).toBe(403);
    const inList = await (
      await doorListRoute(get("/api/organiser/checkin/code-sprint?checkedIn=yes", orgAuth), params({ slug: "code-sprint" }))
    ).json();
    const outList = await (
      await doorListRoute(get("/api/organiser/checkin/code-sprint?checkedIn=no", orgAuth), params({ slug: "code-sprint" }))
    ).json();
    expect(inList.registrations.map((r: { registrationId: string }) => r.registrationId)).toContain(solo.registrationId);
    expect(outList.registrations.map((r: { registrationId: string }) => r.registrationId)).not.toContain(solo.registrationId);
    expect(
      (await doorListRoute(get("/api/organiser/checkin/code-sprint?checkedIn=maybe", orgAuth), params({ slug: "code-sprint" }))).status,
    ).toBe(422);

    const revoke = () =>
      revokeRoute(
        new Request(`${APP}/api/organiser/volunteers/${volunteer.id}`, { method: "DELETE", headers: orgAuth }),
        params({ id: volunteer.id }),
      );
    expect((await revoke()).status).toBe(204);
    expect((await revoke()).status).toBe(404);
    expect((await bundleRoute(get("/api/checkin/events/code-sprint/bundle", auth), params({ slug: "code-sprint" }))).status).toBe(403);
    const late = await syncRoute(
      post(
        "/api/checkin/sync",
        {
          deviceId: "phone-1",
          entries: [{ ref: "phone-1-0002", eventSlug: "code-sprint", anweshaId: solo.user.anweshaId, scannedAt: new Date().toISOString() }],
        },
        auth,
      ),
    );
    expect((await late.json()).results).toMatchObject([{ ref: "phone-1-0002", result: "refused" }]);
  });
});
