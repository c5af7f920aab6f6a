// Passes and check-in against a real database (PGlite, or the Postgres server with DATABASE_URL), with paid
// registrations made through the real payment flow and a refund through the sandbox gateway.
import { generateKeyPairSync } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInDuplicates, checkIns, events, registrations } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { ApiError } from "@/lib/errors";
import { passForViewer } from "@/lib/passes/pass";
import { issuePassToken } from "@/lib/passes/sign";
import { passKeys, passKeysFrom } from "@/lib/passes/signing-key";
import { encodeClaims, fromBase64Url, parseToken, toBase64Url } from "@/lib/passes/token";
import { refundPayment } from "@/lib/payments/refund";
import { newUser, prepare, testDeps } from "@/lib/payments/testing";
import { checkInNow, syncQueue } from "./api";
import { checkInBundle } from "./bundle";
import { newOrganiser, newVolunteer, paidSolo, paidTeam } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
});
afterAll(async () => {
  await t?.dispose();
});

const eventOf = async (slug: string) => (await t.db.select().from(events).where(eq(events.slug, slug)))[0]!;
const registrationOf = async (id: string) => (await t.db.select().from(registrations).where(eq(registrations.id, id)))[0]!;
const tokenOf = async (id: string) => issuePassToken(await registrationOf(id));
const checkInCount = async (registrationId: string) =>
  (await t.db.select({ n: count() }).from(checkIns).where(eq(checkIns.registrationId, registrationId)))[0]!.n;

