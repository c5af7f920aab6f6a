import { asc, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "./migrator";
import { eventPrices, events, registrations } from "./schema";
import { demoEvents } from "./seed-data";
import { migrationsBefore, openTestDatabase, type TestDatabase, testDatabaseKind, withTodaysColumns } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase({ migrate: false });
  await runMigrations(t, migrationsBefore("_event_prices"));
  await withTodaysColumns(t, () => t.db.insert(events).values(demoEvents()));
  await t.db.execute(
    sql`insert into users (anwesha_id, name, email, phone, college, password_hash)
        values ('ANW-MIG002', 'Asha Attendee', 'attendee@example.com', '9876543210', 'IIT Patna', 'not-a-hash')`,
  );
  // A paid registration at an old fee (the event's fee changed since) and one awaiting payment.
  await t.db.execute(
    sql.raw(`insert into registrations (event_id, user_id, status, fee_paise)
      select e.id, u.id, 'paid', 20000 from users u, events e where e.slug = 'code-sprint'`),
  );
  await t.db.execute(
    sql.raw(`insert into registrations (event_id, user_id, status, fee_paise)
      select e.id, u.id, 'awaiting_payment', 15000 from users u, events e where e.slug = 'solo-singing'`),
  );
}, 60_000);
afterAll(async () => {
  await t?.dispose();
});

describe(`the prices migration on ${testDatabaseKind()}`, () => {
  it("carries every event over as one Standard price at its fee, and every registration to that price, amounts kept", async () => {
    await runMigrations(t);
    const all = await t.db.select().from(events).orderBy(asc(events.slug));
    const prices = await t.db.select().from(eventPrices);
    expect(prices).toHaveLength(all.length);
    for (const e of all) {
      expect(prices.filter((p) => p.eventId === e.id)).toEqual([
        expect.objectContaining({
          key: "standard",
          label: "Standard",
          feePaise: e.feePaise,
          opensAt: null,
          closesAt: null,
          emailDomains: [],
          codeOnly: false,
          capacity: null,
        }),
      ]);
    }
    const regs = await t.db.select().from(registrations).orderBy(asc(registrations.feePaise));
    expect(regs.map((r) => [r.status, r.feePaise, r.priceKey, r.priceLabel])).toEqual([
      ["awaiting_payment", 15_000, "standard", "Standard"],
      ["paid", 20_000, "standard", "Standard"],
    ]);
  });
});
