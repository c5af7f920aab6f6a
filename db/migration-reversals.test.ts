import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "./migrator";
import { events, payments, refunds } from "./schema";
import { demoEvents } from "./seed-data";
import { migrationsBefore, openTestDatabase, type TestDatabase, testDatabaseKind, withTodaysColumns } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase({ migrate: false });
  await runMigrations(t, migrationsBefore("_reversals_refund_status"));
  // The demo's event and attendee, written as that schema had them (the app's code knows only today's columns).
  // Paid events only: that schema's fee check (fee_paise > 0 until 0015) refuses today's free demo event.
  await withTodaysColumns(t, () => t.db.insert(events).values(demoEvents().filter((e) => e.feePaise > 0)));
  await t.db.execute(
    sql`insert into users (anwesha_id, name, email, phone, college, password_hash)
        values ('ANW-MIG001', 'Asha Attendee', 'attendee@example.com', '9876543210', 'IIT Patna', 'not-a-hash')`,
  );
}, 60_000);
afterAll(async () => {
  await t?.dispose();
});

describe(`the reversals migration on ${testDatabaseKind()}`, () => {
  it("queues recent successes for re-verification, not old ones, and keeps every row", async () => {
    const insert = (merchTxnId: string, status: string, settledAgo: string) =>
      t.db.execute(
        sql.raw(`insert into payments (merch_txn_id, user_id, anwesha_id, email, name, phone, event_id,
        event_type, status, expected_paise, total_paise, atompay_transaction_id, created_at, settled_at)
        select '${merchTxnId}', u.id, u.anwesha_id, u.email, u.name, u.phone, e.id, 'solo', '${status}', 25000, 25000,
          '${merchTxnId.replace(/\D/g, "")}', now() - interval '${settledAgo}', now() - interval '${settledAgo}'
        from users u, events e where u.email = 'attendee@example.com' and e.slug = 'code-sprint'`),
      );
    await insert("MIG1", "success", "30 days");
    await insert("MIG2", "success", "2 days");
    await insert("MIG3", "failed", "30 days");
    await t.db.execute(
      sql.raw(`insert into registrations (id, event_id, user_id, status, fee_paise)
      select '00000000-0000-4000-8000-000000000501', e.id, u.id, 'paid', 25000 from users u,
        events e where u.email = 'attendee@example.com' and e.slug = 'code-sprint'`),
    );
    await t.db.execute(
      sql.raw(`insert into payment_items (id, payment_id, registration_id, amount_paise, status)
      select '00000000-0000-4000-8000-000000000502', p.id, '00000000-0000-4000-8000-000000000501', 25000,
        'success' from payments p where p.merch_txn_id = 'MIG2'`),
    );
    await t.db.execute(
      sql.raw(`insert into refunds (payment_id, item_id, refund_ref, amount_paise, reason, status, requested_by)
      select p.id, '00000000-0000-4000-8000-000000000502', 'RFMIG1', 1000, 'old', 'requested',
        p.user_id from payments p where p.merch_txn_id = 'MIG2'`),
    );

    await runMigrations(t);

    const rows = await t.db.select().from(payments).where(sql`${payments.merchTxnId} like 'MIG%'`).orderBy(payments.merchTxnId);
    expect(rows.map((r) => [r.merchTxnId, r.status, r.reverifyCount, r.reverifyDoneAt !== null, r.reconStatus, r.reversedAt])).toEqual([
      ["MIG1", "success", 0, true, null, null],
      ["MIG2", "success", 0, false, null, null],
      ["MIG3", "failed", 0, false, null, null],
    ]);
    const requested = await t.db.select().from(refunds).where(sql`${refunds.refundRef} like 'RFMIG%'`);
    expect(requested).toEqual([expect.objectContaining({ refundRef: "RFMIG1", status: "requested", checkedAt: null })]);
    // The new enum values exist once the migration has committed.
    await t.db.execute(sql`select 'reversed'::payment_status, 'refund_status'::message_kind`);
  });
});
