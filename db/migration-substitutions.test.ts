// Migration 0021_substitutions adds the substitutions table: a paid team's roster, its invitations and its
// registration, made before it, are carried over as they were, with no substitution; the new table's rules hold.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "./migrator";
import { rowsOf } from "./rows";
import { invitations, registrations, substitutions, teamMembers } from "./schema";
import { migrationsBefore, openTestDatabase, type TestDatabase, testDatabaseKind } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase({ migrate: false });
  await runMigrations(t, migrationsBefore("_substitutions"));
  await t.db.execute(
    sql`insert into users (anwesha_id, name, email, phone, college, password_hash)
        values ('ANW-MIG021', 'Asha Captain', 'captain@example.com', '9876543210', 'IIT Patna', 'not-a-hash'),
               ('ANW-MIG022', 'Riya Member', 'member@example.com', '9876543211', 'IIT Patna', 'not-a-hash')`,
  );
  await t.db.execute(
    sql`insert into events (slug, name, kind, fee_paise, min_team_size, max_team_size) values ('quiz-bowl', 'Quiz Bowl', 'team', 40000, 2, 3)`,
  );
  await t.db.execute(
    sql.raw(
      `insert into teams (event_id, name, captain_id) select e.id, 'Old Team', u.id from events e, users u where u.anwesha_id = 'ANW-MIG021'`,
    ),
  );
  await t.db.execute(sql.raw(`insert into team_members (team_id, event_id, user_id) select t.id, t.event_id, u.id from teams t, users u`));
  await t.db.execute(
    sql.raw(`insert into invitations (team_id, event_id, invitee_id, typed, status, invited_by)
      select t.id, t.event_id, u.id, 'ANW-MIG022', 'accepted', t.captain_id from teams t, users u where u.anwesha_id = 'ANW-MIG022'`),
  );
  await t.db.execute(
    sql.raw(`insert into registrations (event_id, team_id, status, fee_paise) select t.event_id, t.id, 'paid', 40000 from teams t`),
  );
}, 60_000);
afterAll(async () => {
  await t?.dispose();
});

describe(`the substitutions migration on ${testDatabaseKind()}`, () => {
  it("keeps existing teams, rosters, invitations and registrations as they were, with no substitution; one pending per member", async () => {
    await runMigrations(t);
    expect(await t.db.select().from(teamMembers)).toHaveLength(2);
    expect((await t.db.select().from(invitations)).map((i) => i.status)).toEqual(["accepted"]);
    expect((await t.db.select().from(registrations)).map((r) => r.status)).toEqual(["paid"]);
    expect(await t.db.select().from(substitutions)).toEqual([]);
    const propose = (inId: string) =>
      t.db.execute(
        sql.raw(`insert into substitutions (team_id, event_id, out_user_id, in_user_id, proposed_by)
          select t.id, t.event_id, m.id, '${inId}', t.captain_id from teams t, users m where m.anwesha_id = 'ANW-MIG022'`),
      );
    const [captain] = await rowsOf<{ id: string }>(t.db, sql`select id from users where anwesha_id = 'ANW-MIG021'`);
    const captainId = captain!.id;
    await propose(captainId);
    await expect(propose(captainId)).rejects.toThrow();
  });
});
