// Announcements through the real route handlers: who may write them (403 for an attendee who runs no event), bad input
// answered with a clear 4xx, the preview (who and how many, the mail), an entered team's every member and the waiting
// list, the hour's limit (429 with when to try again), the author's HTML kept as text, the audit entry, and who reads
// them on the event's page.
import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

import { GET as listRoute, POST as sendRoute } from "@/app/api/organiser/events/[slug]/announcements/route";
import { announcementRecipients, auditLog, events, outbox } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import type { CurrentUser } from "@/lib/auth/require-user";
import { paidSolo, paidTeam } from "@/lib/checkin/testing";
import { newUser, soloEvent } from "@/lib/payments/testing";
import { APP, params, routeTestDatabase } from "@/lib/server/route-testing";
import { acceptInvitation, invitationsOf } from "@/lib/teams/invitations";
import { createTeam } from "@/lib/teams/teams";
import { joinWaitlist } from "@/lib/waitlist/entries";
import { ANNOUNCEMENTS_PER_EVENT_PER_HOUR } from "./input";
import { sendAnnouncement } from "./send";
import { announcementsFor } from "./view";

const route = routeTestDatabase();
const announcementMails = (u: CurrentUser) =>
  route.t.db.$count(outbox, and(eq(outbox.recipient, u.email.toLowerCase()), eq(outbox.template, "announcement")));
const path = (slug: string) => `/api/organiser/events/${slug}/announcements`;

async function post(slug: string, who: CurrentUser | null, body: unknown) {
  return sendRoute(await route.send("POST", path(slug), who, body), params({ slug }));
}
async function list(slug: string, who: CurrentUser | null) {
  return listRoute(await route.send("GET", path(slug), who), params({ slug }));
}

