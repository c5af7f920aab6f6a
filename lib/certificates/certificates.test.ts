// Certificates and results through their real route handlers, on the test's database: only a person checked in
// gets one (a team member for themselves only), after the event starts; its code verifies, an altered one does
// not; a result makes it a merit certificate with the same code; nobody else gets it. (Its mail: mail.test.ts.)
import { and, eq, like } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

import { GET as verifyRoute } from "@/app/api/certificates/[code]/route";
import { GET as eventCertificatesRoute } from "@/app/api/organiser/events/[slug]/certificates/route";
import { GET as resultsListRoute, POST as resultsRoute } from "@/app/api/organiser/events/[slug]/results/route";
import { GET as certificateRoute } from "@/app/api/registrations/[id]/certificate/route";
import { auditLog, events } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { checkInNow } from "@/lib/checkin/api";
import { paidSolo, paidTeam } from "@/lib/checkin/testing";
import { undoCheckIn } from "@/lib/checkin/undo";
import { newUser } from "@/lib/payments/testing";
import { myData } from "@/lib/privacy/my-data";
import { params, routeTestDatabase } from "@/lib/server/route-testing";
import { readCode } from "./code";

const db = routeTestDatabase();
const HOUR = 3600_000;

const startsAt = (slug: string, at: Date) => db.t.db.update(events).set({ startsAt: at }).where(eq(events.slug, slug));
const checkIn = (anweshaId: string, eventSlug: string) => checkInNow(db.t.db, db.organiser, { anweshaId, eventSlug });

async function certificate(who: CurrentUser | null, registrationId: string, json = false) {
  const req = await db.send("GET", `/api/registrations/${registrationId}/certificate`, who);
  if (json) req.headers.set("accept", "application/json");
  return certificateRoute(req, params({ id: registrationId }));
}
const verify = async (code: string) => verifyRoute(await db.send("GET", `/api/certificates/${code}`, null), params({ code }));
const place = async (who: CurrentUser, slug: string, body: unknown) =>
  resultsRoute(await db.send("POST", `/api/organiser/events/${slug}/results`, who, body), params({ slug }));

async function textOf(res: Response): Promise<{ text: string; pages: number }> {
  expect(res.headers.get("content-type")).toBe("application/pdf");
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
  const doc = await getDocumentProxy(bytes);
  const { text } = await extractText(doc, { mergePages: true });
  return { text: text.replace(/\s+/g, " "), pages: doc.numPages };
}

