// The desk's API through its real route handlers (bearer tokens, as a phone app would call it): status codes, who
// may call what, a reused UTR, a wrong amount, bad input answered with a 4xx and nothing changed, takings and CSV.
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});
// next-auth cannot load under Vitest's resolution; bearer tokens never ask it (lib/auth/require-user).
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

import { POST as registerRoute } from "@/app/api/desk/registrations/route";
import { GET as takingsRoute } from "@/app/api/desk/takings/route";
import { payments } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import { grantVolunteer } from "@/lib/checkin/volunteers";
import { istDay } from "@/lib/format";
import { parseCsv } from "@/lib/organiser/csv-read";
import { newUser, soloEvent } from "@/lib/payments/testing";
import { APP, routeTestDatabase } from "@/lib/server/route-testing";

const { t, organiser, bearer } = routeTestDatabase();

const post = (body: unknown, headers: Record<string, string> = {}) =>
  registerRoute(
    new Request(`${APP}/api/desk/registrations`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
const takings = (query: string, headers: Record<string, string> = {}) =>
  takingsRoute(new Request(`${APP}/api/desk/takings${query}`, { headers }));

describe(`desk routes on ${testDatabaseKind()}`, () => {
  it("POST /api/desk/registrations: 201 cash and UPI, 409 reused UTR and wrong amount, 403 others, 401 anonymous, 422 bad input", async () => {
    const event = await soloEvent(t, null, 12_000);
    const volunteer = await newUser(t, "desk");
    await grantVolunteer(t.db, organiser.id, { eventSlug: event.slug, who: volunteer.email, role: "desk" });
    const auth = await bearer(volunteer);
    const a = await newUser(t, "walkin");
    const cash = await post({ eventSlug: event.slug, person: { email: a.email }, method: "cash", amountPaise: 12_000 }, auth);
    expect(cash.status).toBe(201);
    const body = await cash.json();
    expect(body.registration.status).toBe("paid");
    expect(body.payment).toMatchObject({ method: "desk", deskKind: "cash", totalPaise: 12_000 });
    expect(body.pass.qrSvg).toMatch(/^<svg/);

    const utr = String(500_000_000_000 + Math.floor(Math.random() * 1e9));
    const b = await newUser(t, "walkin");
    const upi = await post(
      { eventSlug: event.slug, person: { anweshaId: b.anweshaId.replace("-", "").toLowerCase() }, method: "upi", utr, amountPaise: 12_000 },
      auth,
    );
    expect(upi.status).toBe(201);
    const c = await newUser(t, "walkin");
    const reused = await post({ eventSlug: event.slug, person: { email: c.email }, method: "upi", utr, amountPaise: 12_000 }, auth);
    expect(reused.status).toBe(409);
    expect((await reused.json()).error.fields.utr[0]).toMatch(/already recorded/);
    const wrong = await post({ eventSlug: event.slug, person: { email: c.email }, method: "cash", amountPaise: 10_000 }, auth);
    expect(wrong.status).toBe(409);
    expect((await wrong.json()).error.message).toMatch(/₹120\.00/);

    const stranger = await newUser(t, "stranger");
    expect(
      (await post({ eventSlug: event.slug, person: { email: c.email }, method: "cash", amountPaise: 12_000 }, await bearer(stranger)))
        .status,
    ).toBe(403);
    expect((await post({ eventSlug: event.slug, person: { email: c.email }, method: "cash", amountPaise: 12_000 })).status).toBe(401);
    for (const bad of [
      "{not json",
      { eventSlug: event.slug, person: { email: c.email }, method: "cheque", amountPaise: 12_000 },
      { eventSlug: event.slug, person: { email: c.email }, method: "upi", amountPaise: 12_000 },
      { eventSlug: event.slug, person: { email: c.email }, method: "upi", utr: "12ab", amountPaise: 12_000 },
      { eventSlug: event.slug, person: {}, method: "cash", amountPaise: 12_000 },
      { eventSlug: event.slug, person: { email: c.email }, method: "cash", amountPaise: 1.5 },
      { eventSlug: event.slug, person: { email: c.email }, method: "cash", amountPaise: -1 },
    ]) {
      const res = await post(bad, auth);
      expect(res.status, JSON.stringify(bad)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(bad)).toBeLessThan(500);
    }
    expect((await post({ eventSlug: "no-such-event", person: { email: c.email }, method: "cash", amountPaise: 1 }, auth)).status).toBe(404);
    const desk = await t.db.select().from(payments).where(eq(payments.recordedBy, volunteer.id));
    expect(desk).toHaveLength(2);
  });

  it("GET /api/desk/takings: the volunteer's own, an organiser's everyone's, CSV, 403 others, 422 bad day", async () => {
    const event = await soloEvent(t, null, 3_000);
    const volunteer = await newUser(t, "till");
    await grantVolunteer(t.db, organiser.id, { eventSlug: event.slug, who: volunteer.anweshaId, role: "desk" });
    const auth = await bearer(volunteer);
    for (const method of ["cash", "cash", "upi"] as const) {
      const res = await post(
        {
          eventSlug: event.slug,
          person: { email: (await newUser(t, "walkin")).email },
          method,
          ...(method === "upi" ? { utr: String(600_000_000_000 + Math.floor(Math.random() * 1e9)) } : {}),
          amountPaise: 3_000,
        },
        auth,
      );
      expect(res.status).toBe(201);
    }
    const day = istDay(new Date());
    const mine = await (await takings(`?day=${day}`, auth)).json();
    expect(mine.people).toHaveLength(1);
    expect(mine.people[0].lines).toEqual([
      { kind: "cash", payments: 2, takenPaise: 6_000, paidBackPaise: 0, netPaise: 6_000 },
      { kind: "upi", payments: 1, takenPaise: 3_000, paidBackPaise: 0, netPaise: 3_000 },
    ]);
    const all = await (await takings("", await bearer(organiser))).json();
    expect(all.day).toBe(day);
    expect(all.people.map((p: { person: { id: string } }) => p.person.id)).toContain(volunteer.id);
    const csv = await takings(`?day=${day}&format=csv`, auth);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const rows = parseCsv((await csv.text()).replace(/^\uFEFF/, ""));
    expect(rows[0]).toEqual(["Day", "Desk person", "Anwesha ID", "Method", "Payments", "Taken (₹)", "Paid back (₹)", "Net (₹)"]);
    expect(rows.filter((r) => r[1] === volunteer.name).map((r) => [r[3], r[7]])).toEqual([
      ["Cash", "60.00"],
      ["UPI", "30.00"],
    ]);
    expect((await takings("", await bearer(await newUser(t, "nobody")))).status).toBe(403);
    expect((await takings("?day=2026-02-30", auth)).status).toBe(422);
    expect((await takings("?day=yesterday", auth)).status).toBe(422);
  });
});
