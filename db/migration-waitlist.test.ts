// Migration 0023_waitlist carries existing events over with their waiting lists open (and empty), every other
// column as it was; the new table starts empty and its one-live-place indexes hold.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "./migrator";
import { events, waitlistEntries } from "./schema";
import { migrationsBefore, openTestDatabase, type TestDatabase, testDatabaseKind } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase({ migrate: false });
  await runMigrations(t, migrationsBefore("_waitlist"));
  await t.db.execute(
    sql`insert into users (anwesha_id, name, email, phone, college, password_hash)
        values ('ANW-MIG021', 'Asha Attendee', 'attendee@example.com', '9876543210', 'IIT Patna', 'not-a-hash')`,
  );
  await t.db.execute(sql`insert into events (slug, name, kind, fee_paise, capacity, closed_at)
    values ('code-sprint', 'Code Sprint', 'solo', 25000, 40, null), ('robo-wars', 'Robo Wars', 'team', 50000, null, now())`);
}, 60_000);
afterAll(async () => {
  await t?.dispose();
});

describe(`the waiting list migration on ${testDatabaseKind()}`, () => {
  it("keeps every event as it was, its waiting list open and empty, and allows one live place per person", async () => {
    await runMigrations(t);
    const rows = await t.db.select().from(events).orderBy(events.slug);
    expect(rows.map((e) => [e.slug, e.capacity, e.closedAt !== null, e.waitlistClosedAt])).toEqual([
      ["code-sprint", 40, false, null],
      ["robo-wars", null, true, null],
    ]);
    expect(await t.db.select().from(waitlistEntries)).toEqual([]);
    const place = sql`insert into waitlist_entries (event_id, user_id) select e.id, u.id from events e, users u where e.slug = 'code-sprint'`;
    await t.db.execute(place);
    await expect(t.db.execute(place)).rejects.toThrow();
  });
});
