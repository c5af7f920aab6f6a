// The team's roster against the start of its payment, on a real database: a member leaving while the captain
// starts paying never leaves a team paying below its event's minimum.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paymentItems, teamMembers } from "@/db/schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { startPayment } from "@/lib/payments/start";
import { newUser, prepare, testDeps } from "@/lib/payments/testing";
import { acceptInvitation, invitationsOf } from "./invitations";
import { leaveTeam } from "./roster";
import { createTeam } from "./teams";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
}, 60_000);
afterAll(async () => {
  await t?.dispose();
});

const membersOf = async (teamId: string) =>
  (await t.db.select({ userId: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, teamId))).length;
const invitationFor = async (user: CurrentUser, teamId: string) => (await invitationsOf(t.db, user)).find((i) => i.teamId === teamId)!;
let n = 0;
const teamName = () => `Lock ${++n} ${Date.now()}`;

/** A team of the captain and `accepted` members who said yes, and `pending` people still invited. */
async function team(eventSlug: string, accepted: number, pending = 0) {
  const captain = await newUser(t, "cap");
  const members = await Promise.all(Array.from({ length: accepted }, () => newUser(t, "mate")));
  const invited = await Promise.all(Array.from({ length: pending }, () => newUser(t, "late")));
  const { teamId, registrationId } = await createTeam(t.db, captain, {
    eventSlug,
    name: teamName(),
    members: [...members, ...invited].map((m) => m.email),
  });
  for (const m of members) await acceptInvitation(t.db, m, (await invitationFor(m, teamId)).id);
  return { captain, members, invited, teamId, registrationId };
}

describe(`the roster and the start of its payment on ${testDatabaseKind()}`, () => {
  it("a member leaving while the captain starts paying: never both, never a team held below its minimum", async () => {
    const deps = testDeps(t);
    const rounds: { both: boolean; heldBelowMinimum: boolean }[] = [];
    for (let round = 0; round < 12; round++) {
      // Both kinds of start: quiz-bowl has no capacity (no seat to count), robo-wars counts seats under the event's lock.
      const eventSlug = round % 2 ? "robo-wars" : "quiz-bowl";
      const { captain, members, teamId, registrationId } = await team(eventSlug, 1);
      // The leave comes a little later each round, so it lands at every step of the start: before it, between its
      // check of the roster and its insert, and after it (on PGlite, whose statements finish within a few
      // microtask turns, a stagger in turns rather than milliseconds is what interleaves them).
      const leave = async () => {
        for (let tick = 0; tick < round * 40; tick++) await Promise.resolve();
        return leaveTeam(t.db, members[0]!, teamId);
      };
      const start = () => startPayment(deps, captain, { eventSlug, teamId });
      const [left, started] = await Promise.allSettled([leave(), start()]);
      for (const r of [left, started]) if (r.status === "rejected") expect(r.reason, `round ${round}`).toMatchObject({ status: 409 });
      const size = await membersOf(teamId);
      const inFlight = await t.db
        .select({ id: paymentItems.id })
        .from(paymentItems)
        .where(and(eq(paymentItems.registrationId, registrationId), eq(paymentItems.status, "pending")));
      expect(inFlight.length, `round ${round}`).toBe(started.status === "fulfilled" ? 1 : 0);
      // quiz-bowl and robo-wars both need at least 2: a payment in flight for a team of 1 is the defect.
      rounds.push({
        both: left.status === "fulfilled" && started.status === "fulfilled",
        heldBelowMinimum: inFlight.length > 0 && size < 2,
      });
    }
    expect(rounds.filter((r) => r.both || r.heldBelowMinimum)).toEqual([]);
  });
});
