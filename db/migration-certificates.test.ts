// Migration 0026_certificates adds results and certificates beside what was there: existing check-ins and
// registrations are kept as they were, nothing is issued for them until asked, and the new tables' rules hold
// (one place per registration, one certificate per person and registration, a place of 1 to 60 characters).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "./migrator";
import { certificates, checkIns, results } from "./schema";
import { migrationsBefore, openTestDatabase, type TestDatabase, testDatabaseKind } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase({ migrate: false });
  await runMigrations(t, migrationsBefore("_certificates"));
  await t.db.execute(
    sql`insert into users (anwesha_id, name, email, phone, college, password_hash)
        values ('ANW-MIG024', 'Asha Attendee', 'attendee@example.com', '9876543210', 'IIT Patna', 'not-a-hash')`,
  );
  await t.db.execute(
    sql`insert into events (slug, name, kind, fee_paise, starts_at) values ('code-sprint', 'Code Sprint', 'solo', 0, now())`,
  );
  await t.db.execute(sql`insert into registrations (event_id, user_id, status, fee_paise, paid_at)
    select e.id, u.id, 'paid', 0, now() from events e, users u`);
  await t.db.execute(sql`insert into check_ins (registration_id, event_id, user_id, checked_in_at, checked_in_by, device_id, source)
    select r.id, r.event_id, r.user_id, now(), r.user_id, 'web', 'online' from registrations r`);
}, 60_000);
afterAll(async () => {
  await t?.dispose();
});

describe(`the certificates migration on ${testDatabaseKind()}`, () => {
  it("keeps check-ins as they were, starts both tables empty, and holds their rules", async () => {
    await runMigrations(t);
    expect(await t.db.select().from(checkIns)).toHaveLength(1);
    expect(await t.db.select().from(results)).toEqual([]);
    expect(await t.db.select().from(certificates)).toEqual([]);

    const place = (p: string) =>
      t.db.execute(sql`insert into results (event_id, registration_id, place, marked_by)
        select r.event_id, r.id, ${p}, r.user_id from registrations r`);
    await expect(place("")).rejects.toThrow();
    await expect(place("x".repeat(61))).rejects.toThrow();
    await place("winner");
    await expect(place("runner-up")).rejects.toThrow();

    const issue = (code: string) =>
      t.db.execute(sql`insert into certificates (code, registration_id, user_id, event_id)
        select ${code}, r.id, r.user_id, r.event_id from registrations r`);
    await issue("AAAAAAAAAAAA");
    await expect(issue("BBBBBBBBBBBB")).rejects.toThrow();
    const [row] = await t.db.select().from(certificates);
    expect(row).toMatchObject({ code: "AAAAAAAAAAAA", mailedAt: null });
  });
});
