// Issue 23, finding 4: POST /api/users answered 409 for a taken email and never counted those 409s, and inviting
// [Anwesha ID, email] answered one entry when both were one person and two when not. Through the real route
// handlers, with the mail read from a real SMTP server.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as inviteRoute } from "@/app/api/teams/[teamId]/invitations/route";
import { POST as newTeamRoute } from "@/app/api/teams/route";
import { POST as signUpRoute } from "@/app/api/users/route";
import { invitations, users } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { addressKey } from "@/lib/http/forwarding";
import { newUser } from "@/lib/payments/testing";
import { hit, LIMITS } from "@/lib/rate-limit";
import { teamView } from "@/lib/rosters/view";
import { APP, routeTestDatabase } from "@/lib/server/route-testing";
import { sleep } from "@/lib/server/testing";

const { t, mail, bearer, client: fromClient } = routeTestDatabase({ mail: true, requestGate: "enumeration-test" });

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${APP}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
const person = (email: string) => ({
  name: "Kiran Rao",
  email,
  phone: "9876543210",
  college: "NIT Patna",
  password: "plum-kettle-orbit-9",
});

describe(`sign-up does not say whether an address has an account, on ${testDatabaseKind()}`, () => {
  it("answers a new and a taken email alike; the taken one's owner gets a mail, once an hour, and nothing changes", async () => {
    const fresh = `fresh-${Date.now()}@example.com`;
    const created = await signUpRoute(post("/api/users", person(fresh), fromClient("198.51.100.10")));
    const taken = await signUpRoute(
      post("/api/users", { ...person("Attendee@Example.com"), name: "Someone Else" }, fromClient("198.51.100.10")),
    );
    expect(created.status).toBe(202);
    expect(taken.status).toBe(202);
    expect(await taken.json()).toEqual(await created.json());

    // The owner hears of it; the newcomer gets the welcome. No second account, the owner's name is unchanged.
    await mail.until(() => mail.mailsTo("attendee@example.com", /already have an Anwesha account/).length === 1);
    await mail.until(() => mail.mailsTo(fresh, /^Welcome to Anwesha/).length === 1);
    const owners = await t.db.select().from(users).where(sql`lower(${users.email}) = 'attendee@example.com'`);
    expect(owners.map((u) => u.name)).toEqual(["Asha Attendee"]);
    const ownerMail = mail.mailsTo("attendee@example.com")[0]!;
    expect(ownerMail.text).not.toContain("Someone Else");

    // Trying again within the hour sends nothing more (the mail is to the owner, not a way to flood them).
    for (let i = 0; i < 3; i++)
      expect((await signUpRoute(post("/api/users", person("attendee@example.com"), fromClient("198.51.100.11")))).status).toBe(202);
    await sleep(1500);
    expect(mail.mailsTo("attendee@example.com")).toHaveLength(1);
  });

  it("the per-address limit counts every attempt, taken emails included", async () => {
    const client = "198.51.100.20";
    for (let i = 0; i < LIMITS.signUpPerClient.max - 1; i++) await hit(t.db, `signup:${addressKey(client)}`, LIMITS.signUpPerClient);
    // The 300th attempt is a taken email: answered as usual, and counted.
    expect((await signUpRoute(post("/api/users", person("teammate@example.com"), fromClient(client)))).status).toBe(202);
    const refused = await signUpRoute(post("/api/users", person(`late-${Date.now()}@example.com`), fromClient(client)));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // A taken email from an exhausted address gets the same 429 as a new one.
    expect((await signUpRoute(post("/api/users", person("teammate@example.com"), fromClient(client)))).status).toBe(429);
  });
});

describe(`inviting answers the same whatever the identifiers resolve to, on ${testDatabaseKind()}`, () => {
  it("[Anwesha ID, email] of one person and of two people give the same answer and the same roster", async () => {
    const [captain1, captain2, x, y] = [await newUser(t, "cap1"), await newUser(t, "cap2"), await newUser(t, "x"), await newUser(t, "y")];
    const make = async (captain: CurrentUser, members: string[]) => {
      const res = await newTeamRoute(
        post("/api/teams", { eventSlug: "robo-wars", name: `Team ${captain.id.slice(0, 8)}`, members }, await bearer(captain)),
      );
      return { status: res.status, body: await res.json() };
    };
    const same = await make(captain1, [x.anweshaId, x.email]);
    const two = await make(captain2, [x.anweshaId, y.email]);
    expect(same.status).toBe(201);
    expect(two.status).toBe(201);
    expect(same.body.invited).toEqual([x.anweshaId, x.email]);
    expect(two.body.invited).toEqual([x.anweshaId, y.email]);
    const listed = async (teamId: string) => (await teamView(t.db, teamId))!.invitations.map((i) => [i.typed, i.status]);
    expect(await listed(same.body.teamId)).toEqual([
      [x.anweshaId, "pending"],
      [x.email, "pending"],
    ]);
    expect(await listed(two.body.teamId)).toEqual([
      [x.anweshaId, "pending"],
      [y.email, "pending"],
    ]);

    // Inviting one person's ID after their email is pending is not a "conflict" that would link the two.
    const [captain3, z] = [await newUser(t, "cap3"), await newUser(t, "z")];
    const third = await make(captain3, [z.email]);
    const more = await inviteRoute(
      post(`/api/teams/${third.body.teamId}/invitations`, { members: [z.anweshaId] }, await bearer(captain3)),
      {
        params: Promise.resolve({ teamId: third.body.teamId }),
      },
    );
    expect(more.status).toBe(201);
    expect((await more.json()).invited).toEqual([z.anweshaId]);
    const rows = await t.db.select().from(invitations).where(eq(invitations.teamId, third.body.teamId));
    expect(rows).toHaveLength(2);
  });
});
