// Every member of a paid team has their own pass, which admits that member only; the team's pass (the captain's team
// view, and every team pass already mailed) still lets in the members not yet in. On a real database (PGlite, or the
// Postgres server with DATABASE_URL), online, offline on a device and synced, with who may see which pass and the
// mails that carry them.
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkIns, events, registrations, teamMembers } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import type { ReceiptData, TeamPaidData } from "@/lib/mail/templates/types";
import { passesOfPayment, passesOfRegistrations, passForViewer } from "@/lib/passes/pass";
import { issueMemberPassToken, issuePassToken } from "@/lib/passes/sign";
import { parseToken } from "@/lib/passes/token";
import { paymentMailData } from "@/lib/payments/mail";
import { newUser, prepare } from "@/lib/payments/testing";
import { paymentForViewer } from "@/lib/payments/view";
import { checkInNow, syncQueue } from "./api";
import { checkInBundle } from "./bundle";
import { decideOffline, type QueuedScan } from "./offline";
import { newOrganiser, newVolunteer, paidSolo, paidTeam } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
}, 60_000);
afterAll(async () => {
  await t?.dispose();
});

const registrationOf = async (id: string) => (await t.db.select().from(registrations).where(eq(registrations.id, id)))[0]!;
const eventOf = async (slug: string) => (await t.db.select().from(events).where(eq(events.slug, slug)))[0]!;
const checkedIn = async (registrationId: string) =>
  (await t.db.select({ userId: checkIns.userId }).from(checkIns).where(eq(checkIns.registrationId, registrationId)))
    .map((c) => c.userId)
    .sort();
const checkInCount = async (registrationId: string) =>
  (await t.db.select({ n: count() }).from(checkIns).where(eq(checkIns.registrationId, registrationId)))[0]!.n;
const sorted = (xs: string[]) => [...xs].sort();
let n = 0;
const scan = (text: string, at = new Date(), by = "Vera Volunteer") => ({
  text,
  scannedAt: at,
  ref: `member-ref-${++n}-${Date.now()}`,
  by,
});
const entry = (q: QueuedScan) => ({ ref: q.ref, eventSlug: q.eventSlug, token: q.token, scannedAt: q.scannedAt });

