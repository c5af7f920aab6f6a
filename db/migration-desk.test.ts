// Migration 0022_desk carries existing payments over as gateway payments (no desk fields) and existing volunteers
// over as door volunteers; the same account may then also be made a desk volunteer for the same event.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "./migrator";
import { rowsOf } from "./rows";
import { payments, volunteers } from "./schema";
import { migrationsBefore, openTestDatabase, type TestDatabase, testDatabaseKind } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase({ migrate: false });
  await runMigrations(t, migrationsBefore("_desk"));
  await t.db.execute(
    sql`insert into users (anwesha_id, name, email, phone, college, password_hash)
        values ('ANW-MIG021', 'Asha Attendee', 'attendee@example.com', '9876543210', 'IIT Patna', 'not-a-hash')`,
  );
  await t.db.execute(sql`insert into events (slug, name, kind, fee_paise) values ('code-sprint', 'Code Sprint', 'solo', 25000)`);
  await t.db.execute(
    sql.raw(`insert into payments (merch_txn_id, user_id, anwesha_id, email, name, phone, status, expected_paise, total_paise, atom_txn_id)
      select 'ANWOLD0000001', u.id, u.anwesha_id, u.email, u.name, u.phone, 'success', 25000, 25000, '11000000000001' from users u`),
  );
  await t.db.execute(sql.raw(`insert into volunteers (user_id, event_id, granted_by) select u.id, e.id, u.id from users u, events e`));
}, 60_000);
afterAll(async () => {
  await t?.dispose();
});

describe(`the desk migration on ${testDatabaseKind()}`, () => {
  it("makes every existing payment a gateway payment and every volunteer a door volunteer", async () => {
    await runMigrations(t);
    const [p] = await t.db.select().from(payments);
    expect([p!.method, p!.deskKind, p!.utr, p!.recordedBy, p!.status, p!.totalPaise]).toEqual([
      "gateway",
      null,
      null,
      null,
      "success",
      25_000,
    ]);
    const [v] = await t.db.select().from(volunteers);
    expect(v!.role).toBe("door");
    // The same person may now also work the event's desk.
    await t.db.execute(
      sql.raw(`insert into volunteers (user_id, event_id, granted_by, role) select user_id, event_id, granted_by, 'desk' from volunteers`),
    );
    const roles = await rowsOf<{ role: string }>(t.db, sql`select role::text as role from volunteers order by role`);
    expect(roles.map((r) => r.role)).toEqual(["desk", "door"]);
    // A desk payment must say how and by whom; a UTR is 12 digits, once.
    await expect(t.db.execute(sql.raw(`update payments set method = 'desk' where merch_txn_id = 'ANWOLD0000001'`))).rejects.toThrow();
  });
});
