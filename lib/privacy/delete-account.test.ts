// Issue 24, "missing" (DPDP Act): download my data, and delete my account, keeping what accounting law requires.
// Through the route handlers, on real payments made through the sandbox gateway.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});

import { GET as dataRoute } from "@/app/api/me/data/route";
import { DELETE as deleteRoute, GET as meRoute } from "@/app/api/me/route";
import { auditLog, events, gatewayMessages, invitations, payments, registrations, teamMembers, teams, users } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import { checkCredentials } from "@/lib/auth/credentials";
import type { CurrentUser } from "@/lib/auth/require-user";
import { newOrganiser } from "@/lib/checkin/testing";
import { refundPayment } from "@/lib/payments/refund";
import { startPayment } from "@/lib/payments/start";
import { newUser, payFor, testDeps } from "@/lib/payments/testing";
import { APP, routeTestDatabase } from "@/lib/server/route-testing";
import { acceptInvitation, invitationsOf } from "@/lib/teams/invitations";
import { createTeam } from "@/lib/teams/teams";
import { DELETED } from "./delete-account";

const { t, bearer } = routeTestDatabase();

const remove = async (u: CurrentUser, currentPassword = "test-password") =>
  deleteRoute(
    new Request(`${APP}/api/me`, {
      method: "DELETE",
      headers: { "content-type": "application/json", ...(await bearer(u)) },
      body: JSON.stringify({ currentPassword }),
    }),
  );
let n = 0;
async function teamOf(captain: CurrentUser, event: string, members: CurrentUser[]) {
  const { teamId } = await createTeam(t.db, captain, {
    eventSlug: event,
    name: `Erasers ${++n} ${Date.now()}`,
    members: members.map((m) => m.email),
  });
  for (const m of members) await acceptInvitation(t.db, m, (await invitationsOf(t.db, m)).find((i) => i.teamId === teamId)!.id);
  return teamId;
}