describe(`announcements' API on ${testDatabaseKind()}`, () => {
  it("only an event's managers: 401 signed out, 403 for an attendee, 404 for no such event; nothing is sent", async () => {
    const event = await soloEvent(route.t, null);
    const { user: entrant } = await paidSolo(route.t, event.slug);
    const body = { subject: "Hi", body: "Hello" };
    expect((await post(event.slug, null, body)).status).toBe(401);
    expect((await list(event.slug, null)).status).toBe(401);
    const refused = await post(event.slug, entrant, body);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toMatch(/organisers and .*coordinators/);
    expect((await post(event.slug, entrant, { ...body, preview: true })).status).toBe(403);
    expect((await list(event.slug, entrant)).status).toBe(403);
    expect((await post("no-such-event", route.organiser, body)).status).toBe(404);
    expect(await announcementMails(entrant)).toBe(0);
  });

  it("bad input is a 4xx naming the fields", async () => {
    const event = await soloEvent(route.t, null);
    const fields = async (body: unknown) => {
      const res = await post(event.slug, route.organiser, body);
      expect(res.status).toBe(422);
      return Object.keys((await res.json()).error.fields).sort();
    };
    expect(await fields({})).toEqual(["body", "subject"]);
    expect(await fields({ subject: "   ", body: "\n\n" })).toEqual(["body", "subject"]);
    expect(await fields({ subject: "Two\nlines", body: "ok" })).toEqual(["subject"]);
    expect(await fields({ subject: "x".repeat(121), body: "y".repeat(4001) })).toEqual(["body", "subject"]);
    expect(await fields({ subject: "ok", body: "bell\u0007" })).toEqual(["body"]);
    expect(await fields({ subject: "ok", body: "ok", includeWaitlist: "yes" })).toEqual(["includeWaitlist"]);
    const notJson = new Request(`${APP}${path(event.slug)}`, {
      method: "POST",
      headers: { "content-type": "text/plain", ...(await route.bearer(route.organiser)) },
      body: "hello",
    });
    expect((await sendRoute(notJson, params({ slug: event.slug }))).status).toBe(415);
    // The bounds themselves are allowed.
    expect((await post(event.slug, route.organiser, { subject: "x".repeat(120), body: "y".repeat(4000), preview: true })).status).toBe(200);
  });

  it("previews who gets it and the mail; the author's HTML stays text and only http(s) addresses become links", async () => {
    const event = await soloEvent(route.t, 1);
    const { user: entrant } = await paidSolo(route.t, event.slug);
    const waiting = await newUser(route.t, "waits");
    await joinWaitlist(route.t.db, waiting.id, event.slug, {});
    const body = {
      subject: "<b>Venue</b> & time",
      body: '<script>alert("x")</script> <a href="https://evil.example">click</a>\n\nMap: https://example.com/map?a=1&b=2. Not javascript:alert(1) nor data:text/html,hi',
      preview: true,
    };
    const res = await post(event.slug, route.organiser, body);
    expect(res.status).toBe(200);
    const { preview } = await res.json();
    expect(preview.recipients).toEqual({ entrants: 1, waitlist: 1, total: 1, sample: [entrant.name] });
    expect(preview.hour).toEqual({ left: ANNOUNCEMENTS_PER_EVENT_PER_HOUR, nextAt: null });
    expect(preview.mail.subject).toBe(`${event.name}: <b>Venue</b> & time`);
    const html: string = preview.mail.html;
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain('href="https://evil.example"');
    expect(html).toContain("&lt;a href=");
    expect(html).toContain('href="https://example.com/map?a=1&amp;b=2"');
    expect(html).not.toMatch(/href="(javascript|data):/);
    expect(preview.mail.text).toContain('<script>alert("x")</script>');
    const withLine = await (await post(event.slug, route.organiser, { ...body, includeWaitlist: true })).json();
    expect(withLine.preview.recipients).toMatchObject({ total: 2, sample: [entrant.name, waiting.name].sort() });
    // A preview sends nothing.
    expect(await announcementMails(entrant)).toBe(0);
  });

  it("sends to every member of an entered team and the waiting list once each; the page shows it to them only; audited", async () => {
    const [team] = await route.t.db
      .insert(events)
      .values({
        slug: `team-ann-${Date.now()}`,
        name: "Team Announce",
        kind: "team",
        feePaise: 10_000,
        minTeamSize: 2,
        maxTeamSize: 3,
        capacity: 1,
      })
      .returning();
    const paid = await paidTeam(route.t, team!.slug, 3);
    // A team in the line: its captain joined for it, and its member hears too.
    const waiting = await newUser(route.t, "waits");
    const waitingMember = await newUser(route.t, "waits");
    const { teamId } = await createTeam(route.t.db, waiting, {
      eventSlug: team!.slug,
      name: "Late Comers",
      members: [waitingMember.email],
    });
    await acceptInvitation(route.t.db, waitingMember, (await invitationsOf(route.t.db, waitingMember))[0]!.id);
    await joinWaitlist(route.t.db, waiting.id, team!.slug, { teamId });
    const outsider = await newUser(route.t, "outsider");

    const entrantsOnly = await post(team!.slug, route.organiser, { subject: "Briefing", body: "Room 4 at 9." });
    expect(entrantsOnly.status).toBe(201);
    expect((await entrantsOnly.json()).recipients).toBe(3);
    const all = await post(team!.slug, route.organiser, { subject: "Schedule", body: "Day 2, 10 am.", includeWaitlist: true });
    const sent = await all.json();
    expect(sent.recipients).toBe(5);
    const people = await route.t.db
      .select({ userId: announcementRecipients.userId, via: announcementRecipients.via })
      .from(announcementRecipients)
      .where(eq(announcementRecipients.announcementId, sent.announcement.id));
    expect(people.map((p) => `${p.userId} ${p.via}`).sort()).toEqual(
      [...[paid.captain, ...paid.members].map((u) => `${u.id} entrant`), `${waiting.id} waitlist`, `${waitingMember.id} waitlist`].sort(),
    );
    const [audit] = await route.t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.eventId, team!.id), eq(auditLog.action, "announcement.sent")))
      .orderBy(auditLog.id)
      .limit(1);
    expect(audit).toMatchObject({ actorId: route.organiser.id, details: { subject: "Briefing", recipients: 3, includeWaitlist: false } });

    const subjects = async (u: CurrentUser) => (await announcementsFor(route.t.db, team!.id, u.id)).map((a) => a.subject);
    expect(await subjects(paid.members[1]!)).toEqual(["Schedule", "Briefing"]);
    expect(await subjects(waiting)).toEqual(["Schedule"]);
    expect(await subjects(waitingMember)).toEqual(["Schedule"]);
    expect(await announcementMails(paid.captain)).toBe(2);
    expect(await announcementMails(waitingMember)).toBe(1);
    expect(await subjects(outsider)).toEqual([]);
    expect(await subjects(route.organiser)).toEqual([]);

    const listed = await (await list(team!.slug, route.organiser)).json();
    expect(listed.announcements.map((a: { subject: string; recipients: number }) => [a.subject, a.recipients])).toEqual([
      ["Schedule", 5],
      ["Briefing", 3],
    ]);
  });

  it(`at most ${ANNOUNCEMENTS_PER_EVENT_PER_HOUR} an hour per event: a 429 says when to try again; the same words again send nothing`, async () => {
    const event = await soloEvent(route.t, null);
    await paidSolo(route.t, event.slug);
    for (let i = 1; i <= ANNOUNCEMENTS_PER_EVENT_PER_HOUR; i++)
      expect((await post(event.slug, route.organiser, { subject: `Note ${i}`, body: "Text" })).status).toBe(201);
    const over = await post(event.slug, route.organiser, { subject: "One more", body: "Text" });
    expect(over.status).toBe(429);
    const retryAfter = Number(over.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(3000);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((await over.json()).error.message).toMatch(/last hour.*Try again after .+IST\.$/);
    const preview = await (await post(event.slug, route.organiser, { subject: "One more", body: "Text", preview: true })).json();
    expect(preview.preview.hour.left).toBe(0);
    expect(preview.preview.hour.nextAt).not.toBeNull();
    // A repeat of one already sent is not a new send: it answers the first, within the limit or past it.
    const repeat = await post(event.slug, route.organiser, { subject: "Note 1", body: "Text" });
    expect(repeat.status).toBe(200);
    expect((await repeat.json()).alreadySent).toBe(true);
    // Another event has its own hour; and this one's frees up an hour after its oldest.
    const other = await soloEvent(route.t, null);
    expect((await post(other.slug, route.organiser, { subject: "One more", body: "Text" })).status).toBe(201);
    const later = new Date(Date.now() + 61 * 60_000);
    const next = await sendAnnouncement(
      route.t.db,
      route.organiser.id,
      event,
      { subject: "One more", body: "Text", includeWaitlist: false },
      later,
    );
    expect(next).toMatchObject({ alreadySent: false, recipients: 1 });
  });
});
