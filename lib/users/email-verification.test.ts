import { describe, expect, it } from "vitest";
import { POST as startRoute } from "@/app/api/atompay/route";
import { POST as acceptRoute } from "@/app/api/invitations/[id]/accept/route";
import { GET as myInvitations } from "@/app/api/me/invitations/route";
import { POST as resendRoute, GET as verificationState } from "@/app/api/me/verification/route";
import { POST as newTeamRoute } from "@/app/api/teams/route";
import { POST as issueTokenRoute } from "@/app/api/token/route";
import { POST as signUpRoute } from "@/app/api/users/route";
import { POST as verifyRoute } from "@/app/api/verify-email/route";
import { invitations } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import { env } from "@/lib/env";
import { newUser } from "@/lib/payments/testing";
import { APP, routeTestDatabase } from "@/lib/server/route-testing";
import { RESEND_LIMIT, verificationToken } from "./email-verification";

const { t, mail, bearer: asUser } = routeTestDatabase({ mail: true });

const json = (path: string, body: unknown, headers: Record<string, string> = {}, method = "POST") =>
  new Request(`${APP}${path}`, { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
async function signUpAndToken(email: string, password = "quartz-meadow-lantern-7") {
  expect(
    (await signUpRoute(json("/api/users", { name: "Sam Squatter", email, phone: "9876543210", college: "NIT", password }))).status,
  ).toBe(202);
  const res = await issueTokenRoute(json("/api/token", { email, password }));
  expect(res.status).toBe(200);
  return { authorization: `Bearer ${(await res.json()).token}` };
}
const invitationsFor = async (auth: Record<string, string>) =>
  (await (await myInvitations(new Request(`${APP}/api/me/invitations`, { headers: auth }))).json()).invitations as {
    id: string;
    teamName: string;
  }[];
async function confirmationLink(email: string): Promise<string> {
  await mail.until(() => mail.mailsTo(email, /^Confirm your email address/).length > 0);
  const m = mail.mailsTo(email, /^Confirm your email address/).at(-1)!;
  const link = /(http:\/\/localhost:3000\/verify-email\?token=[\w.-]+)/.exec(m.text ?? "")?.[1];
  expect(link).toBeDefined();
  return new URL(link!).searchParams.get("token")!;
}

describe(`email verification on ${testDatabaseKind()}`, () => {
  it("an invitation to an address is neither shown to nor accepted by an account that has not verified it", async () => {
    const captain = await newUser(t, "captain");
    const address = `friend-${Date.now()}@college.example`;
    const made = await newTeamRoute(
      json("/api/teams", { eventSlug: "robo-wars", name: `Secret Plans ${Date.now()}`, members: [address] }, await asUser(captain)),
    );
    expect(made.status).toBe(201);
    const [invitation] = await t.db
      .select()
      .from(invitations)
      .where((await import("drizzle-orm")).eq(invitations.teamId, (await made.json()).teamId));

    // Someone else signs up with the address first. They can sign in and pay for themselves at once...
    const squatter = await signUpAndToken(address);
    expect((await startRoute(json("/api/atompay", { eventSlug: "solo-singing" }, squatter))).status).toBe(201);
    // ...but see nothing sent to the address, and cannot accept it (the same 404 as anyone else's).
    expect(await invitationsFor(squatter)).toEqual([]);
    const accepted = await acceptRoute(
      new Request(`${APP}/api/invitations/${invitation!.id}/accept`, { method: "POST", headers: squatter }),
      {
        params: Promise.resolve({ id: invitation!.id }),
      },
    );
    expect(accepted.status).toBe(404);
    expect(JSON.stringify(await accepted.json())).not.toMatch(/Secret Plans|captain/i);
    expect(await (await verificationState(new Request(`${APP}/api/me/verification`, { headers: squatter }))).json()).toEqual({
      verified: false,
    });

    // The confirmation link went to the address, not to whoever typed it; once opened, the invitation is theirs.
    const token = await confirmationLink(address);
    expect((await verifyRoute(json("/api/verify-email", { token }))).status).toBe(200);
    expect((await verifyRoute(json("/api/verify-email", { token }))).status).toBe(200); // opening it twice is fine
    expect((await invitationsFor(squatter)).map((i) => i.id)).toEqual([invitation!.id]);
  });

  it("refuses a forged, altered, expired or foreign token with 400 and verifies nothing", async () => {
    const email = `careful-${Date.now()}@example.com`;
    const who = await signUpAndToken(email);
    const token = await confirmationLink(email);
    const [payload, mac] = token.split(".");
    const other = await newUser(t, "other");
    const expired = verificationToken({ id: other.id, email: other.email }, env().authSecret, new Date(Date.now() - 8 * 24 * 60 * 60_000));
    for (const bad of [
      `${payload}.${mac!.slice(0, -2)}AA`,
      `${Buffer.from(JSON.stringify({ u: other.id, e: other.email, x: Date.now() + 1e9 })).toString("base64url")}.${mac}`,
      verificationToken({ id: other.id, email: other.email }, "a-different-secret-a-different-secret-00"),
      expired,
      "nonsense",
      "",
    ]) {
      const res = await verifyRoute(json("/api/verify-email", { token: bad }));
      expect(res.status).toBe(bad ? 400 : 422);
    }
    expect((await verifyRoute(json("/api/verify-email", { token: 42 }))).status).toBe(422);
    expect((await verifyRoute(new Request(`${APP}/api/verify-email`, { method: "POST", body: "{" }))).status).toBe(415);
    expect(await (await verificationState(new Request(`${APP}/api/me/verification`, { headers: who }))).json()).toEqual({
      verified: false,
    });
  });

  it("the link can be mailed again, a few times an hour", async () => {
    const email = `again-${Date.now()}@example.com`;
    const who = await signUpAndToken(email);
    for (let i = 0; i < RESEND_LIMIT.max; i++)
      expect((await resendRoute(new Request(`${APP}/api/me/verification`, { method: "POST", headers: who }))).status).toBe(202);
    const limited = await resendRoute(new Request(`${APP}/api/me/verification`, { method: "POST", headers: who }));
    expect(limited.status).toBe(429);
    await mail.until(() => mail.mailsTo(email, /^Confirm your email address/).length === 1 + RESEND_LIMIT.max);
  });
});
