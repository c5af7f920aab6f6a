// Migration 0025_coordinators adds `coordinator` to the volunteers' roles: existing door and desk volunteers stay as
// they were, and the same account may then also coordinate the same event (one row per role).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "./migrator";
import { rowsOf } from "./rows";
import { migrationsBefore, openTestDatabase, type TestDatabase, testDatabaseKind } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase({ migrate: false });
  await runMigrations(t, migrationsBefore("_coordinators"));
  await t.db.execute(
    sql`insert into users (anwesha_id, name, email, phone, college, password_hash)
        values ('ANW-MIG024', 'Asha Attendee', 'attendee@example.com', '9876543210', 'IIT Patna', 'not-a-hash')`,
  );
  await t.db.execute(sql`insert into events (slug, name, kind, fee_paise) values ('code-sprint', 'Code Sprint', 'solo', 25000)`);
  await t.db.execute(
    sql.raw(`insert into volunteers (user_id, event_id, granted_by, role)
      select u.id, e.id, u.id, r.role::volunteer_role from users u, events e, (values ('door'), ('desk')) r(role)`),
  );
  // Before the migration there is no such role.
  await expect(
    t.db.execute(
      sql.raw(
        `insert into volunteers (user_id, event_id, granted_by, role) select user_id, event_id, granted_by, 'coordinator' from volunteers limit 1`,
      ),
    ),
  ).rejects.toThrow();
}, 60_000);
afterAll(async () => {
  await t?.dispose();
});

describe(`the coordinators migration on ${testDatabaseKind()}`, () => {
  it("keeps every volunteer's role, and lets the same account coordinate the same event once", async () => {
    await runMigrations(t);
    const roles = async () =>
      (await rowsOf<{ role: string }>(t.db, sql`select role::text as role from volunteers order by role`)).map((r) => r.role);
    expect(await roles()).toEqual(["desk", "door"]);
    const coordinate = sql.raw(
      `insert into volunteers (user_id, event_id, granted_by, role) select user_id, event_id, granted_by, 'coordinator' from volunteers where role = 'door'`,
    );
    await t.db.execute(coordinate);
    expect(await roles()).toEqual(["coordinator", "desk", "door"]);
    await expect(t.db.execute(coordinate)).rejects.toThrow();
  });
});
