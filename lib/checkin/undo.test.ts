// Undoing a check-in, on a real database (PGlite, or the Postgres server with DATABASE_URL): what it records and
// audits, who may do it (through the route handler), and that an offline device's queued scans never re-admit a
// person whose check-in was undone after they were made, while a scan made after the undo admits them again.
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

import { POST as undoRoute } from "@/app/api/organiser/checkin/[slug]/undo/route";
import { auditLog, checkIns, checkInUndos, events, registrations } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import { issuePassToken } from "@/lib/passes/sign";
import { newUser } from "@/lib/payments/testing";
import { routeTestDatabase } from "@/lib/server/route-testing";
import { checkInNow, syncQueue } from "./api";
import { checkInBundle } from "./bundle";
import { newVolunteer, paidSolo, paidTeam } from "./testing";
import { undoCheckIn } from "./undo";

const { t, organiser, bearer } = routeTestDatabase();

const tokenOf = async (id: string) => issuePassToken((await t.db.select().from(registrations).where(eq(registrations.id, id)))[0]!);
const checkInsOf = (registrationId: string) => t.db.select().from(checkIns).where(eq(checkIns.registrationId, registrationId));
const eventOf = async (slug: string) => (await t.db.select().from(events).where(eq(events.slug, slug)))[0]!;
const undo = (anweshaId: string, reason = "Scanned the wrong pass", slug = "code-sprint", at = new Date()) =>
  undoCheckIn(t.db, organiser, slug, { anweshaId, reason }, at);