describe(`my data and deleting my account on ${testDatabaseKind()}`, () => {
  it("GET /api/me/data: account, registrations, teams, payments with the gateway's ids, audit entries about them; no secrets", async () => {
    const u = await newUser(t, "export");
    const mate = await newUser(t, "mate");
    const teamId = await teamOf(mate, "quiz-bowl", [u]);
    const { started } = await payFor(testDeps(t), u, { eventSlug: "code-sprint" });
    await refundPayment(testDeps(t), await newOrganiser(t), started.merchTxnId, { amountPaise: 5_000, reason: "partly" });
    const res = await dataRoute(new Request(`${APP}/api/me/data`, { headers: await bearer(u) }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(`anwesha-my-data-${u.anweshaId}.json`);
    const text = await res.text();
    const data = JSON.parse(text);
    expect(data.account).toMatchObject({ anweshaId: u.anweshaId, name: u.name, email: u.email, phone: u.phone, college: u.college });
    expect(data.registrations.map((r: { event: { slug: string } }) => r.event.slug).sort()).toEqual(["code-sprint", "quiz-bowl"]);
    expect(data.teams).toEqual([expect.objectContaining({ id: teamId, captain: false })]);
    const [p] = await t.db.select().from(payments).where(eq(payments.merchTxnId, started.merchTxnId));
    expect(data.payments).toEqual([
      expect.objectContaining({
        merchTxnId: p!.merchTxnId,
        atomTxnId: p!.atomTxnId,
        bankTxnId: p!.bankTxnId,
        totalPaise: 25_000,
        refundedPaise: 5_000,
        items: [expect.objectContaining({ event: "Code Sprint", amountPaise: 25_000 })],
        refunds: [expect.objectContaining({ amountPaise: 5_000, reason: "partly" })],
      }),
    ]);
    expect(data.auditEntries.map((a: { action: string }) => a.action)).toContain("refund.requested");
    expect(data.signedInApps.length).toBeGreaterThan(0);
    const [stored] = await t.db.select().from(users).where(eq(users.id, u.id));
    expect(text).not.toContain(stored!.passwordHash!);
    expect(text).not.toMatch(/argon2|passwordHash|tokenHash|sessionVersion|payload/);
    expect((await dataRoute(new Request(`${APP}/api/me/data`, { headers: { authorization: "Bearer nope" } }))).status).toBe(401);
  });

  it("refuses a wrong password, a payment in flight, and a captain whose team has paid", async () => {
    const u = await newUser(t, "busy");
    expect((await remove(u, "not-my-password")).status).toBe(422);
    const pending = await startPayment(testDeps(t), u, { eventSlug: "solo-singing" });
    const inFlight = await remove(u);
    expect(inFlight.status).toBe(409);
    expect((await inFlight.json()).error.message).toMatch(/payment that is not decided yet/);
    expect(pending.merchTxnId).toBeTruthy();

    const captain = await newUser(t, "captain");
    const teamId = await teamOf(captain, "quiz-bowl", [await newUser(t, "member")]);
    await payFor(testDeps(t), captain, { eventSlug: "quiz-bowl", teamId });
    const paidTeam = await remove(captain);
    expect(paidTeam.status).toBe(409);
    expect((await paidTeam.json()).error.message).toMatch(/You captain team Erasers/);
    expect((await t.db.select().from(users).where(eq(users.id, captain.id)))[0]!.deletedAt).toBeNull();
  });

  it("anonymises the person, keeps the payments' money, ids and dates, leaves unpaid teams, keeps paid memberships", async () => {
    const u = await newUser(t, "leaving");
    const other = await newUser(t, "other");
    // Paid for themselves; a member of a paid team; captain of an unpaid team; member of another unpaid team;
    // an invitation still open.
    const { started } = await payFor(testDeps(t), u, { eventSlug: "code-sprint" });
    const paidTeam = await teamOf(other, "quiz-bowl", [u]);
    await payFor(testDeps(t), other, { eventSlug: "quiz-bowl", teamId: paidTeam });
    const ownTeam = await teamOf(u, "robo-wars", [await newUser(t, "x")]);
    const [open] = await t.db
      .insert(events)
      .values({ slug: `erase-${Date.now()}`, name: "Debate", kind: "team", feePaise: 20_000, minTeamSize: 2, maxTeamSize: 4 })
      .returning();
    const theirTeam = await teamOf(await newUser(t, "cap2"), open!.slug, [u]);
    const { teamId: inviting } = await createTeam(t.db, await newUser(t, "cap3"), {
      eventSlug: "robo-wars",
      name: `Invites ${Date.now()}`,
      members: [u.email],
    });
    const [before] = await t.db.select().from(payments).where(eq(payments.merchTxnId, started.merchTxnId));
    const auth = await bearer(u);

    expect((await remove(u)).status).toBe(204);

    const [gone] = await t.db.select().from(users).where(eq(users.id, u.id));
    expect(gone).toMatchObject({
      name: DELETED.name,
      email: DELETED.email(u.id),
      phone: "",
      college: "",
      passwordHash: null,
      emailVerifiedAt: null,
      anweshaId: u.anweshaId,
    });
    expect(gone!.deletedAt).not.toBeNull();
    // Accounting keeps the payment: amounts, the gateway's ids, dates; not who paid.
    const [after] = await t.db.select().from(payments).where(eq(payments.merchTxnId, started.merchTxnId));
    expect(after).toMatchObject({
      status: "success",
      totalPaise: before!.totalPaise,
      atomTxnId: before!.atomTxnId,
      bankTxnId: before!.bankTxnId,
      settledAt: before!.settledAt,
      anweshaId: u.anweshaId,
      name: DELETED.name,
      email: DELETED.email(u.id),
      phone: "",
    });
    const logged = await t.db
      .select({ plain: gatewayMessages.plain })
      .from(gatewayMessages)
      .where(eq(gatewayMessages.paymentId, before!.id));
    expect(logged.length).toBeGreaterThan(0);
    expect(JSON.stringify(logged)).not.toContain(u.email);
    expect(JSON.stringify(logged)).not.toContain(`"${u.phone}"`);
    // Their unpaid team is disbanded and its registration cancelled; the paid team keeps them (its pass, the accounts).
    expect((await t.db.select().from(teams).where(eq(teams.id, ownTeam)))[0]!.disbandedAt).not.toBeNull();
    expect((await t.db.select({ s: registrations.status }).from(registrations).where(eq(registrations.teamId, ownTeam)))[0]!.s).toBe(
      "cancelled",
    );
    expect(
      await t.db
        .select()
        .from(teamMembers)
        .where(and(eq(teamMembers.teamId, paidTeam), eq(teamMembers.userId, u.id))),
    ).toHaveLength(1);
    expect(
      await t.db
        .select()
        .from(teamMembers)
        .where(and(eq(teamMembers.teamId, theirTeam), eq(teamMembers.userId, u.id))),
    ).toEqual([]);
    // An invitation still open is answered for them.
    expect((await t.db.select({ s: invitations.status }).from(invitations).where(eq(invitations.teamId, inviting)))[0]!.s).toBe("declined");
    // Signed out everywhere, and nobody can sign in to it again.
    expect((await meRoute(new Request(`${APP}/api/me`, { headers: auth }))).status).toBe(401);
    expect(await checkCredentials(t.db, u.email, "test-password")).toBeNull();
    expect(
      (
        await t.db
          .select({ n: sql<number>`count(*)::int` })
          .from(auditLog)
          .where(and(eq(auditLog.actorId, u.id), eq(auditLog.action, "account.deleted")))
      )[0]!.n,
    ).toBe(1);
  });
});