describe(`entry passes and check-in on ${testDatabaseKind()}`, () => {
  it("the holder and a teammate get a pass; a stranger gets 404; an unpaid registration has none (409)", async () => {
    const solo = await paidSolo(t);
    const pass = await passForViewer(t.db, solo.registrationId, solo.user.id);
    expect(pass.token).toMatch(/^ANWP1\.[A-Za-z0-9_-]{78}\.[A-Za-z0-9_-]{86}$/);
    expect(pass.qrSvg).toMatch(/^<svg[^>]+viewBox/);
    expect(pass.holder).toEqual({ kind: "user", name: solo.user.name, anweshaId: solo.user.anweshaId });
    // The same registration always gets the same token: the page, the PDF and the mail show one code.
    expect((await passForViewer(t.db, solo.registrationId, solo.user.id)).token).toBe(pass.token);
    expect(parseToken(pass.token)!.claims).toMatchObject({
      registrationId: solo.registrationId,
      eventId: (await eventOf("code-sprint")).id,
      holder: { kind: "user", id: solo.user.id },
    });

    const stranger = await newUser(t);
    await expect(passForViewer(t.db, solo.registrationId, stranger.id)).rejects.toMatchObject({ status: 404 });
    await expect(passForViewer(t.db, "not-a-uuid", solo.user.id)).rejects.toMatchObject({ status: 404 });

    // A teammate gets their own pass for the team (lib/checkin/member-passes.test.ts has the rest).
    const team = await paidTeam(t);
    const mate = team.members[0]!;
    const mine = await passForViewer(t.db, team.registrationId, mate.id);
    expect(mine.holder).toMatchObject({ kind: "member", name: mate.name, team: `Team ${team.captain.anweshaId}` });
    expect(parseToken(mine.token)!.claims.holder).toEqual({ kind: "member", id: mate.id });

    const unpaid = await newUser(t);
    const started = await (await import("@/lib/payments/start")).startPayment(testDeps(t), unpaid, { eventSlug: "solo-singing" });
    expect(started.merchTxnId).toBeTruthy();
    const [reg] = await t.db.select().from(registrations).where(eq(registrations.userId, unpaid.id));
    await expect(passForViewer(t.db, reg!.id, unpaid.id)).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/not paid/),
    });
  });

  it("admits a paid pass once: 200 the first time, then 409 saying when and by whom", async () => {
    const organiser = await newOrganiser(t);
    const volunteer = await newVolunteer(t, "code-sprint", organiser);
    const solo = await paidSolo(t);
    const token = await tokenOf(solo.registrationId);
    const first = await checkInNow(t.db, volunteer, { token, eventSlug: "code-sprint" });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      result: "admitted",
      admitted: [solo.user.anweshaId],
      holder: { name: solo.user.name },
      event: { slug: "code-sprint" },
    });
    const again = await checkInNow(t.db, organiser, { token, eventSlug: "code-sprint" });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ result: "already_checked_in", by: volunteer.name });
    expect(again.body.reason).toMatch(new RegExp(`^Already checked in at \\d{1,2}:\\d\\d\\s[ap]m\\sIST by ${volunteer.name}$`));
    expect(Date.parse(again.body.at!)).toBeGreaterThan(Date.now() - 60_000);
    // By Anwesha ID, the same person: also already in.
    expect((await checkInNow(t.db, volunteer, { anweshaId: solo.user.anweshaId, eventSlug: "code-sprint" })).status).toBe(409);
    expect(await checkInCount(solo.registrationId)).toBe(1);
    const [dups] = await t.db
      .select({ n: count() })
      .from(checkInDuplicates)
      .where(eq(checkInDuplicates.registrationId, solo.registrationId));
    expect(dups!.n).toBe(2);
  });

  it("refuses a forged token: another key, an altered payload, a wrong key id, garbage (422, nothing recorded)", async () => {
    const organiser = await newOrganiser(t);
    const solo = await paidSolo(t);
    const reg = await registrationOf(solo.registrationId);
    const genuine = issuePassToken(reg);
    const otherKey = passKeysFrom(generateKeyPairSync("ed25519").privateKey);
    const signedElsewhere = issuePassToken(reg, { ...otherKey, kid: passKeys().kid });
    const [, payload, sig] = genuine.split(".");
    // The same signature over a payload naming another registration.
    const other = await paidSolo(t);
    const claims = parseToken(genuine)!.claims;
    const altered = `ANWP1.${encodeClaims({ ...claims, registrationId: other.registrationId, holder: { kind: "user", id: other.user.id } })}.${sig}`;
    const flipped = fromBase64Url(sig!)!;
    flipped[10] = flipped[10]! ^ 1;
    const badSig = `ANWP1.${payload}.${toBase64Url(flipped)}`;
    const foreignKid = issuePassToken(reg, otherKey);
    for (const [name, token] of [
      ["another key", signedElsewhere],
      ["altered payload", altered],
      ["flipped signature bit", badSig],
      ["unknown key id", foreignKid],
    ] as const) {
      const res = await checkInNow(t.db, organiser, { token, eventSlug: "code-sprint" });
      expect(res.status, name).toBe(422);
      expect(res.body.result, name).toBe("forged");
      expect(res.body.reason, name).toMatch(/not issued by Anwesha/);
    }
    const junk = await checkInNow(t.db, organiser, { token: "https://example.com/not-a-pass", eventSlug: "code-sprint" });
    expect(junk).toMatchObject({ status: 422, body: { result: "not_a_pass" } });
    expect(await checkInCount(solo.registrationId)).toBe(0);
    expect(await checkInCount(other.registrationId)).toBe(0);
  });

  it("refuses a pass for another event at this door (422), and a volunteer of another event cannot use it (403)", async () => {
    const organiser = await newOrganiser(t);
    const singingVolunteer = await newVolunteer(t, "solo-singing", organiser);
    const solo = await paidSolo(t, "code-sprint");
    const token = await tokenOf(solo.registrationId);
    const res = await checkInNow(t.db, singingVolunteer, { token, eventSlug: "solo-singing" });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ result: "other_event", reason: "Not valid here: this pass is for Code Sprint, not Solo Singing." });
    // Without naming a door, the pass's own event is the door, and this volunteer is not one of its volunteers.
    await expect(checkInNow(t.db, singingVolunteer, { token })).rejects.toMatchObject({ status: 403 });
    const attendee = await newUser(t);
    await expect(checkInNow(t.db, attendee, { token, eventSlug: "code-sprint" })).rejects.toMatchObject({ status: 403 });
    expect(await checkInCount(solo.registrationId)).toBe(0);
  });

  it("a refund revokes the pass: online the door sees 'refunded' (422), offline it is on the revocation list", async () => {
    const organiser = await newOrganiser(t);
    const solo = await paidSolo(t);
    const token = await tokenOf(solo.registrationId);
    const refunded = await refundPayment(testDeps(t), organiser, solo.merchTxnId, { amountPaise: 25_000, reason: "Cannot attend" });
    expect(refunded.outcome).toBe("accepted");
    expect((await registrationOf(solo.registrationId)).status).toBe("refunded");
    const res = await checkInNow(t.db, organiser, { token, eventSlug: "code-sprint" });
    expect(res).toMatchObject({
      status: 422,
      body: { result: "revoked", reason: "Not valid: this registration was refunded.", registration: { status: "refunded" } },
    });
    expect(await checkInCount(solo.registrationId)).toBe(0);
    await expect(passForViewer(t.db, solo.registrationId, solo.user.id)).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/refunded/),
    });
    const bundle = await checkInBundle(t.db, await eventOf("code-sprint"));
    expect(bundle.revoked).toContainEqual({ registrationId: solo.registrationId, status: "refunded" });
    expect(bundle.passes.map((p) => p.registrationId)).not.toContain(solo.registrationId);
  });

  it("concurrent scans of one pass from several devices: exactly one admitted, the rest told who was first", async () => {
    const organiser = await newOrganiser(t);
    const solo = await paidSolo(t);
    const token = await tokenOf(solo.registrationId);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => checkInNow(t.db, organiser, { token, eventSlug: "code-sprint", deviceId: `device-${i}` })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(11);
    expect(await checkInCount(solo.registrationId)).toBe(1);

    // A team pass scanned at two doors at once: every member admitted exactly once, by one of the scans.
    const team = await paidTeam(t);
    const teamToken = await tokenOf(team.registrationId);
    const both = await Promise.all(
      [0, 1, 2, 3].map((i) => checkInNow(t.db, organiser, { token: teamToken, eventSlug: "quiz-bowl", deviceId: `door-${i}` })),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    expect(both.find((r) => r.status === 200)!.body.admitted).toHaveLength(3);
    expect(await checkInCount(team.registrationId)).toBe(3);
  });

  it("a team: one member by Anwesha ID, then the team pass lets in the rest; the roster shows each member's check-in", async () => {
    const organiser = await newOrganiser(t);
    const volunteer = await newVolunteer(t, "quiz-bowl", organiser);
    const team = await paidTeam(t);
    const early = team.members[0]!;
    const one = await checkInNow(t.db, volunteer, { anweshaId: early.anweshaId.toLowerCase(), eventSlug: "quiz-bowl" });
    expect(one).toMatchObject({ status: 200, body: { result: "admitted", admitted: [early.anweshaId], holder: { kind: "team" } } });
    const rest = await checkInNow(t.db, volunteer, { token: await tokenOf(team.registrationId), eventSlug: "quiz-bowl" });
    expect(rest.status).toBe(200);
    expect([...rest.body.admitted].sort()).toEqual([team.captain.anweshaId, team.members[1]!.anweshaId].sort());
    expect(rest.body.members).toHaveLength(3);
    expect(rest.body.members.every((m) => m.checkedIn?.by === volunteer.name)).toBe(true);
    const again = await checkInNow(t.db, volunteer, { token: await tokenOf(team.registrationId), eventSlug: "quiz-bowl" });
    expect(again.status).toBe(409);
    // Someone with no registration for this event.
    const nobody = await newUser(t);
    expect(await checkInNow(t.db, volunteer, { anweshaId: nobody.anweshaId, eventSlug: "quiz-bowl" })).toMatchObject({
      status: 422,
      body: { result: "not_registered", reason: `${nobody.anweshaId} has no paid registration for Quiz Bowl.` },
    });
  });

  it("offline queues sync: the earlier scan wins whichever device syncs first, both are told, a re-sent sync changes nothing", async () => {
    const organiser = await newOrganiser(t);
    const a = await newVolunteer(t, "code-sprint", organiser);
    const b = await newVolunteer(t, "code-sprint", organiser);
    const solo = await paidSolo(t);
    const token = await tokenOf(solo.registrationId);
    const other = await paidSolo(t);
    const otherToken = await tokenOf(other.registrationId);
    const now = Date.now();
    const scanA = { ref: "device-a-scan-0001", eventSlug: "code-sprint", token, scannedAt: new Date(now - 60_000).toISOString() };
    const scanB = { ref: "device-b-scan-0001", eventSlug: "code-sprint", token, scannedAt: new Date(now - 55_000).toISOString() };

    // B's network comes back first: its (later) scan is recorded.
    const [fromB] = await syncQueue(t.db, b, { deviceId: "device-b", entries: [scanB] });
    expect(fromB).toMatchObject({ ref: scanB.ref, result: "admitted" });
    // Then A's, which was earlier: A keeps the check-in and is told B also scanned it; B's becomes the duplicate.
    const fromA = await syncQueue(t.db, a, {
      deviceId: "device-a",
      entries: [
        { ref: "device-a-scan-0002", eventSlug: "code-sprint", token: otherToken, scannedAt: new Date(now - 30_000).toISOString() },
        scanA,
      ],
    });
    expect(fromA.map((r) => r.ref)).toEqual([scanA.ref, "device-a-scan-0002"]);
    expect(fromA[0]).toMatchObject({ result: "admitted", supersedes: [{ at: scanB.scannedAt, by: b.name, deviceId: "device-b" }] });
    expect(fromA[1]).toMatchObject({ result: "admitted" });
    const [row] = await t.db.select().from(checkIns).where(eq(checkIns.registrationId, solo.registrationId));
    expect(row).toMatchObject({ deviceId: "device-a", checkedInBy: a.id, source: "offline", clientRef: scanA.ref });
    expect(row!.checkedInAt.toISOString()).toBe(scanA.scannedAt);

    // B learns it lost: from its next sync (its entry sent again) and from the bundle.
    const [bAgain] = await syncQueue(t.db, b, { deviceId: "device-b", entries: [scanB] });
    expect(bAgain).toMatchObject({ result: "already_checked_in", at: scanA.scannedAt, by: a.name });
    const bundle = await checkInBundle(t.db, await eventOf("code-sprint"));
    expect(bundle.checkIns).toContainEqual({
      registrationId: solo.registrationId,
      userId: solo.user.id,
      at: scanA.scannedAt,
      by: a.name,
      deviceId: "device-a",
    });
    expect(bundle.duplicates).toContainEqual({
      registrationId: solo.registrationId,
      userId: solo.user.id,
      at: scanB.scannedAt,
      by: b.name,
      deviceId: "device-b",
    });

    // A's sync retried (its answer was lost on the way): the same answers, nothing recorded twice.
    const retried = await syncQueue(t.db, a, { deviceId: "device-a", entries: [scanA] });
    expect(retried[0]).toMatchObject({ result: "admitted" });
    expect(await checkInCount(solo.registrationId)).toBe(1);
    const [dups] = await t.db
      .select({ n: count() })
      .from(checkInDuplicates)
      .where(eq(checkInDuplicates.registrationId, solo.registrationId));
    expect(dups!.n).toBe(1);

    // A scan from a clock in the future is recorded at the time we heard of it; one over a week old is refused.
    const third = await paidSolo(t);
    const [future] = await syncQueue(t.db, a, {
      deviceId: "device-a",
      entries: [
        {
          ref: "device-a-scan-0003",
          eventSlug: "code-sprint",
          token: await tokenOf(third.registrationId),
          scannedAt: new Date(now + 3600_000).toISOString(),
        },
      ],
    });
    expect(future).toMatchObject({ result: "admitted" });
    const [thirdRow] = await t.db.select().from(checkIns).where(eq(checkIns.registrationId, third.registrationId));
    expect(thirdRow!.checkedInAt.getTime()).toBeLessThanOrEqual(Date.now());
    const [stale] = await syncQueue(t.db, a, {
      deviceId: "device-a",
      entries: [{ ...scanA, ref: "device-a-scan-0004", scannedAt: new Date(now - 8 * 24 * 3600_000).toISOString() }],
    });
    expect(stale).toMatchObject({ result: "refused", reason: expect.stringMatching(/more than a week old/) });
    // A volunteer's queue for an event they do not serve is refused entry by entry.
    const [notHers] = await syncQueue(t.db, a, {
      deviceId: "device-a",
      entries: [{ ...scanA, ref: "device-a-scan-0005", eventSlug: "solo-singing" }],
    });
    expect(notHers).toMatchObject({ result: "refused", reason: "You are not a volunteer for Solo Singing." });
  });

  it("checks stay ApiErrors for bad input (never a 500)", async () => {
    const organiser = await newOrganiser(t);
    const err = await checkInNow(t.db, organiser, { anweshaId: "ANW-000000", eventSlug: "no-such-event" }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(404);
  });
});
