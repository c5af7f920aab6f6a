// An organiser's substitution of a paid team's member, on a real database (PGlite, or the Postgres server with
// DATABASE_URL): nothing changes until the new member accepts; then the roster, the answers, the passes (online and
// on a door's device, old bundle or new), the viewer's items, the audit and the mails all follow; every refusal
// changes nothing.
import { and, asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answers, auditLog, checkIns, events, outbox, registrations, substitutions, teamMembers } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { checkInNow, syncQueue } from "@/lib/checkin/api";
import { checkInBundle } from "@/lib/checkin/bundle";
import { decideOffline } from "@/lib/checkin/offline";
import { newOrganiser, newVolunteer, paidSolo, paidTeam } from "@/lib/checkin/testing";
import { passForViewer } from "@/lib/passes/pass";
import { issueMemberPassToken } from "@/lib/passes/sign";
import { newUser, prepare } from "@/lib/payments/testing";
import { paymentForViewer } from "@/lib/payments/view";
import { acceptSubstitution, declineSubstitution, proposeSubstitution, substitutionFor } from "./substitutions";
import { createTeam } from "./teams";

let t: TestDatabase;
let organiser: CurrentUser;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
  organiser = await newOrganiser(t);
}, 60_000);
afterAll(async () => {
  await t?.dispose();
});

const rejection = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as { status: number; message: string };
  }
  throw new Error("expected a refusal");
};
const rosterOf = async (teamId: string) =>
  (await t.db.select({ u: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, teamId))).map((m) => m.u).sort();
const registrationOf = async (id: string) => (await t.db.select().from(registrations).where(eq(registrations.id, id)))[0]!;
const eventOf = async (slug: string) => (await t.db.select().from(events).where(eq(events.slug, slug)))[0]!;
const mailsTo = async (email: string) =>
  (await t.db.select({ template: outbox.template }).from(outbox).where(eq(outbox.recipient, email.toLowerCase())))
    .map((m) => m.template)
    .sort();
let n = 0;
const scan = (text: string, at = new Date()) => ({ text, scannedAt: at, ref: `sub-ref-${++n}-${Date.now()}`, by: "Vera Volunteer" });