describe(`undoing a check-in on ${testDatabaseKind()}`, () => {
  it("moves the check-in aside with who, when and why, audits it, and the person can be checked in again", async () => {
    const solo = await paidSolo(t);
    const token = await tokenOf(solo.registrationId);
    expect((await checkInNow(t.db, organiser, { token, eventSlug: "code-sprint" })).status).toBe(200);
    const [before] = await checkInsOf(solo.registrationId);

    const undone = await undo(solo.user.anweshaId);
    expect(undone).toEqual([
      expect.objectContaining({ registrationId: solo.registrationId, anweshaId: solo.user.anweshaId, reason: "Scanned the wrong pass" }),
    ]);
    expect(await checkInsOf(solo.registrationId)).toEqual([]);
    const [kept] = await t.db.select().from(checkInUndos).where(eq(checkInUndos.registrationId, solo.registrationId));
    expect(kept).toMatchObject({
      userId: solo.user.id,
      checkedInBy: organiser.id,
      undoneBy: organiser.id,
      reason: "Scanned the wrong pass",
    });
    expect(kept!.checkedInAt.toISOString()).toBe(before!.checkedInAt.toISOString());
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.registrationId, solo.registrationId), eq(auditLog.action, "checkin.undone")));
    expect(audit).toMatchObject({ actorId: organiser.id, details: { anweshaId: solo.user.anweshaId, reason: "Scanned the wrong pass" } });

    // Not checked in any more: a second undo is refused; the door admits them again.
    await expect(undo(solo.user.anweshaId)).rejects.toMatchObject({ status: 409 });
    const again = await checkInNow(t.db, organiser, { token, eventSlug: "code-sprint" });
    expect(again).toMatchObject({ status: 200, body: { result: "admitted" } });

    // The door devices learn of it from the bundle.
    const bundle = await checkInBundle(t.db, await eventOf("code-sprint"));
    expect(bundle.undone).toContainEqual(
      expect.objectContaining({
        registrationId: solo.registrationId,
        userId: solo.user.id,
        by: organiser.name,
        reason: "Scanned the wrong pass",
      }),
    );
  });

  it("a queued scan made before the undo never re-admits; the undone scan's own sync sent again neither; a later scan does", async () => {
    const volunteer = await newVolunteer(t, "code-sprint", organiser);
    const solo = await paidSolo(t);
    const token = await tokenOf(solo.registrationId);
    const now = Date.now();
    const scan = (ref: string, agoMs: number) => ({ ref, eventSlug: "code-sprint", token, scannedAt: new Date(now - agoMs).toISOString() });

    // Device A admitted them offline ten minutes ago and synced; an organiser undid it five minutes ago.
    const first = scan("device-a-scan-undo-1", 600_000);
    expect((await syncQueue(t.db, volunteer, { deviceId: "device-a", entries: [first] }))[0]).toMatchObject({ result: "admitted" });
    await undo(solo.user.anweshaId, "Let in by mistake", "code-sprint", new Date(now - 300_000));

    // A's sync retried (its answer was lost), and device B's scan queued before the undo: neither admits.
    const [retried] = await syncQueue(t.db, volunteer, { deviceId: "device-a", entries: [first] });
    expect(retried).toMatchObject({ result: "undone", admitted: [] });
    expect((retried as { reason: string }).reason).toMatch(
      /^Not let in: an organiser undid this check-in at .+ \(.+: Let in by mistake\)\. Scan the pass again/,
    );
    const [fromB] = await syncQueue(t.db, volunteer, { deviceId: "device-b", entries: [scan("device-b-scan-undo-1", 420_000)] });
    expect(fromB).toMatchObject({ result: "undone" });
    expect(await checkInsOf(solo.registrationId)).toEqual([]);

    // A scan queued after the undo (they came back) admits them, at its own time.
    const later = scan("device-b-scan-undo-2", 60_000);
    const [back] = await syncQueue(t.db, volunteer, { deviceId: "device-b", entries: [later] });
    expect(back).toMatchObject({ result: "admitted" });
    const [row] = await checkInsOf(solo.registrationId);
    expect(row!.checkedInAt.toISOString()).toBe(later.scannedAt);

    // And an old queued scan arriving after that cannot take the later check-in's place (earlier-scan-wins would).
    const [stale] = await syncQueue(t.db, volunteer, { deviceId: "device-c", entries: [scan("device-c-scan-undo-1", 480_000)] });
    expect(stale).toMatchObject({ result: "undone" });
    const [still] = await checkInsOf(solo.registrationId);
    expect(still!.checkedInAt.toISOString()).toBe(later.scannedAt);
  });

  it("on a team pass only the undone member goes back out, and the team pass then lets in only them", async () => {
    const team = await paidTeam(t, "quiz-bowl", 3);
    const token = await tokenOf(team.registrationId);
    expect((await checkInNow(t.db, organiser, { token, eventSlug: "quiz-bowl" })).body.admitted).toHaveLength(3);
    const gone = team.members[1]!;
    await undo(gone.anweshaId, "Left to get their ID card", "quiz-bowl");
    const people = await t.db.select().from(checkIns).where(eq(checkIns.registrationId, team.registrationId)).orderBy(asc(checkIns.userId));
    expect(people.map((p) => p.userId).sort()).toEqual([team.captain.id, team.members[0]!.id].sort());
    const res = await checkInNow(t.db, organiser, { token, eventSlug: "quiz-bowl" });
    expect(res).toMatchObject({ status: 200, body: { result: "admitted", admitted: [gone.anweshaId] } });
  });

  it("POST /api/organiser/checkin/{slug}/undo: 200 for an organiser; 401, 403 (a volunteer too), 404, 409, 422", async () => {
    const solo = await paidSolo(t);
    await checkInNow(t.db, organiser, { token: await tokenOf(solo.registrationId), eventSlug: "code-sprint" });
    const auth = bearer;
    const post = (slug: string, body: unknown, headers: Record<string, string> = {}) =>
      undoRoute(
        new Request(`http://localhost:3000/api/organiser/checkin/${slug}/undo`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: typeof body === "string" ? body : JSON.stringify(body),
        }),
        { params: Promise.resolve({ slug }) },
      );
    const body = { anweshaId: solo.user.anweshaId, reason: "Wrong person" };
    const org = await auth(organiser);
    const volunteer = await newVolunteer(t, "code-sprint", organiser);
    const cases: [string, Promise<Response>, number][] = [
      ["signed out", post("code-sprint", body), 401],
      ["an attendee", post("code-sprint", body, await auth(await newUser(t))), 403],
      ["a volunteer", post("code-sprint", body, await auth(volunteer)), 403],
      ["no reason", post("code-sprint", { anweshaId: solo.user.anweshaId }, org), 422],
      ["a bad Anwesha ID", post("code-sprint", { anweshaId: "nobody", reason: "Wrong person" }, org), 422],
      ["not JSON", post("code-sprint", "{", org), 400],
      ["an unknown event", post("no-such-event", body, org), 404],
      ["an unknown person", post("code-sprint", { anweshaId: "ANW-ZZZZZZ", reason: "Wrong person" }, org), 404],
      ["not checked in there", post("solo-singing", body, org), 409],
    ];
    for (const [what, res, status] of cases) expect((await res).status, what).toBe(status);
    expect(await checkInsOf(solo.registrationId)).toHaveLength(1);

    const ok = await post("code-sprint", { anweshaId: solo.user.anweshaId.toLowerCase(), reason: "  Wrong person " }, org);
    expect(ok.status).toBe(200);
    expect((await ok.json()).undone).toEqual([expect.objectContaining({ anweshaId: solo.user.anweshaId, reason: "Wrong person" })]);
    expect(await checkInsOf(solo.registrationId)).toEqual([]);
  });
});
