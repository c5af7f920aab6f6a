// The substitution API through its real route handlers (bearer tokens) on the test's database: an organiser
// proposes, the new member accepts or declines; who may call what, and bad input answered with a 4xx that changes
// nothing.
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});
// next-auth cannot load under Vitest's resolution; bearer tokens never ask it (lib/auth/require-user).
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

import { DELETE as withdrawRoute } from "@/app/api/organiser/substitutions/[id]/route";
import { POST as substituteRoute } from "@/app/api/organiser/teams/[id]/substitute/route";
import { POST as acceptRoute } from "@/app/api/substitutions/[id]/accept/route";
import { POST as declineRoute } from "@/app/api/substitutions/[id]/decline/route";
import { substitutions, teamMembers } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { newOrganiser, paidTeam } from "@/lib/checkin/testing";
import { newUser } from "@/lib/payments/testing";
import { APP, params, routeTestDatabase } from "@/lib/server/route-testing";
import { pendingSubstitutions } from "./substitutions";

const { t, bearer } = routeTestDatabase();

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${APP}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const rosterOf = async (teamId: string) =>
  (await t.db.select({ u: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, teamId))).map((m) => m.u).sort();

describe(`substitution routes on ${testDatabaseKind()}`, () => {
  it("POST /api/organiser/teams/{id}/substitute: 201 for an organiser, 403 for others, 401 anonymous, 4xx on bad input", async () => {
    const organiser = await newOrganiser(t);
    const team = await paidTeam(t, "quiz-bowl", 3);
    const out = team.members[0]!;
    const incoming = await newUser(t, "incoming");
    const path = `/api/organiser/teams/${team.teamId}/substitute`;
    const call = async (body: unknown, headers: Record<string, string>, id = team.teamId) =>
      substituteRoute(post(path, body, headers), params({ id }));
    const good = { out: out.anweshaId, in: incoming.email };

    expect((await call(good, {})).status).toBe(401);
    expect((await call(good, await bearer(team.captain))).status).toBe(403);
    expect((await call(good, await bearer(incoming))).status).toBe(403);
    const asOrganiser = await bearer(organiser);
    for (const [body, status] of [
      ["not json", 400],
      [{}, 422],
      [{ out: out.anweshaId }, 422],
      [{ out: 42, in: incoming.email }, 422],
      [{ out: "x", in: incoming.email }, 422],
      [{ out: "ANW-ZZZZZZ", in: incoming.email }, 422],
      [{ out: team.captain.anweshaId, in: incoming.email }, 409],
    ] as const) {
      const res = await call(body, asOrganiser);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), status]);
    }
    expect((await call(good, asOrganiser, "not-a-team")).status).toBe(404);
    expect(await t.db.select().from(substitutions).where(eq(substitutions.teamId, team.teamId))).toEqual([]);

    const res = await call(good, asOrganiser);
    expect(res.status).toBe(201);
    const { substitution } = await res.json();
    expect(substitution).toMatchObject({ teamId: team.teamId, status: "pending", outUserId: out.id, inUserId: incoming.id });
    // A second one for the same member: 409.
    expect((await call({ out: out.anweshaId, in: (await newUser(t)).anweshaId }, asOrganiser)).status).toBe(409);

    // The new member accepts through the API; another person (even the one leaving) cannot.
    const accept = async (who: CurrentUser, body: unknown = {}) =>
      acceptRoute(post(`/api/substitutions/${substitution.id}/accept`, body, await bearer(who)), params({ id: substitution.id }));
    expect((await accept(out)).status).toBe(404);
    expect((await accept(incoming, "{oops")).status).toBe(400);
    const ok = await accept(incoming);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ accepted: true, teamId: team.teamId });
    expect(await rosterOf(team.teamId)).toEqual([team.captain.id, incoming.id, team.members[1]!.id].sort());
    expect((await accept(incoming)).status).toBe(409);
  });

  it("POST /api/substitutions/{id}/decline: the member stays; 404 for anyone else, 409 once answered", async () => {
    const organiser = await newOrganiser(t);
    const team = await paidTeam(t, "quiz-bowl", 3);
    const out = team.members[1]!;
    const incoming = await newUser(t, "incoming");
    const res = await substituteRoute(
      post(`/api/organiser/teams/${team.teamId}/substitute`, { out: out.email, in: incoming.anweshaId }, await bearer(organiser)),
      params({ id: team.teamId }),
    );
    const { substitution } = await res.json();
    const decline = async (who: CurrentUser) =>
      declineRoute(post(`/api/substitutions/${substitution.id}/decline`, "", await bearer(who)), params({ id: substitution.id }));
    expect((await decline(team.captain)).status).toBe(404);
    expect((await decline(incoming)).status).toBe(200);
    expect((await decline(incoming)).status).toBe(409);
    expect(await rosterOf(team.teamId)).toContain(out.id);
  });

  it("DELETE /api/organiser/substitutions/{id}: an organiser withdraws one nobody answered; the member stays and may be proposed again", async () => {
    const organiser = await newOrganiser(t);
    const team = await paidTeam(t, "quiz-bowl", 3);
    const out = team.members[0]!;
    const incoming = await newUser(t, "incoming");
    const propose = async (who: CurrentUser) =>
      substituteRoute(
        post(`/api/organiser/teams/${team.teamId}/substitute`, { out: out.anweshaId, in: who.email }, await bearer(organiser)),
        params({ id: team.teamId }),
      );
    const { substitution } = await (await propose(incoming)).json();
    expect((await pendingSubstitutions(t.db, team.teamId)).map((w) => [w.out.anweshaId, w.in.anweshaId])).toEqual([
      [out.anweshaId, incoming.anweshaId],
    ]);
    const withdraw = async (id: string, who: CurrentUser | null) =>
      withdrawRoute(
        new Request(`${APP}/api/organiser/substitutions/${id}`, { method: "DELETE", headers: who ? await bearer(who) : {} }),
        params({ id }),
      );
    expect((await withdraw(substitution.id, null)).status).toBe(401);
    expect((await withdraw(substitution.id, team.captain)).status).toBe(403);
    expect((await withdraw("not-an-id", organiser)).status).toBe(404);
    expect((await withdraw(substitution.id, organiser)).status).toBe(204);
    expect((await withdraw(substitution.id, organiser)).status).toBe(409);
    expect(await pendingSubstitutions(t.db, team.teamId)).toEqual([]);
    // The one proposed cannot accept a withdrawn substitution; the member stays and can be proposed again.
    const accepted = await acceptRoute(
      post(`/api/substitutions/${substitution.id}/accept`, {}, await bearer(incoming)),
      params({ id: substitution.id }),
    );
    expect(accepted.status).toBe(409);
    expect(await rosterOf(team.teamId)).toContain(out.id);
    expect((await propose(await newUser(t, "another"))).status).toBe(201);
  });
});
