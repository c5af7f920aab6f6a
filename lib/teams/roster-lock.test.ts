// The team's roster against the start of its payment, on a real database: a member leaving while the captain
// starts paying never leaves a team paying below its event's minimum, and a team that has paid or disbanded ends
// its open invitations, says why, and refuses them (the lib and the real route handlers).
import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});
// next-auth cannot load under Vitest's resolution; bearer tokens never ask it (lib/auth/require-user).
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

import { POST as acceptRoute } from "@/app/api/invitations/[id]/accept/route";
import { POST as declineRoute } from "@/app/api/invitations/[id]/decline/route";
import { GET as myInvitationsRoute } from "@/app/api/me/invitations/route";
import { paymentItems, registrations, teamMembers } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { startPayment } from "@/lib/payments/start";
import { newUser, payFor, testDeps } from "@/lib/payments/testing";
import { APP, params, routeTestDatabase } from "@/lib/server/route-testing";
import { acceptInvitation, invitationsOf } from "./invitations";
import { disbandTeam, leaveTeam } from "./roster";
import { createTeam } from "./teams";

const { t, bearer } = routeTestDatabase();

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

  it("once the team has paid, its open invitations are closed, listed with the reason, and refused with a 409", async () => {
    const { captain, invited, teamId } = await team("quiz-bowl", 1, 1);
    const late = invited[0]!;
    const before = await invitationFor(late, teamId);
    expect(before).toMatchObject({ open: true, closedReason: null });
    await payFor(testDeps(t), captain, { eventSlug: "quiz-bowl", teamId });

    expect(await invitationFor(late, teamId)).toMatchObject({ id: before.id, open: false, closedReason: "The team has already paid." });
    const listed = await myInvitationsRoute(new Request(`${APP}/api/me/invitations`, { headers: await bearer(late) }));
    expect(listed.status).toBe(200);
    const { invitations } = await listed.json();
    expect(invitations).toEqual([
      {
        id: before.id,
        teamId,
        teamName: before.teamName,
        event: { slug: "quiz-bowl", name: "Quiz Bowl" },
        captainName: captain.name,
        open: false,
        closedReason: "The team has already paid.",
      },
    ]);

    const accepted = await acceptRoute(
      new Request(`${APP}/api/invitations/${before.id}/accept`, { method: "POST", headers: await bearer(late) }),
      params({ id: before.id }),
    );
    expect(accepted.status).toBe(409);
    expect((await accepted.json()).error.message).toBe("The team has already paid. This invitation can no longer be accepted.");
    const declined = await declineRoute(
      new Request(`${APP}/api/invitations/${before.id}/decline`, { method: "POST", headers: await bearer(late) }),
      params({ id: before.id }),
    );
    expect(declined.status).toBe(409);
    expect(await membersOf(teamId)).toBe(2);
  });

  it("once the team is disbanded, its open invitations are closed, listed with the reason, and refused with a 409", async () => {
    const { captain, invited, teamId, registrationId } = await team("quiz-bowl", 1, 1);
    const late = invited[0]!;
    const { id } = await invitationFor(late, teamId);
    await disbandTeam(t.db, captain, teamId);
    const [reg] = await t.db.select({ status: registrations.status }).from(registrations).where(eq(registrations.id, registrationId));
    expect(reg!.status).toBe("cancelled");

    expect(await invitationFor(late, teamId)).toMatchObject({ id, open: false, closedReason: "The team was disbanded." });
    const listed = await myInvitationsRoute(new Request(`${APP}/api/me/invitations`, { headers: await bearer(late) }));
    const { invitations } = await listed.json();
    expect(invitations).toMatchObject([{ id, teamId, open: false, closedReason: "The team was disbanded." }]);

    const accepted = await acceptRoute(
      new Request(`${APP}/api/invitations/${id}/accept`, { method: "POST", headers: await bearer(late) }),
      params({ id }),
    );
    expect(accepted.status).toBe(409);
    expect((await accepted.json()).error.message).toBe("The team was disbanded. This invitation can no longer be accepted.");
    expect(await membersOf(teamId)).toBe(0);
  });
});
