// Issue 24, "missing": the captain hears when someone accepts or leaves; each member hears "your team is confirmed"
// with their pass when the captain pays, exactly once, whichever path paid it (the return's one statement, the
// careful item-by-item path) and however often the gateway repeats itself. Through the route handlers; mail to a
// real SMTP server.
import { and, eq, like } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});

import { POST as acceptRoute } from "@/app/api/invitations/[id]/accept/route";
import { POST as leaveRoute } from "@/app/api/teams/[teamId]/leave/route";
import { POST as newTeamRoute } from "@/app/api/teams/route";
import { outbox, registrations } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { receiveGatewayMessage } from "@/lib/payments/receive";
import { startPayment } from "@/lib/payments/start";
import { genuineReturn, newUser, testDeps } from "@/lib/payments/testing";
import { APP, routeTestDatabase } from "@/lib/server/route-testing";
import { invitationsOf } from "./invitations";

const { t, mail, bearer } = routeTestDatabase({ mail: true });

let teams = 0;
/** A captain's team for `event` with these people, each of whom accepts through the API. */
async function team(event: string, people: CurrentUser[]) {
  const captain = await newUser(t, "captain");
  const res = await newTeamRoute(
    new Request(`${APP}/api/teams`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(await bearer(captain)) },
      body: JSON.stringify({ eventSlug: event, name: `Mailers ${++teams} ${Date.now()}`, members: people.map((p) => p.email) }),
    }),
  );
  expect(res.status).toBe(201);
  const { teamId } = await res.json();
  for (const p of people) {
    const [inv] = await invitationsOf(t.db, p);
    const id = inv!.id;
    expect(
      (
        await acceptRoute(new Request(`${APP}/api/invitations/${id}/accept`, { method: "POST", headers: await bearer(p) }), {
          params: Promise.resolve({ id }),
        })
      ).status,
    ).toBe(200);
  }
  return { captain, teamId: teamId as string };
}
const keysLike = async (prefix: string) =>
  (
    await t.db
      .select({ key: outbox.key, to: outbox.recipient })
      .from(outbox)
      .where(like(outbox.key, `${prefix}%`))
  ).sort((a, b) => a.key.localeCompare(b.key));

describe(`team mail on ${testDatabaseKind()}`, () => {
  it("the captain is told when someone accepts and when someone leaves, once each, with the team's size against the event's", async () => {
    const [a, b] = [await newUser(t, "a"), await newUser(t, "b")];
    const { captain, teamId } = await team("robo-wars", [a, b]);
    await mail.until(() => mail.mailsTo(captain.email, /^A new member joined your team for Robo Wars/).length === 2);
    const joined = mail.mailsTo(captain.email, /^A new member joined/).map((m) => m.text ?? "");
    expect(joined.some((text) => text.includes(a.name) && text.includes("Members now\n2 (you included)"))).toBe(true);
    expect(joined.some((text) => text.includes(b.name) && text.includes("Members now\n3 (you included)"))).toBe(true);

    const leave = async (u: CurrentUser) =>
      leaveRoute(new Request(`${APP}/api/teams/${teamId}/leave`, { method: "POST", headers: await bearer(u) }), {
        params: Promise.resolve({ teamId }),
      });
    expect((await leave(a)).status).toBe(200);
    expect((await leave(a)).status).toBe(404); // gone already: nothing more is sent
    await mail.until(() => mail.mailsTo(captain.email, /^A member left your team for Robo Wars/).length === 1);
    const [left] = mail.mailsTo(captain.email, /^A member left/);
    expect(left!.text).toContain(a.name);
    expect(left!.text).toContain("Members now\n2 (you included). Within what Robo Wars allows (2–5 people).");
    expect(left!.subject).not.toContain(a.name); // names people typed stay in the body
    expect(await keysLike("team-member-joined:")).toHaveLength(2);
    expect((await keysLike(`team-member-left:${teamId}:`)).map((k) => k.to)).toEqual([captain.email]);
  });

  it("each member (not the captain) gets 'your team is confirmed' with their pass link once, on the one-statement path", async () => {
    const [a, b] = [await newUser(t, "a"), await newUser(t, "b")];
    const { captain, teamId } = await team("robo-wars", [a, b]);
    const deps = testDeps(t);
    const started = await startPayment(deps, captain, { eventSlug: "robo-wars", teamId });
    const registrationId = started.items[0]!.registrationId;
    const form = genuineReturn(started.merchTxnId, started.amountPaise);
    for (const source of ["return", "callback", "return"] as const) await receiveGatewayMessage(deps, form, source);
    expect(await keysLike(`team-paid:${registrationId}:`)).toEqual(
      [a, b].map((u) => ({ key: `team-paid:${registrationId}:${u.id}`, to: u.email })).sort((x, y) => x.key.localeCompare(y.key)),
    );
    await mail.until(() => [a, b].every((u) => mail.mailsTo(u.email, /^Your team for Robo Wars is confirmed/).length === 1));
    const [confirmed] = mail.mailsTo(a.email, /^Your team for Robo Wars is confirmed/);
    expect(confirmed!.text).toContain(`${APP}/payments/${started.merchTxnId}`);
    expect(confirmed!.text).toContain(captain.name);
    expect(confirmed!.attachments.map((x) => x.contentType).sort()).toEqual(["image/png", "text/calendar"]);
    expect(mail.mailsTo(captain.email, /is confirmed/)).toHaveLength(0); // the captain has the receipt
  });

  it("the careful path (a seat hold that ran out) queues the same mails", async () => {
    const a = await newUser(t, "a");
    const { captain, teamId } = await team("quiz-bowl", [a]);
    const deps = testDeps(t);
    const started = await startPayment(deps, captain, { eventSlug: "quiz-bowl", teamId });
    const registrationId = started.items[0]!.registrationId;
    await t.db
      .update(registrations)
      .set({ heldUntil: new Date(Date.now() - 60_000) })
      .where(eq(registrations.id, registrationId));
    await receiveGatewayMessage(deps, genuineReturn(started.merchTxnId, started.amountPaise), "return");
    expect(
      (await t.db.select({ status: registrations.status }).from(registrations).where(eq(registrations.id, registrationId)))[0]!.status,
    ).toBe("paid");
    expect(await keysLike(`team-paid:${registrationId}:`)).toEqual([{ key: `team-paid:${registrationId}:${a.id}`, to: a.email }]);
    expect(
      await t.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.template, "team-paid"), like(outbox.key, `%:${captain.id}`))),
    ).toEqual([]);
    await mail.until(() => mail.mailsTo(a.email, /^Your team for Quiz Bowl is confirmed/).length === 1);
  });
});