describe(`per-member passes on ${testDatabaseKind()}`, () => {
  it("each member sees their own pass, never another's; the captain also gets the team view; the receipt page agrees", async () => {
    const team = await paidTeam(t, "quiz-bowl", 3);
    const [a, b] = team.members as [typeof team.captain, typeof team.captain];
    const reg = await registrationOf(team.registrationId);

    const passOf = async (who: typeof a) => passForViewer(t.db, team.registrationId, who.id);
    const [forA, forB, forCaptain] = [await passOf(a), await passOf(b), await passOf(team.captain)];
    for (const [who, pass] of [
      [a, forA],
      [b, forB],
      [team.captain, forCaptain],
    ] as const) {
      expect(pass.holder).toEqual({ kind: "member", name: who.name, anweshaId: who.anweshaId, team: `Team ${team.captain.anweshaId}` });
      expect(parseToken(pass.token)!.claims).toMatchObject({
        registrationId: team.registrationId,
        holder: { kind: "member", id: who.id },
      });
      // The same member always gets the same text: the page, the mail and the PDF show one code.
      expect(pass.token).toBe(issueMemberPassToken(reg, who.id));
    }
    expect(new Set([forA.token, forB.token, forCaptain.token]).size).toBe(3);
    // Only the captain gets the team view, and it is the roster alone: no team pass that would let in the absent.
    expect(forA.teamView).toBeNull();
    expect(forB.teamView).toBeNull();
    expect(forCaptain.teamView).toEqual({ name: `Team ${team.captain.anweshaId}`, roster: expect.any(Array) });
    expect(JSON.stringify(forCaptain)).not.toContain(issuePassToken(reg));
    expect(sorted(forCaptain.teamView!.roster.map((m) => m.anweshaId))).toEqual(sorted([team.captain.anweshaId, a.anweshaId, b.anweshaId]));

    // The receipt page's passes for a teammate: their own pass alone, nothing of the captain's or the other member's.
    const viewA = (await paymentForViewer(t.db, team.merchTxnId, a))!;
    const onPage = await passesOfPayment(t.db, viewA, a);
    expect(onPage.map((p) => p.token)).toEqual([forA.token]);
    const everything = JSON.stringify(onPage);
    for (const other of [forB.token, forCaptain.token, issuePassToken(reg)]) expect(everything).not.toContain(other);

    // A stranger gets none, and an organiser who is not on the team sees the team's pass (the team view) only.
    const stranger = await newUser(t);
    await expect(passForViewer(t.db, team.registrationId, stranger.id)).rejects.toMatchObject({ status: 404 });
    const organiser = await newOrganiser(t);
    const [asOrganiser] = await passesOfRegistrations(t.db, [team.registrationId], organiser);
    expect(asOrganiser).toMatchObject({ holder: { kind: "team" }, token: issuePassToken(reg), teamView: null });
  });

  it("online: a member's pass admits that member only, twice is once, and the team pass then lets in only the others", async () => {
    const organiser = await newOrganiser(t);
    const volunteer = await newVolunteer(t, "quiz-bowl", organiser);
    const team = await paidTeam(t, "quiz-bowl", 3);
    const [a, b] = team.members as [typeof team.captain, typeof team.captain];
    const reg = await registrationOf(team.registrationId);
    const tokenA = (await passForViewer(t.db, team.registrationId, a.id)).token;

    // The same member's pass scanned at four doors at once: one admission, one check-in row.
    const scans = await Promise.all(
      [0, 1, 2, 3].map((i) => checkInNow(t.db, volunteer, { token: tokenA, eventSlug: "quiz-bowl", deviceId: `door-${i}` })),
    );
    expect(scans.map((s) => s.status).sort()).toEqual([200, 409, 409, 409]);
    const first = scans.find((s) => s.status === 200)!;
    expect(first.body).toMatchObject({
      result: "admitted",
      reason: `Admitted: ${a.name}`,
      admitted: [a.anweshaId],
      person: { name: a.name, anweshaId: a.anweshaId },
      holder: { kind: "team" },
    });
    expect(await checkedIn(team.registrationId)).toEqual([a.id]);
    // By their Anwesha ID too: already in.
    expect((await checkInNow(t.db, volunteer, { anweshaId: a.anweshaId, eventSlug: "quiz-bowl" })).body).toMatchObject({
      result: "already_checked_in",
      by: volunteer.name,
    });

    // The team's pass (an existing one, or the captain's team view) admits the members not yet in, and not A again.
    const rest = await checkInNow(t.db, volunteer, { token: issuePassToken(reg), eventSlug: "quiz-bowl" });
    expect(rest.status).toBe(200);
    expect(sorted(rest.body.admitted)).toEqual(sorted([team.captain.anweshaId, b.anweshaId]));
    expect(rest.body.person).toBeNull();
    expect(await checkInCount(team.registrationId)).toBe(3);
    // B's own pass afterwards: already in, by the team pass.
    const tokenB = (await passForViewer(t.db, team.registrationId, b.id)).token;
    expect(await checkInNow(t.db, volunteer, { token: tokenB, eventSlug: "quiz-bowl" })).toMatchObject({
      status: 409,
      body: { result: "already_checked_in", person: { anweshaId: b.anweshaId } },
    });
    expect(await checkInCount(team.registrationId)).toBe(3);
  });

  it("a member's pass is forged if its registration is not a team's, and stops working when its member leaves the roster", async () => {
    const organiser = await newOrganiser(t);
    const team = await paidTeam(t, "quiz-bowl", 3);
    const gone = team.members[1]!;
    const reg = await registrationOf(team.registrationId);
    const token = issueMemberPassToken(reg, gone.id);
    // Signed by us, but a member's pass of a solo registration: no such pass was ever issued.
    const solo = await paidSolo(t);
    const soloReg = await registrationOf(solo.registrationId);
    const odd = issueMemberPassToken({ ...soloReg, teamId: team.teamId }, solo.user.id);
    expect((await checkInNow(t.db, organiser, { token: odd, eventSlug: "code-sprint" })).body.result).toBe("forged");
    expect(await checkInCount(solo.registrationId)).toBe(0);
    // Taken off the roster (as an organiser's substitution will do): their pass goes with their place, online and offline.
    await t.db.delete(teamMembers).where(and(eq(teamMembers.teamId, team.teamId), eq(teamMembers.userId, gone.id)));
    const online = await checkInNow(t.db, organiser, { token, eventSlug: "quiz-bowl" });
    expect(online).toMatchObject({ status: 422, body: { result: "revoked", person: { anweshaId: gone.anweshaId } } });
    expect(online.body.reason).toMatch(/no longer on team/);
    const bundle = await checkInBundle(t.db, await eventOf("quiz-bowl"));
    expect((await decideOffline(bundle, [], scan(token))).outcome).toMatchObject({ result: "revoked" });
    expect(await checkInCount(team.registrationId)).toBe(0);
    await expect(passForViewer(t.db, team.registrationId, gone.id)).rejects.toMatchObject({ status: 404 });
  });

  it("offline: member passes admit one member each, sync as that member's check-in, and the team pass then admits the rest", async () => {
    const organiser = await newOrganiser(t);
    const volunteer = await newVolunteer(t, "robo-wars", organiser);
    const team = await paidTeam(t, "robo-wars", 3);
    const [a, b] = team.members as [typeof team.captain, typeof team.captain];
    const reg = await registrationOf(team.registrationId);
    const bundle = await checkInBundle(t.db, await eventOf("robo-wars"));
    const queue: QueuedScan[] = [];
    const tokenA = issueMemberPassToken(reg, a.id);
    const tokenB = issueMemberPassToken(reg, b.id);

    const onA = await decideOffline(bundle, queue, scan(tokenA, new Date(Date.now() - 30_000)));
    expect(onA.outcome).toMatchObject({
      result: "admitted",
      reason: `Admitted: ${a.name}`,
      admitted: [a.anweshaId],
      person: { name: a.name, anweshaId: a.anweshaId },
      holder: { kind: "team" },
    });
    expect(onA.queued).toMatchObject({ token: tokenA, registrationId: team.registrationId, userIds: [a.id] });
    queue.push(onA.queued!);
    // A again on this device: already in; B's own pass is B alone.
    expect((await decideOffline(bundle, queue, scan(tokenA))).outcome.result).toBe("already_checked_in");
    const onB = await decideOffline(bundle, queue, scan(tokenB, new Date(Date.now() - 20_000)));
    expect(onB.queued).toMatchObject({ userIds: [b.id] });
    expect(
      onB.outcome.members
        .filter((m) => m.checkedIn)
        .map((m) => m.anweshaId)
        .sort(),
    ).toEqual(sorted([a.anweshaId, b.anweshaId]));
    queue.push(onB.queued!);
    // The team pass on the same device admits only the captain, the one member not yet in.
    const onTeam = await decideOffline(bundle, queue, scan(issuePassToken(reg), new Date(Date.now() - 10_000)));
    expect(onTeam.outcome).toMatchObject({ result: "admitted", admitted: [team.captain.anweshaId], person: null });
    expect(onTeam.queued!.userIds).toEqual([team.captain.id]);
    queue.push(onTeam.queued!);

    // Synced: each member's pass is that member's check-in, the team pass the captain's; sent again, nothing doubles.
    const results = await syncQueue(t.db, volunteer, { deviceId: "phone-m", entries: queue.map(entry) });
    expect(results.map((r) => [r.result, "admitted" in r ? r.admitted : null])).toEqual([
      ["admitted", [a.anweshaId]],
      ["admitted", [b.anweshaId]],
      ["admitted", [team.captain.anweshaId]],
    ]);
    const rows = await t.db.select().from(checkIns).where(eq(checkIns.registrationId, team.registrationId));
    expect(rows.map((r) => [r.userId, r.clientRef]).sort()).toEqual(
      [
        [a.id, onA.queued!.ref],
        [b.id, onB.queued!.ref],
        [team.captain.id, onTeam.queued!.ref],
      ].sort(),
    );
    await syncQueue(t.db, volunteer, { deviceId: "phone-m", entries: queue.map(entry) });
    expect(await checkInCount(team.registrationId)).toBe(3);
  });

  it("offline, paid after the device synced: a member's pass still admits one member, and a teammate's pass is not 'already in'", async () => {
    const organiser = await newOrganiser(t);
    const volunteer = await newVolunteer(t, "quiz-bowl", organiser);
    const bundle = await checkInBundle(t.db, await eventOf("quiz-bowl"));
    const team = await paidTeam(t, "quiz-bowl", 3);
    const [a, b] = team.members as [typeof team.captain, typeof team.captain];
    const reg = await registrationOf(team.registrationId);
    const onA = await decideOffline(bundle, [], scan(issueMemberPassToken(reg, a.id)));
    expect(onA.outcome.result).toBe("admitted");
    expect(onA.queued!.userIds).toEqual([a.id]);
    const onB = await decideOffline(bundle, [onA.queued!], scan(issueMemberPassToken(reg, b.id)));
    expect(onB.outcome.result).toBe("admitted");
    expect((await decideOffline(bundle, [onA.queued!, onB.queued!], scan(issueMemberPassToken(reg, a.id)))).outcome.result).toBe(
      "already_checked_in",
    );
    await syncQueue(t.db, volunteer, { deviceId: "phone-late", entries: [onA.queued!, onB.queued!].map(entry) });
    expect(await checkedIn(team.registrationId)).toEqual(sorted([a.id, b.id]));
  });

  it("the mails give each member their own pass: the captain's receipt theirs (no teammate's), each member's 'team confirmed' theirs", async () => {
    const team = await paidTeam(t, "quiz-bowl", 3);
    const [a, b] = team.members as [typeof team.captain, typeof team.captain];
    const reg = await registrationOf(team.registrationId);
    const app = "http://localhost:3000";
    const receipt = (await paymentMailData(t.db, app, "receipt", `payment:${team.merchTxnId}`)) as ReceiptData;
    expect(receipt.passes.map((p) => p.token)).toEqual([issueMemberPassToken(reg, team.captain.id)]);
    expect(receipt.passes[0]!.holder).toBe(`${team.captain.name} (${team.captain.anweshaId}), team Team ${team.captain.anweshaId}`);
    for (const member of [a, b]) {
      const mail = (await paymentMailData(t.db, app, "team-paid", `team-paid:${team.registrationId}:${member.id}`)) as TeamPaidData;
      expect(mail.pass.token).toBe(issueMemberPassToken(reg, member.id));
      expect(mail.pass.holder).toContain(member.anweshaId);
      // A teammate asking for the receipt again gets their own pass too.
      const again = (await paymentMailData(t.db, app, "receipt", `receipt-for:${team.merchTxnId}:${member.id}`)) as ReceiptData;
      expect(again.passes.map((p) => p.token)).toEqual([issueMemberPassToken(reg, member.id)]);
    }
  });
});
