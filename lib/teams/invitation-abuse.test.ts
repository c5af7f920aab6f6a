// Issue 23, finding 2: creating a team that names a stranger and disbanding it, 15 times in 0.8 s, queued 15 mails
// to the stranger with the attacker's words in the subject, and left a team, a registration and an outbox row
// behind each time. Through the real route handlers, with the mail read from a real SMTP server.
import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as declineRoute } from "@/app/api/invitations/[id]/decline/route";
import { DELETE as withdrawRoute } from "@/app/api/teams/[teamId]/invitations/[invitationId]/route";
import { POST as inviteRoute } from "@/app/api/teams/[teamId]/invitations/route";
import { DELETE as disbandRoute } from "@/app/api/teams/[teamId]/route";
import { POST as newTeamRoute } from "@/app/api/teams/route";
import { invitations, outbox, registrations, teamMembers, teams } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { addressKey } from "@/lib/http/forwarding";
import { newUser } from "@/lib/payments/testing";
import { hit } from "@/lib/rate-limit";
import { APP, routeTestDatabase } from "@/lib/server/route-testing";
import { sleep } from "@/lib/server/testing";
import { INVITATION_LIMITS } from "./invitation-mail";
import { sweepLeftovers } from "./leftovers";

const { t, mail, bearer, client: gateStamp } = routeTestDatabase({ mail: true, requestGate: "abuse-test" });