describe(`substituting a paid team's member on ${testDatabaseKind()}`, () => {
  it("changes nothing until the new member accepts; then the old pass stops admitting online and the new one admits", async () => {
    const team = await paidTeam(t, "quiz-bowl", 3);
    const [out, stays] = team.members as [CurrentUser, CurrentUser];
    const incoming = await newUser(t, "incoming");
    const reg = await registrationOf(team.registrationId);
    const oldToken = (await passForViewer(t.db, team.registrationId, out.id)).token;

    // By Anwesha ID and by email, either case.
    const sub = await proposeSubstitution(t.db, organiser, team.teamId, {
      out: out.anweshaId.toLowerCase(),
      in: incoming.email.toUpperCase(),
    });
    expect(sub).toMatchObject({ status: "pending", outUserId: out.id, inUserId: incoming.id, proposedBy: organiser.id });
    expect(await rosterOf(team.teamId)).toEqual([team.captain.id, out.id, stays.id].sort());
    expect(await mailsTo(incoming.email)).toEqual(["substitution-invitation"]);
    expect(await substitutionFor(t.db, incoming, sub.id)).toMatchObject({
      status: "pending",
      outName: out.name,
      event: { slug: "quiz-bowl" },
    });
    // Only the incoming person sees or answers it.
    await expect(substitutionFor(t.db, out, sub.id)).rejects.toMatchObject({ status: 404 });
    await expect(acceptSubstitution(t.db, out, sub.id, {})).rejects.toMatchObject({ status: 404 });

    await acceptSubstitution(t.db, incoming, sub.id, {});
    expect(await rosterOf(team.teamId)).toEqual([team.captain.id, incoming.id, stays.id].sort());
    expect((await t.db.select().from(substitutions).where(eq(substitutions.id, sub.id)))[0]!.status).toBe("accepted");
    // A second answer is refused.
    await expect(acceptSubstitution(t.db, incoming, sub.id, {})).rejects.toMatchObject({ status: 409 });

    // The audit names the organiser, the member who left and the one who came (whose acceptance made the change).
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.registrationId, team.registrationId)).orderBy(asc(auditLog.id));
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["team.substitution.proposed", organiser.id],
      ["team.substituted", incoming.id],
    ]);
    expect(audit[1]!.details).toMatchObject({ organiserId: organiser.id, out: out.anweshaId, in: incoming.anweshaId });
    // Both are mailed: the old member that their pass is gone, the new one their own pass.
    expect(await mailsTo(out.email)).toContain("substituted-out");
    expect(await mailsTo(incoming.email)).toEqual(["substitution-invitation", "team-paid"]);

    // Passes: the old member has none any more, the new one has their own.
    await expect(passForViewer(t.db, team.registrationId, out.id)).rejects.toMatchObject({ status: 404 });
    const newPass = await passForViewer(t.db, team.registrationId, incoming.id);
    expect(newPass.token).toBe(issueMemberPassToken(reg, incoming.id));
    // The payment page: the new member sees the team's item (not the captain's whole payment); the old one nothing.
    const view = (await paymentForViewer(t.db, team.merchTxnId, incoming))!;
    expect(view.wholePayment).toBe(false);
    expect(view.items.map((i) => i.registrationId)).toEqual([team.registrationId]);
    expect(await paymentForViewer(t.db, team.merchTxnId, out)).toBeNull();

    // At the door, online.
    const volunteer = await newVolunteer(t, "quiz-bowl", organiser);
    const refused = await checkInNow(t.db, volunteer, { token: oldToken, eventSlug: "quiz-bowl" });
    expect(refused).toMatchObject({ status: 422, body: { result: "revoked" } });
    expect((await checkInNow(t.db, volunteer, { anweshaId: out.anweshaId, eventSlug: "quiz-bowl" })).body.result).not.toBe("admitted");
    const admitted = await checkInNow(t.db, volunteer, { token: newPass.token, eventSlug: "quiz-bowl" });
    expect(admitted).toMatchObject({ status: 200, body: { result: "admitted", admitted: [incoming.anweshaId] } });
    const rows = await t.db.select({ u: checkIns.userId }).from(checkIns).where(eq(checkIns.registrationId, team.registrationId));
    expect(rows.map((r) => r.u)).toEqual([incoming.id]);
  });

  it("a member's scan at the door and the acceptance of their substitution at the same moment: one or the other, never both", async () => {
    const volunteer = await newVolunteer(t, "quiz-bowl", organiser);
    const outcomes: string[] = [];
    for (let round = 0; round < 6; round++) {
      const team = await paidTeam(t, "quiz-bowl", 3);
      const out = team.members[0]!;
      const incoming = await newUser(t, "racer");
      const token = (await passForViewer(t.db, team.registrationId, out.id)).token;
      const sub = await proposeSubstitution(t.db, organiser, team.teamId, { out: out.anweshaId, in: incoming.anweshaId });
      const [door, accepted] = await Promise.allSettled([
        checkInNow(t.db, volunteer, { token, eventSlug: "quiz-bowl" }),
        acceptSubstitution(t.db, incoming, sub.id, {}),
      ]);
      const inside = door.status === "fulfilled" && door.value.body.result === "admitted";
      const swapped = accepted.status === "fulfilled";
      // Exactly one wins: the member let in stays on the roster; a member substituted away is not let in.
      expect(inside !== swapped, `round ${round}: admitted ${inside}, substituted ${swapped}`).toBe(true);
      const roster = await rosterOf(team.teamId);
      expect(roster.includes(out.id)).toBe(inside);
      const inRows = await t.db.select({ u: checkIns.userId }).from(checkIns).where(eq(checkIns.registrationId, team.registrationId));
      expect(inRows.every((r) => roster.includes(r.u))).toBe(true);
      outcomes.push(inside ? "admitted" : "substituted");
    }
    expect(outcomes.length).toBe(6);
  });

  it("offline: a device with a bundle from before the substitution is corrected at sync; a new bundle refuses the old pass", async () => {
    const volunteer = await newVolunteer(t, "quiz-bowl", organiser);
    const team = await paidTeam(t, "quiz-bowl", 3);
    const out = team.members[0]!;
    const incoming = await newUser(t, "incoming");
    const reg = await registrationOf(team.registrationId);
    const oldToken = issueMemberPassToken(reg, out.id);
    const newToken = issueMemberPassToken(reg, incoming.id);
    const before = await checkInBundle(t.db, await eventOf("quiz-bowl"));

    const sub = await proposeSubstitution(t.db, organiser, team.teamId, { out: out.anweshaId, in: incoming.anweshaId });
    await acceptSubstitution(t.db, incoming, sub.id, {});

    // The old bundle does not know: the device lets the old member in, but the sync refuses it and records nothing.
    const stale = await decideOffline(before, [], scan(oldToken, new Date(Date.now() - 10_000)));
    expect(stale.outcome.result).toBe("admitted");
    const synced = await syncQueue(t.db, volunteer, {
      deviceId: "phone-stale",
      entries: [{ ref: stale.queued!.ref, eventSlug: "quiz-bowl", token: oldToken, scannedAt: stale.queued!.scannedAt }],
    });
    expect(synced.map((r) => r.result)).toEqual(["revoked"]);
    expect((await t.db.select({ n: count() }).from(checkIns).where(eq(checkIns.registrationId, team.registrationId)))[0]!.n).toBe(0);

    // A bundle taken after it: the old pass is refused on the device, the new member's admits them and syncs.
    const after = await checkInBundle(t.db, await eventOf("quiz-bowl"));
    expect((await decideOffline(after, [], scan(oldToken))).outcome.result).toBe("revoked");
    const fresh = await decideOffline(after, [], scan(newToken, new Date(Date.now() - 5_000)));
    expect(fresh.outcome).toMatchObject({ result: "admitted", admitted: [incoming.anweshaId] });
    const done = await syncQueue(t.db, volunteer, {
      deviceId: "phone-fresh",
      entries: [{ ref: fresh.queued!.ref, eventSlug: "quiz-bowl", token: newToken, scannedAt: fresh.queued!.scannedAt }],
    });
    expect(done.map((r) => r.result)).toEqual(["admitted"]);
    const rows = await t.db.select({ u: checkIns.userId }).from(checkIns).where(eq(checkIns.registrationId, team.registrationId));
    expect(rows.map((r) => r.u)).toEqual([incoming.id]);
  });

  it("the new member answers the event's per-member questions; the old member's answers go with their place", async () => {
    const team = await paidTeam(t, "robo-wars", 3);
    const out = team.members[0]!;
    const incoming = await newUser(t, "incoming");
    // Asked after the team paid (an organiser added it): the old member's answer is on file, the new one must give theirs.
    await t.db
      .update(events)
      .set({
        questions: [{ key: "diet", label: "Dietary need", type: "choice", choices: ["None", "Vegan"], required: true, perMember: true }],
      })
      .where(eq(events.slug, "robo-wars"));
    await t.db
      .insert(answers)
      .values({ registrationId: team.registrationId, userId: out.id, questionKey: "diet", label: "Dietary need", value: "None" });
    const sub = await proposeSubstitution(t.db, organiser, team.teamId, { out: out.email, in: incoming.anweshaId });
    expect((await substitutionFor(t.db, incoming, sub.id)).questions.map((q) => q.key)).toEqual(["diet"]);

    // Without the required answer, or with a bad one: 422 and nothing changes.
    await expect(acceptSubstitution(t.db, incoming, sub.id, {})).rejects.toMatchObject({ status: 422 });
    await expect(acceptSubstitution(t.db, incoming, sub.id, { diet: "Pizza" })).rejects.toMatchObject({ status: 422 });
    expect(await rosterOf(team.teamId)).toContain(out.id);
    expect((await t.db.select().from(substitutions).where(eq(substitutions.id, sub.id)))[0]!.status).toBe("pending");

    await acceptSubstitution(t.db, incoming, sub.id, { diet: "Vegan" });
    const kept = await t.db
      .select({ u: answers.userId, v: answers.value })
      .from(answers)
      .where(and(eq(answers.registrationId, team.registrationId), eq(answers.questionKey, "diet")));
    expect(kept).toEqual([{ u: incoming.id, v: "Vegan" }]);
    await t.db.update(events).set({ questions: [] }).where(eq(events.slug, "robo-wars"));
  });

  it("refuses, changing nothing: unpaid team, registration closed, not on the team, the captain, checked in, already in, a second one", async () => {
    const team = await paidTeam(t, "quiz-bowl", 3);
    const [a, b] = team.members as [CurrentUser, CurrentUser];
    const incoming = await newUser(t, "incoming");
    const propose = (out: string, inn: string, now?: Date) => proposeSubstitution(t.db, organiser, team.teamId, { out, in: inn }, now);

    // A team that has not paid: its captain changes the roster.
    const captain = await newUser(t, "captain");
    const other = await newUser(t, "member");
    const { teamId: unpaid } = await createTeam(t.db, captain, {
      eventSlug: "quiz-bowl",
      name: `Unpaid ${captain.anweshaId}`,
      members: [other.email],
    });
    expect(await rejection(proposeSubstitution(t.db, organiser, unpaid, { out: captain.anweshaId, in: incoming.anweshaId }))).toMatchObject(
      {
        status: 409,
        message: expect.stringMatching(/not paid/),
      },
    );
    // After registration closes.
    const closes = (await eventOf("quiz-bowl")).registrationClosesAt!;
    expect(await rejection(propose(a.anweshaId, incoming.anweshaId, new Date(closes.getTime() + 1)))).toMatchObject({
      status: 409,
      message: expect.stringMatching(/closed/),
    });
    expect(await rejection(propose(incoming.anweshaId, a.anweshaId))).toMatchObject({ status: 422 });
    expect(await rejection(propose("ANW-ZZZZZZ", incoming.anweshaId))).toMatchObject({ status: 422 });
    expect(await rejection(propose(a.anweshaId, "nobody@example.com"))).toMatchObject({ status: 422 });
    expect(await rejection(propose(team.captain.anweshaId, incoming.anweshaId))).toMatchObject({
      status: 409,
      message: expect.stringMatching(/captain cannot be substituted/),
    });
    expect(await rejection(propose(a.anweshaId, b.anweshaId))).toMatchObject({
      status: 409,
      message: expect.stringMatching(/already on team/),
    });
    // Someone in another team for the event.
    const elsewhere = await paidTeam(t, "quiz-bowl", 2);
    expect(await rejection(propose(a.anweshaId, elsewhere.members[0]!.anweshaId))).toMatchObject({
      status: 409,
      message: expect.stringMatching(/already registered/),
    });
    await expect(proposeSubstitution(t.db, organiser, "not-a-uuid", { out: a.anweshaId, in: incoming.anweshaId })).rejects.toMatchObject({
      status: 404,
    });

    // A second pending one for the same member, or of the same person.
    const first = await propose(a.anweshaId, incoming.anweshaId);
    const another = await newUser(t, "another");
    expect(await rejection(propose(a.anweshaId, another.anweshaId))).toMatchObject({
      status: 409,
      message: expect.stringMatching(/already waiting/),
    });
    expect(await rejection(propose(b.anweshaId, incoming.anweshaId))).toMatchObject({ status: 409 });
    // Declined: the member stays, and another may be proposed.
    await declineSubstitution(t.db, incoming, first.id);
    await expect(acceptSubstitution(t.db, incoming, first.id, {})).rejects.toMatchObject({ status: 409 });
    const second = await propose(a.anweshaId, another.anweshaId);

    // Checked in meanwhile: the acceptance is refused, and so is a new proposal.
    const volunteer = await newVolunteer(t, "quiz-bowl", organiser);
    const reg = await registrationOf(team.registrationId);
    expect((await checkInNow(t.db, volunteer, { token: issueMemberPassToken(reg, a.id), eventSlug: "quiz-bowl" })).status).toBe(200);
    expect(await rejection(acceptSubstitution(t.db, another, second.id, {}))).toMatchObject({
      status: 409,
      message: expect.stringMatching(/already been checked in/),
    });
    expect(await rosterOf(team.teamId)).toEqual([team.captain.id, a.id, b.id].sort());

    // A solo registrant can join a team event's team? Not for the same event: a solo pass for another event is no bar.
    const solo = await paidSolo(t);
    await propose(b.anweshaId, solo.user.anweshaId);
  });
});
