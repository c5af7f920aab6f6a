// Teams by consent, against a real database: invitations are the only way in, rosters lock once paid, and no
// answer reveals an email or name the captain did not type.
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invitations, outbox, registrations, teamMembers, teams, users } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { newUser, payFor, prepare, rejection, testDeps } from "@/lib/payments/testing";
import { acceptInvitation, declineInvitation, invitationsOf } from "./invitations";
import { disbandTeam, inviteMore, leaveTeam, removeMember, withdrawInvitation } from "./roster";
import { createTeam } from "./teams";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
});
afterAll(async () => {
  await t?.dispose();
});

const membersOf = async (teamId: string) =>
  (await t.db.select({ userId: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, teamId))).map((m) => m.userId).sort();
const invitationFor = async (user: CurrentUser, teamId: string) => (await invitationsOf(t.db, user)).find((i) => i.teamId === teamId)!;
let n = 0;
const teamName = () => `Team ${++n} ${Date.now()}`;

describe(`teams by consent on ${testDatabaseKind()}`, () => {
  it("naming people invites them; nobody becomes a member without accepting", async () => {
    const [captain, a, b] = [await newUser(t, "cap"), await newUser(t, "a"), await newUser(t, "b")];
    const made = await createTeam(t.db, captain, {
      eventSlug: "robo-wars",
      name: teamName(),
      members: [a.email, b.anweshaId.toLowerCase()],
    });
    expect(made.invited).toEqual([a.email, b.anweshaId.toLowerCase()]);
    expect(await membersOf(made.teamId)).toEqual([captain.id]);
    const [reg] = await t.db.select().from(registrations).where(eq(registrations.teamId, made.teamId));
    expect(reg).toMatchObject({ status: "awaiting_payment", feePaise: 120_000, id: made.registrationId });

    const forA = await invitationsOf(t.db, a);
    expect(forA).toEqual([
      {
        id: expect.any(String),
        teamId: made.teamId,
        teamName: expect.stringMatching(/^Team /),
        event: { slug: "robo-wars", name: "Robo Wars" },
        captainName: captain.name,
        open: true,
        closedReason: null,
      },
    ]);
    await acceptInvitation(t.db, a, forA[0]!.id);
    await declineInvitation(t.db, b, (await invitationFor(b, made.teamId)).id);
    expect(await membersOf(made.teamId)).toEqual([captain.id, a.id].sort());
    const states = await t.db.select({ status: invitations.status }).from(invitations).where(eq(invitations.teamId, made.teamId));
    expect(states.map((s) => s.status).sort()).toEqual(["accepted", "declined"]);
    expect(await invitationsOf(t.db, b)).toEqual([]);
    // Each invitation queued one mail, to the invitee's own address, with a link to the event's page.
    const inv = await t.db.select({ id: invitations.id }).from(invitations).where(eq(invitations.teamId, made.teamId));
    const mails = await t.db
      .select()
      .from(outbox)
      .where(
        inArray(
          outbox.key,
          inv.map((i) => `invitation:${i.id}`),
        ),
      );
    expect(mails.map((m) => [m.template, m.recipient]).sort()).toEqual(
      [
        ["team-invitation", a.email],
        ["team-invitation", b.email],
      ].sort(),
    );
  });

  it("an answered, withdrawn or someone else's invitation cannot be accepted", async () => {
    const [captain, a, stranger] = [await newUser(t, "cap"), await newUser(t, "a"), await newUser(t, "s")];
    const { teamId } = await createTeam(t.db, captain, { eventSlug: "quiz-bowl", name: teamName(), members: [a.email] });
    const inv = await invitationFor(a, teamId);
    const notYours = await rejection(acceptInvitation(t.db, stranger, inv.id));
    expect([notYours.status, notYours.message]).toEqual([404, "No such invitation."]);
    expect((await rejection(acceptInvitation(t.db, a, "not-a-uuid"))).status).toBe(404);
    await declineInvitation(t.db, a, inv.id);
    const again = await rejection(acceptInvitation(t.db, a, inv.id));
    expect([again.status, again.message]).toEqual([409, "This invitation was already declined."]);

    await inviteMore(t.db, captain, teamId, [a.anweshaId]);
    const second = await invitationFor(a, teamId);
    await withdrawInvitation(t.db, captain, teamId, second.id);
    const withdrawn = await rejection(acceptInvitation(t.db, a, second.id));
    expect([withdrawn.status, withdrawn.message]).toEqual([409, "This invitation was already withdrawn."]);
    expect(await membersOf(teamId)).toEqual([captain.id]);
  });

  it("a pending invitation blocks nobody; a member of one team cannot join another", async () => {
    const [c1, c2, x] = [await newUser(t, "c1"), await newUser(t, "c2"), await newUser(t, "x")];
    const one = await createTeam(t.db, c1, { eventSlug: "quiz-bowl", name: teamName(), members: [x.email] });
    const two = await createTeam(t.db, c2, { eventSlug: "quiz-bowl", name: teamName(), members: [x.email] });
    // x may still make a team of their own while invited elsewhere
    const own = await createTeam(t.db, x, { eventSlug: "quiz-bowl", name: teamName(), members: [] });
    const busy = await rejection(acceptInvitation(t.db, x, (await invitationFor(x, one.teamId)).id));
    expect(busy.status).toBe(409);
    expect(busy.message).toMatch(/already in a team for Quiz Bowl/);
    await disbandTeam(t.db, x, own.teamId);
    await acceptInvitation(t.db, x, (await invitationFor(x, one.teamId)).id);
    const taken = await rejection(acceptInvitation(t.db, x, (await invitationFor(x, two.teamId)).id));
    expect(taken.status).toBe(409);
    expect(await membersOf(two.teamId)).toEqual([c2.id]);
  });

  it("members leave and captains remove before payment; the captain cannot leave", async () => {
    const [captain, a, b] = [await newUser(t, "cap"), await newUser(t, "a"), await newUser(t, "b")];
    const { teamId } = await createTeam(t.db, captain, { eventSlug: "robo-wars", name: teamName(), members: [a.email, b.email] });
    await acceptInvitation(t.db, a, (await invitationFor(a, teamId)).id);
    await acceptInvitation(t.db, b, (await invitationFor(b, teamId)).id);
    await leaveTeam(t.db, a, teamId);
    expect((await rejection(leaveTeam(t.db, captain, teamId))).status).toBe(409);
    expect((await rejection(removeMember(t.db, b, teamId, captain.id))).status).toBe(403);
    await removeMember(t.db, captain, teamId, b.id);
    expect(await membersOf(teamId)).toEqual([captain.id]);
    // a stranger learns nothing: "not found", not "forbidden"
    expect((await rejection(leaveTeam(t.db, a, teamId))).status).toBe(404);
  });

  it("disbanding frees members and the name, closes invitations and cancels the registration", async () => {
    const [captain, a, b] = [await newUser(t, "cap"), await newUser(t, "a"), await newUser(t, "b")];
    const name = teamName();
    const { teamId, registrationId } = await createTeam(t.db, captain, { eventSlug: "quiz-bowl", name, members: [a.email, b.email] });
    await acceptInvitation(t.db, a, (await invitationFor(a, teamId)).id);
    await disbandTeam(t.db, captain, teamId);
    expect(await membersOf(teamId)).toEqual([]);
    // b's invitation ended with the team, and says so
    expect(await invitationsOf(t.db, b)).toMatchObject([{ teamId, open: false, closedReason: "The team was disbanded." }]);
    const [reg] = await t.db.select().from(registrations).where(eq(registrations.id, registrationId));
    expect(reg!.status).toBe("cancelled");
    const [team] = await t.db.select().from(teams).where(eq(teams.id, teamId));
    expect(team!.disbandedAt).toBeInstanceOf(Date);
    // the name and the people are free again
    const again = await createTeam(t.db, a, { eventSlug: "quiz-bowl", name, members: [] });
    expect(await membersOf(again.teamId)).toEqual([a.id]);
  });

  it("once the team has paid its roster is locked", async () => {
    const [captain, a, late] = [await newUser(t, "cap"), await newUser(t, "a"), await newUser(t, "late")];
    const { teamId } = await createTeam(t.db, captain, { eventSlug: "quiz-bowl", name: teamName(), members: [a.email, late.email] });
    await acceptInvitation(t.db, a, (await invitationFor(a, teamId)).id);
    const { outcome } = await payFor(testDeps(t), captain, { eventSlug: "quiz-bowl", teamId });
    expect(outcome).toMatchObject({ kind: "settled", status: "success", changed: true });
    const more = await newUser(t, "more");
    const lateInvitation = await invitationFor(late, teamId);
    for (const attempt of [
      () => leaveTeam(t.db, a, teamId),
      () => removeMember(t.db, captain, teamId, a.id),
      () => inviteMore(t.db, captain, teamId, [more.email]),
      () => disbandTeam(t.db, captain, teamId),
    ]) {
      const err = await rejection(attempt());
      expect(err.status).toBe(409);
      expect(err.message).toMatch(/^This team has paid, so its roster is locked\. If a member cannot come, ask an organiser to substitute/);
    }
    // The invitation still pending when the team paid is closed, and says why (lib/teams/roster-lock.test.ts).
    const late409 = await rejection(acceptInvitation(t.db, late, lateInvitation.id));
    expect([late409.status, late409.message]).toEqual([409, "The team has already paid. This invitation can no longer be accepted."]);
    expect(await membersOf(teamId)).toEqual([captain.id, a.id].sort());
  });

  it("bad invitations: the same person twice, too many people, unknown IDs — described only by what was typed", async () => {
    const [captain, a] = [await newUser(t, "cap"), await newUser(t, "a")];
    const { teamId } = await createTeam(t.db, captain, { eventSlug: "quiz-bowl", name: teamName(), members: [a.anweshaId] });
    // The same ID typed again while it is pending: the captain learns only what they typed themselves.
    const twice = await rejection(inviteMore(t.db, captain, teamId, [a.anweshaId.toLowerCase()]));
    expect([twice.status, twice.message]).toEqual([409, "One of these people has already been invited and has not answered yet."]);
    // a's email after a's Anwesha ID: an invitation to that address, answered as for anyone's (issue 23: the
    // answer must not tell the captain that the two are one person).
    expect((await inviteMore(t.db, captain, teamId, [a.email])).invited).toEqual([a.email]);
    // quiz-bowl allows 3: the captain and two pending
    const tooMany = await rejection(inviteMore(t.db, captain, teamId, ["one@example.com"]));
    expect(tooMany.status).toBe(422);
    expect(tooMany.message).toBe("Quiz Bowl allows at most 3 people; your team has 1 members and 2 pending invitations.");
    const big = await rejection(
      createTeam(t.db, captain, { eventSlug: "robo-wars", name: teamName(), members: ["1@x.in", "2@x.in", "3@x.in", "4@x.in", "5@x.in"] }),
    );
    expect(big.status).toBe(422);
    const unknown = await rejection(inviteMore(t.db, captain, teamId, ["ANW-NOPE00"]));
    expect([unknown.status, unknown.message]).toEqual([
      422,
      "No account has the Anwesha ID ANW-NOPE00. Check it, or type their email to invite them.",
    ]);
    // typed by Anwesha ID: nothing in any answer names their email or name
    const busy = await createTeam(t.db, a, { eventSlug: "robo-wars", name: teamName(), members: [] });
    expect(busy.invited).toEqual([]);
    const other = await createTeam(t.db, captain, { eventSlug: "robo-wars", name: teamName(), members: [a.anweshaId] });
    expect(JSON.stringify(other)).not.toContain(a.email);
    expect(JSON.stringify(other)).not.toContain(a.name);
    const rows = await t.db.select().from(invitations).where(eq(invitations.teamId, other.teamId));
    expect(rows.map((r) => r.typed)).toEqual([a.anweshaId]);
  });

  it("an email with no account is invited by address and seen once they sign up with it and confirm it", async () => {
    const captain = await newUser(t, "cap");
    const email = `newcomer-${Date.now()}@example.com`;
    const { teamId, invited } = await createTeam(t.db, captain, {
      eventSlug: "quiz-bowl",
      name: teamName(),
      members: [email.toUpperCase()],
    });
    expect(invited).toEqual([email.toUpperCase()]);
    const [row] = await t.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.teamId, teamId)));
    expect(row).toMatchObject({ inviteeId: null, inviteeEmail: email, status: "pending" });
    const { createAccount } = await import("@/lib/users/accounts");
    const u = await createAccount(t.db, {
      name: "New Comer",
      email,
      phone: "9123456780",
      college: "C",
      password: "a-long-enough-password",
    });
    const me = { id: u.id, anweshaId: u.anweshaId, name: u.name, email: u.email, phone: u.phone, college: u.college, role: u.role };
    // Not before the address is confirmed (lib/users/email-verification.ts): whoever signed up first gets nothing.
    expect(await invitationsOf(t.db, me)).toEqual([]);
    await t.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, u.id));
    const [inv] = await invitationsOf(t.db, me);
    expect(inv?.teamId).toBe(teamId);
    await acceptInvitation(t.db, me, inv!.id);
    expect(await membersOf(teamId)).toEqual([captain.id, me.id].sort());
  });

  it("what is not an email or an Anwesha ID says so, and the captain naming themselves is refused (issue 24, item 12)", async () => {
    const captain = await newUser(t, "selfcap");
    const made = await createTeam(t.db, captain, { eventSlug: "robo-wars", name: teamName(), members: [] });
    const junk = await rejection(inviteMore(t.db, captain, made.teamId, ["not-an-email"]));
    expect([junk.status, junk.message]).toEqual([
      422,
      "“not-an-email” is not an email address or an Anwesha ID. Type an email like name@example.com, or an Anwesha ID like ANW-7K3Q9P.",
    ]);
    expect(junk.message).not.toContain("No account has");
    const halfEmail = await rejection(inviteMore(t.db, captain, made.teamId, ["riya@", "bob"]));
    expect(halfEmail.message).toMatch(/^“bob”, “riya@” are not an email address or an Anwesha ID\./);
    const you = "That is you: as the captain you are already in the team. Name the people you are inviting.";
    for (const me of [captain.email.toUpperCase(), captain.anweshaId.toLowerCase(), captain.anweshaId.replace("-", "")]) {
      const self = await rejection(inviteMore(t.db, captain, made.teamId, [me]));
      expect([self.status, self.message], me).toEqual([422, you]);
    }
    const other = await newUser(t, "selfcap2");
    const selfCreate = await rejection(
      createTeam(t.db, other, { eventSlug: "quiz-bowl", name: teamName(), members: [captain.email, other.email] }),
    );
    expect([selfCreate.status, selfCreate.message]).toEqual([422, you]);
    expect(await t.db.select().from(invitations).where(eq(invitations.teamId, made.teamId))).toEqual([]);
  });
});