let n = 0;
const client = () => `203.0.113.${++n % 250}`;
const call = async (u: CurrentUser, method: string, path: string, body?: unknown, from = client()) =>
  new Request(`${APP}${path}`, {
    method,
    headers: {
      ...(await bearer(u)),
      "content-type": "application/json",
      ...gateStamp(from),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const team = (teamId: string) => ({ params: Promise.resolve({ teamId }) });
const invitationsOfTeam = (teamId: string) => t.db.select().from(invitations).where(eq(invitations.teamId, teamId));

describe(`invitation mail limits on ${testDatabaseKind()}`, () => {
  it("a create-and-disband loop naming a stranger: teams stop at the daily limit, mails at the recipient's, never the attacker's words in a subject", async () => {
    const attacker = await newUser(t, "evil");
    const stranger = `stranger-${Date.now()}@college.example`;
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) {
      const name = `Claim your prize at evil.example ${i}`;
      const made = await newTeamRoute(await call(attacker, "POST", "/api/teams", { eventSlug: "robo-wars", name, members: [stranger] }));
      statuses.push(made.status);
      if (made.status !== 201) continue;
      const { teamId } = await made.json();
      expect((await disbandRoute(await call(attacker, "DELETE", `/api/teams/${teamId}`), team(teamId))).status).toBe(200);
    }
    const { max: teamsPerDay } = INVITATION_LIMITS.teamsPerCaptain;
    expect(statuses.filter((s) => s === 201)).toHaveLength(teamsPerDay);
    expect(statuses.slice(teamsPerDay)).toEqual(Array(15 - teamsPerDay).fill(429));

    await mail.until(() => mail.mailsTo(stranger).length >= INVITATION_LIMITS.perRecipient.max);
    await sleep(1500);
    const got = mail.mailsTo(stranger);
    expect(got).toHaveLength(INVITATION_LIMITS.perRecipient.max);
    for (const m of got) {
      expect(m.subject).toBe("Team invitation: Robo Wars at Anwesha");
      expect(m.subject).not.toMatch(/evil|prize|Test evil/i);
      // The team's name is in the body, as the team's name.
      expect(m.text).toMatch(/Team\s+Claim your prize at evil\.example \d+/);
    }
  });

  it("limits the people a captain invites per hour, and per client address, with 429 before anything is written", async () => {
    const captain = await newUser(t, "busy");
    const statuses: number[] = [];
    let teamsMade = 0;
    for (let i = 0; i < 9 && !statuses.includes(429); i++) {
      const members = [0, 1, 2, 3].map((k) => `p${i}-${k}-${Date.now()}@example.com`);
      const made = await newTeamRoute(await call(captain, "POST", "/api/teams", { eventSlug: "robo-wars", name: `Busy ${i}`, members }));
      statuses.push(made.status);
      if (made.status !== 201) continue;
      teamsMade++;
      const { teamId } = await made.json();
      await disbandRoute(await call(captain, "DELETE", `/api/teams/${teamId}`), team(teamId));
    }
    // 4 people a team: the 8th team would take the captain past 30.
    expect(teamsMade).toBe(Math.floor(INVITATION_LIMITS.perCaptain.max / 4));
    expect(statuses.at(-1)).toBe(429);
    const live = await t.db
      .select()
      .from(teams)
      .where(and(eq(teams.captainId, captain.id), sql`${teams.name} = 'Busy 7'`));
    expect(live).toEqual([]);

    // Per client address: whoever is signed in, one address invites at most 60 people an hour.
    const address = "198.51.100.77";
    for (let i = 0; i < INVITATION_LIMITS.perClient.max - 1; i++)
      await hit(t.db, `invite:client:${addressKey(address)}`, INVITATION_LIMITS.perClient);
    const someone = await newUser(t, "shared-nat");
    const two = ["a@example.com", "b@example.com"];
    const refused = await newTeamRoute(
      await call(someone, "POST", "/api/teams", { eventSlug: "quiz-bowl", name: "NAT team", members: two }, address),
    );
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await t.db.select().from(teams).where(eq(teams.captainId, someone.id))).toEqual([]);
  });

  it("a recipient who declined, or whose invitation was withdrawn, is not mailed again by the same team", async () => {
    const [captain, friend] = [await newUser(t, "cap"), await newUser(t, "friend")];
    const other = `other-${Date.now()}@example.com`;
    const made = await newTeamRoute(
      await call(captain, "POST", "/api/teams", {
        eventSlug: "robo-wars",
        name: `Polite ${Date.now()}`,
        members: [friend.anweshaId, other],
      }),
    );
    const { teamId } = await made.json();
    await mail.until(() => mail.mailsTo(friend.email).length === 1 && mail.mailsTo(other).length === 1);

    const [toFriend] = (await invitationsOfTeam(teamId)).filter((i) => i.inviteeId === friend.id);
    expect(
      (
        await declineRoute(await call(friend, "POST", `/api/invitations/${toFriend!.id}/decline`), {
          params: Promise.resolve({ id: toFriend!.id }),
        })
      ).status,
    ).toBe(200);
    const [toOther] = (await invitationsOfTeam(teamId)).filter((i) => i.inviteeEmail === other);
    const withdrawn = await withdrawRoute(await call(captain, "DELETE", `/api/teams/${teamId}/invitations/${toOther!.id}`), {
      params: Promise.resolve({ teamId, invitationId: toOther!.id }),
    });
    expect(withdrawn.status).toBe(200);

    // Asked again, by ID and by email: the invitations are made (they wait in the app), no mail goes.
    const again = await inviteRoute(
      await call(captain, "POST", `/api/teams/${teamId}/invitations`, { members: [friend.email, other] }),
      team(teamId),
    );
    expect(again.status).toBe(201);
    expect((await invitationsOfTeam(teamId)).filter((i) => i.status === "pending")).toHaveLength(2);
    await sleep(2000);
    expect(mail.mailsTo(friend.email)).toHaveLength(1);
    expect(mail.mailsTo(other)).toHaveLength(1);
  });

  it("what the loop leaves behind is swept: disbanded teams after a week, their invitation mail after a month", async () => {
    const captain = await newUser(t, "loop");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const made = await newTeamRoute(
        await call(captain, "POST", "/api/teams", {
          eventSlug: "quiz-bowl",
          name: `Loop ${i} ${Date.now()}`,
          members: [`loop-${i}@example.com`],
        }),
      );
      const { teamId } = await made.json();
      ids.push(teamId);
      await disbandRoute(await call(captain, "DELETE", `/api/teams/${teamId}`), team(teamId));
    }
    const count = async () => ({
      teams: (await t.db.select().from(teams).where(inArray(teams.id, ids))).length,
      registrations: (await t.db.select().from(registrations).where(inArray(registrations.teamId, ids))).length,
      invitations: (await t.db.select().from(invitations).where(inArray(invitations.teamId, ids))).length,
      members: (await t.db.select().from(teamMembers).where(inArray(teamMembers.teamId, ids))).length,
    });
    expect(await count()).toEqual({ teams: 3, registrations: 3, invitations: 3, members: 0 });
    await sweepLeftovers(t.db);
    expect((await count()).teams).toBe(3); // a disbanded team is kept a week: its invitees see why it ended
    await mail.until(
      async () =>
        (await t.db.select().from(outbox).where(sql`${outbox.recipient} like 'loop-%' and ${outbox.status} = 'sent'`)).length === 3,
    );

    const week = new Date(Date.now() + 8 * 24 * 60 * 60_000);
    await sweepLeftovers(t.db, week);
    expect(await count()).toEqual({ teams: 0, registrations: 0, invitations: 0, members: 0 });
    const month = new Date(Date.now() + 31 * 24 * 60 * 60_000);
    await sweepLeftovers(t.db, month);
    expect(await t.db.select().from(outbox).where(sql`${outbox.recipient} like 'loop-%'`)).toEqual([]);
  });
});
