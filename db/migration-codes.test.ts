// Migration 0020_codes carries existing registrations and basket lines over with no code and no discount, their
// fees as they were.
import { asc, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "./migrator";
import { basketItems, registrations } from "./schema";
import { migrationsBefore, openTestDatabase, type TestDatabase, testDatabaseKind } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase({ migrate: false });
  await runMigrations(t, migrationsBefore("_codes"));
  await t.db.execute(
    sql`insert into users (anwesha_id, name, email, phone, college, password_hash)
        values ('ANW-MIG020', 'Asha Attendee', 'attendee@example.com', '9876543210', 'IIT Patna', 'not-a-hash')`,
  );
  await t.db.execute(sql`insert into events (slug, name, kind, fee_paise) values ('code-sprint', 'Code Sprint', 'solo', 25000),
    ('solo-singing', 'Solo Singing', 'solo', 15000)`);
  await t.db.execute(
    sql.raw(`insert into registrations (event_id, user_id, status, fee_paise, price_key, price_label)
      select e.id, u.id, 'paid', 20000, 'early-bird', 'Early bird' from users u, events e where e.slug = 'code-sprint'`),
  );
  await t.db.execute(
    sql.raw(`insert into basket_items (user_id, event_id) select u.id, e.id from users u, events e where e.slug = 'solo-singing'`),
  );
}, 60_000);
afterAll(async () => {
  await t?.dispose();
});

describe(`the codes migration on ${testDatabaseKind()}`, () => {
  it("gives every existing registration and basket line no code and no discount, amounts kept", async () => {
    await runMigrations(t);
    const regs = await t.db.select().from(registrations).orderBy(asc(registrations.feePaise));
    expect(regs.map((r) => [r.status, r.feePaise, r.priceLabel, r.codeId, r.discountPaise])).toEqual([
      ["paid", 20_000, "Early bird", null, 0],
    ]);
    expect((await t.db.select().from(basketItems)).map((b) => b.codeId)).toEqual([null]);
  });
});
