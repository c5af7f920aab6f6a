// An announcement to 500 people reaches each exactly once through a real SMTP server, however it is sent: two sends
// racing through the route, a retry of the send, every delivery job run twice, and three job runners (as three
// instances would) delivering at once. The outbox keys and the recipients' primary key are what hold it.
import { and, eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
});
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null, signIn: async () => undefined, signOut: async () => undefined, handlers: {} }));

import { GET as listRoute, POST as sendRoute } from "@/app/api/organiser/events/[slug]/announcements/route";
import { announcementRecipients, outbox } from "@/db/schema";
import { testDatabaseKind } from "@/db/testing";
import { env } from "@/lib/env";
import { type JobRunner, startJobRunner } from "@/lib/jobs/runner";
import { insertJobsSql } from "@/lib/jobs/send";
import { drain } from "@/lib/jobs/testing";
import { mailSendJob } from "@/lib/mail/jobs";
import { smtpTransport } from "@/lib/mail/transport";
import { soloEvent } from "@/lib/payments/testing";
import { mailDataResolver } from "@/lib/server/mail-data";
import { params, routeTestDatabase } from "@/lib/server/route-testing";
import { type MailTestbed, startMailTestbed } from "@/lib/server/testing";
import { sendAnnouncement } from "./send";

const route = routeTestDatabase();
const APP = "http://localhost:3000";
const PEOPLE = 500;
let mail: MailTestbed;
const runners: JobRunner[] = [];

beforeAll(async () => {
  mail = await startMailTestbed(route.t, APP);
  // Two more instances' workers, delivering to the same server.
  for (let i = 0; i < 2; i++)
    runners.push(
      await startJobRunner({
        database: route.t,
        jobs: [
          mailSendJob(
            (db) => ({
              db,
              transport: smtpTransport(mail.smtp.url),
              from: "Anwesha <no-reply@anwesha.test>",
              appUrl: APP,
              secret: env().authSecret,
              resolve: mailDataResolver(db, APP),
            }),
            { retryDelaySeconds: 1 },
          ),
        ],
        pollingIntervalSeconds: 0.5,
        supervise: false,
      }),
    );
}, 60_000);
afterAll(async () => {
  for (const r of runners) await r.stop(60_000);
  await mail?.stop();
});

/** 500 people entered at a free event, made in SQL (rows as the free checkout leaves them). */
async function eventWithPeople() {
  const event = await soloEvent(route.t, null, 0);
  const tag = event.slug;
  await route.t.db.execute(sql`
    insert into users (anwesha_id, name, email, phone, college, password_hash, email_verified_at)
    select 'ANW-' || upper(substr(md5(${tag} || n::text), 1, 8)), 'Person ' || n, ${tag} || '-' || n || '@example.com',
      '9' || lpad(n::text, 9, '0'), 'Test College', 'not-a-hash', now()
    from generate_series(1, ${PEOPLE}) n`);
  await route.t.db.execute(sql`
    insert into registrations (event_id, user_id, status, fee_paise, paid_at)
    select ${event.id}::uuid, u.id, 'paid', 0, now() from users u where u.email like ${`${tag}-%`}`);
  return event;
}

describe(`an announcement to ${PEOPLE} people on ${testDatabaseKind()}`, () => {
  it("two racing sends, a retry, every job twice and three runners: each person gets it once", async () => {
    const event = await eventWithPeople();
    const body = { subject: "Venue moved to LT-1", body: "Hello all,\n\nThe venue is now LT-1. Map: https://example.com/map." };
    const post = async () =>
      sendRoute(
        await route.send("POST", `/api/organiser/events/${event.slug}/announcements`, route.organiser, body),
        params({ slug: event.slug }),
      );
    const answers = await Promise.all([post(), post()]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    const [first, second] = await Promise.all(answers.map((a) => a.json()));
    expect(first.announcement.id).toBe(second.announcement.id);
    expect([first.recipients, second.recipients]).toEqual([PEOPLE, PEOPLE]);
    expect([first.alreadySent, second.alreadySent].sort()).toEqual([false, true]);
    const id: string = first.announcement.id;

    // A retry of the send (the same words) adds nothing.
    const again = await sendAnnouncement(route.t.db, route.organiser.id, event, { ...body, includeWaitlist: false });
    expect(again).toMatchObject({ alreadySent: true, recipients: PEOPLE });
    // Every delivery job once more, as a queue that ran each twice would.
    await route.t.db.transaction(async (tx) => {
      await tx.execute(insertJobsSql("mail-send", sql`select id from outbox where key like ${`announcement:${id}:%`}`));
    });

    const subject = `${event.name}: ${body.subject}`;
    const received = () => mail.smtp.received.filter((m) => m.subject === subject);
    await mail.until(() => received().length >= PEOPLE, 240_000);
    await drain(route.t.db, ["mail-send"], 240_000);

    const rows = await route.t.db
      .select({ email: outbox.recipient, status: outbox.status })
      .from(announcementRecipients)
      .innerJoin(outbox, eq(outbox.id, announcementRecipients.outboxId))
      .where(eq(announcementRecipients.announcementId, id));
    expect(rows).toHaveLength(PEOPLE);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    const perAddress = new Map<string, number>();
    for (const m of received()) {
      const to = m.to && !Array.isArray(m.to) ? m.to.text : "";
      perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    }
    expect(received()).toHaveLength(PEOPLE);
    expect([...perAddress.keys()].sort()).toEqual(rows.map((r) => r.email).sort());
    expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
    expect(await route.t.db.$count(outbox, and(like(outbox.key, `announcement:${id}:%`)))).toBe(PEOPLE);

    // Each person's own name, the words as text and the link as a link.
    const one = received().find((m) => m.to && !Array.isArray(m.to) && m.to.text === `${event.slug}-7@example.com`)!;
    expect(one.text).toContain("Hello Person 7");
    expect(one.text).toContain("The venue is now LT-1.");
    expect(one.html).toContain('href="https://example.com/map"');

    const list = await listRoute(
      await route.send("GET", `/api/organiser/events/${event.slug}/announcements`, route.organiser),
      params({ slug: event.slug }),
    );
    expect((await list.json()).announcements).toMatchObject([{ id, recipients: PEOPLE, delivered: PEOPLE, failed: 0, queued: 0 }]);
  }, 300_000);
});
