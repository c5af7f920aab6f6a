// Migration 0024_announcements adds two tables and touches no other: events, users and their mail are as they were,
// and the new tables' rules hold from the start (the same words once per event, one row per person per announcement,
// the length bounds).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "./migrator";
import { rowsOf } from "./rows";
import { announcementRecipients, announcements, events, outbox } from "./schema";
import { migrationsBefore, openTestDatabase, type TestDatabase, testDatabaseKind } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase({ migrate: false });
  await runMigrations(t, migrationsBefore("_announcements"));
  await t.db.execute(
    sql`insert into users (anwesha_id, name, email, phone, college, password_hash)
        values ('ANW-MIG024', 'Asha Attendee', 'attendee@example.com', '9876543210', 'IIT Patna', 'not-a-hash')`,
  );
  await t.db.execute(
    sql`insert into events (slug, name, kind, fee_paise, capacity) values ('code-sprint', 'Code Sprint', 'solo', 25000, 40)`,
  );
  await t.db.execute(
    sql`insert into outbox (key, template, recipient, payload) values ('welcome:x', 'welcome', 'attendee@example.com', 'sealed')`,
  );
}, 60_000);
afterAll(async () => {
  await t?.dispose();
});

describe(`the announcements migration on ${testDatabaseKind()}`, () => {
  it("keeps old rows as they were; the new tables start empty and their rules hold", async () => {
    await runMigrations(t);
    expect((await t.db.select().from(events)).map((e) => [e.slug, e.capacity])).toEqual([["code-sprint", 40]]);
    expect((await t.db.select().from(outbox)).map((m) => [m.key, m.status])).toEqual([["welcome:x", "pending"]]);
    expect(await t.db.select().from(announcements)).toEqual([]);
    expect(await t.db.select().from(announcementRecipients)).toEqual([]);

    const write = (fingerprint: string, subject = "Venue moved", body = "Now in LT-1.") =>
      t.db.execute(sql`insert into announcements (event_id, author_id, subject, body, fingerprint)
        select e.id, u.id, ${subject}, ${body}, ${fingerprint} from events e, users u`);
    await write("f1");
    await expect(write("f1")).rejects.toThrow();
    await expect(write("f2", "")).rejects.toThrow();
    await expect(write("f3", "x".repeat(121))).rejects.toThrow();
    await expect(write("f4", "ok", "y".repeat(4001))).rejects.toThrow();

    const [a] = await rowsOf<{ id: string }>(t.db, sql`select id::text as id from announcements`);
    const recipient = (via: string) =>
      t.db.execute(
        sql`insert into announcement_recipients (announcement_id, user_id, via) select ${a!.id}::uuid, u.id, ${via} from users u`,
      );
    await expect(recipient("someone")).rejects.toThrow();
    await recipient("entrant");
    await expect(recipient("waitlist")).rejects.toThrow();
    expect(await t.db.select().from(announcementRecipients)).toHaveLength(1);
  });
});