describe(`certificates on ${testDatabaseKind()}`, () => {
  it("only a checked-in person gets one, once the event has started; nobody else's is theirs to take", async () => {
    await startsAt("code-sprint", new Date(Date.now() + 48 * HOUR));
    const came = await paidSolo(db.t, "code-sprint");
    const stayedHome = await paidSolo(db.t, "code-sprint");
    expect((await checkIn(came.user.anweshaId, "code-sprint")).status).toBe(200);

    const early = await certificate(came.user, came.registrationId);
    expect(early.status).toBe(409);
    expect((await early.json()).error.message).toMatch(/^Certificates for Code Sprint can be downloaded once it starts, on /);

    await startsAt("code-sprint", new Date(Date.now() - HOUR));
    const res = await certificate(came.user, came.registrationId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="anwesha-certificate-code-sprint-[0-9A-Z]{12}\.pdf"$/);
    const { text, pages } = await textOf(res);
    expect(pages).toBe(1);
    expect(text).toContain("ANWESHA");
    expect(text).toContain("Certificate of Participation");
    expect(text).toContain(came.user.name);
    expect(text).toContain("of Test College");
    expect(text).toMatch(/participated in Code Sprint at Anwesha, on \d{1,2} \w+ \d{4}\./);

    const json = await (await certificate(came.user, came.registrationId, true)).json();
    expect(json).toMatchObject({ kind: "participation", place: null, event: { slug: "code-sprint", name: "Code Sprint" } });
    expect(json.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(json.verifyUrl).toBe(`http://localhost:3000/certificates/${json.code}`);
    expect(text).toContain(json.code);
    // The same code every time it is asked for.
    expect((await (await certificate(came.user, came.registrationId, true)).json()).code).toBe(json.code);
    // The person's own data names it ("Download my data").
    expect((await myData(db.t.db, came.user.id)).certificates).toEqual([
      { event: "Code Sprint", code: readCode(json.code), issuedAt: expect.any(Date), mailedAt: null },
    ]);

    const absent = await certificate(stayedHome.user, stayedHome.registrationId);
    expect(absent.status).toBe(409);
    expect((await absent.json()).error.message).toBe(
      "You were not checked in at Code Sprint, so there is no certificate. Certificates are for people who were there.",
    );
    // Another person's registration, a made-up id, and nobody signed in.
    const stranger = await newUser(db.t, "stranger");
    expect((await certificate(stranger, came.registrationId)).status).toBe(404);
    expect((await certificate(stayedHome.user, came.registrationId)).status).toBe(404);
    expect((await certificate(came.user, "not-a-uuid")).status).toBe(404);
    expect((await certificate(null, came.registrationId)).status).toBe(401);
  });

  it("a team member let in on their own pass has a certificate for themselves only", async () => {
    await startsAt("quiz-bowl", new Date(Date.now() + 48 * HOUR));
    const team = await paidTeam(db.t, "quiz-bowl", 3);
    const [inside, outside] = team.members;
    expect((await checkIn(inside!.anweshaId, "quiz-bowl")).status).toBe(200);
    await startsAt("quiz-bowl", new Date(Date.now() - HOUR));

    // Asked for several times at once before it was ever issued (a double tap, two devices): one code, no error.
    const first = await Promise.all(Array.from({ length: 6 }, () => certificate(inside!, team.registrationId, true)));
    expect(first.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const codes = new Set(await Promise.all(first.map(async (r) => (await r.json()).code)));
    expect(codes.size).toBe(1);
    const [code] = [...codes];
    for (const other of [team.captain, outside!]) {
      const res = await certificate(other, team.registrationId);
      expect(res.status).toBe(409);
      expect((await res.json()).error.message).toMatch(/^You were not checked in at Quiz Bowl/);
    }
    const v = await (await verify(code)).json();
    expect(v).toMatchObject({ valid: true, holder: { name: inside!.name, anweshaId: inside!.anweshaId }, event: { slug: "quiz-bowl" } });
    expect(v.team).toMatch(/^Team ANW-/);
    expect(v.text).toContain(`as a member of team ${v.team}`);
  });

  it("its code is verified as printed or typed loosely; an altered or made-up code is not valid", async () => {
    await startsAt("code-sprint", new Date(Date.now() + 48 * HOUR));
    const came = await paidSolo(db.t, "code-sprint");
    await checkIn(came.user.anweshaId, "code-sprint");
    await startsAt("code-sprint", new Date(Date.now() - HOUR));
    const { code } = await (await certificate(came.user, came.registrationId, true)).json();

    const ok = await verify(code);
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body).toMatchObject({
      valid: true,
      code,
      kind: "participation",
      title: "Certificate of Participation",
      holder: { name: came.user.name, college: "Test College", anweshaId: came.user.anweshaId },
      event: { slug: "code-sprint", name: "Code Sprint" },
      fest: "Anwesha",
    });
    // No contact details, no internal ids.
    expect(JSON.stringify(body)).not.toContain(came.user.email);
    expect(JSON.stringify(body)).not.toContain(came.registrationId);
    expect((await verify(code.toLowerCase().replaceAll("-", ""))).status).toBe(200);
    // A path segment may arrive still encoded (spaces typed between the groups).
    expect((await verify(encodeURIComponent(code.toLowerCase().replaceAll("-", " ")))).status).toBe(200);

    // Every one-character change of the code is refused.
    const plain = readCode(code)!;
    const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    for (let i = 0; i < plain.length; i++) {
      const swapped = ALPHABET[(ALPHABET.indexOf(plain[i]!) + 1) % 32]!;
      const altered = plain.slice(0, i) + swapped + plain.slice(i + 1);
      const res = await verify(altered);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ valid: false, reason: "No certificate has this code. Check it was typed as printed." });
    }
    for (const junk of ["", "XXXX", "%E0%A4%A", "'; drop table certificates;--", "A".repeat(500)])
      expect((await verify(junk)).status).toBe(404);

    // An organiser undoes the check-in: the certificate no longer stands.
    await undoCheckIn(db.t.db, db.organiser, "code-sprint", { anweshaId: came.user.anweshaId, reason: "scanned by mistake" });
    const withdrawn = await verify(code);
    expect(withdrawn.status).toBe(404);
    expect((await withdrawn.json()).reason).toMatch(/withdrawn/);
    expect((await certificate(came.user, came.registrationId)).status).toBe(409);
  });

  it("a result makes it a certificate of merit with the same code; results are organisers' work, audited", async () => {
    await startsAt("code-sprint", new Date(Date.now() + 48 * HOUR));
    const winner = await paidSolo(db.t, "code-sprint");
    await checkIn(winner.user.anweshaId, "code-sprint");
    const other = await paidSolo(db.t, "solo-singing");

    expect((await place(db.organiser, "code-sprint", { registrationId: winner.registrationId, place: "winner" })).status).toBe(409);
    await startsAt("code-sprint", new Date(Date.now() - HOUR));
    const before = await (await certificate(winner.user, winner.registrationId, true)).json();

    expect((await place(winner.user, "code-sprint", { registrationId: winner.registrationId, place: "winner" })).status).toBe(403);
    expect((await place(db.organiser, "code-sprint", { registrationId: winner.registrationId, place: "  " })).status).toBe(422);
    expect((await place(db.organiser, "code-sprint", { registrationId: "nope", place: "winner" })).status).toBe(422);
    expect((await place(db.organiser, "no-such-event", { registrationId: winner.registrationId, place: "winner" })).status).toBe(404);
    expect((await place(db.organiser, "code-sprint", { registrationId: other.registrationId, place: "winner" })).status).toBe(404);

    const marked = await place(db.organiser, "code-sprint", { registrationId: winner.registrationId, place: "Winner" });
    expect(marked.status).toBe(200);
    expect((await marked.json()).result).toMatchObject({ place: "winner", placeLabel: "Winner", entrant: winner.user.name });
    const list = await resultsListRoute(
      await db.send("GET", "/api/organiser/events/code-sprint/results", db.organiser),
      params({ slug: "code-sprint" }),
    );
    expect((await list.json()).results).toContainEqual(expect.objectContaining({ registrationId: winner.registrationId, place: "winner" }));

    const after = await (await certificate(winner.user, winner.registrationId, true)).json();
    expect(after).toMatchObject({ code: before.code, kind: "merit", place: "Winner" });
    const { text } = await textOf(await certificate(winner.user, winner.registrationId));
    expect(text).toContain("Certificate of Merit");
    expect(text).toContain("won Code Sprint at Anwesha");
    expect(await (await verify(before.code)).json()).toMatchObject({ valid: true, kind: "merit", place: "Winner" });

    // A named place replaces it; clearing it makes it one of participation again.
    await place(db.organiser, "code-sprint", { registrationId: winner.registrationId, place: "Best debugging" });
    expect(await (await certificate(winner.user, winner.registrationId, true)).json()).toMatchObject({
      kind: "merit",
      place: "Best debugging",
    });
    await place(db.organiser, "code-sprint", { registrationId: winner.registrationId, place: null });
    expect(await (await certificate(winner.user, winner.registrationId, true)).json()).toMatchObject({
      kind: "participation",
      place: null,
    });
    const audit = await db.t.db
      .select({ action: auditLog.action, details: auditLog.details, actorId: auditLog.actorId })
      .from(auditLog)
      .where(and(eq(auditLog.registrationId, winner.registrationId), like(auditLog.action, "result.%")))
      .orderBy(auditLog.id);
    expect(audit).toEqual([
      { action: "result.marked", actorId: db.organiser.id, details: { place: "winner", previous: null } },
      { action: "result.marked", actorId: db.organiser.id, details: { place: "Best debugging", previous: "winner" } },
      { action: "result.cleared", actorId: db.organiser.id, details: { place: null, previous: "Best debugging" } },
    ]);
  });

  it("an event's organisers download every certificate in one PDF; attendees may not", async () => {
    await startsAt("solo-singing", new Date(Date.now() + 48 * HOUR));
    const a = await paidSolo(db.t, "solo-singing");
    const b = await paidSolo(db.t, "solo-singing");
    await paidSolo(db.t, "solo-singing"); // never came
    const early = await eventCertificatesRoute(
      await db.send("GET", "/api/organiser/events/solo-singing/certificates", db.organiser),
      params({ slug: "solo-singing" }),
    );
    expect(early.status).toBe(409);
    for (const p of [a, b]) await checkIn(p.user.anweshaId, "solo-singing");
    await startsAt("solo-singing", new Date(Date.now() - HOUR));
    await place(db.organiser, "solo-singing", { registrationId: b.registrationId, place: "runner-up" });

    const res = await eventCertificatesRoute(
      await db.send("GET", "/api/organiser/events/solo-singing/certificates", db.organiser),
      params({ slug: "solo-singing" }),
    );
    expect(res.status).toBe(200);
    const { text, pages } = await textOf(res);
    expect(pages).toBe(2);
    // Merit first.
    expect(text.indexOf(b.user.name)).toBeLessThan(text.indexOf(a.user.name));
    expect(text).toContain("was runner-up in Solo Singing at Anwesha");
    const denied = await eventCertificatesRoute(
      await db.send("GET", "/api/organiser/events/solo-singing/certificates", a.user),
      params({ slug: "solo-singing" }),
    );
    expect(denied.status).toBe(403);
  });
});
