// Every migration from 0002 on applied to a database holding rows of the old schema: every payment becomes an
// item of a registration with the right status, refunds point at their item, and members who were added without
// being asked become invitations (unless their team has paid).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseListParams } from "@/lib/organiser/filters";
import { listSummary } from "@/lib/organiser/summary";
import { rowsOf } from "./fixtures/payments-bulk";
import { migrationsFolder, runMigrations } from "./migrator";
import { invitations, paymentItems, payments, refunds, registrations, teamMembers } from "./schema";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "./testing";

/** A copy of the migrations folder that stops before 0002, as a database that ran only those did. */
function foldersBefore(tag: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "anw-migrations-"));
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalPath = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(
    0,
    journal.entries.findIndex((e) => e.tag === tag),
  );
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase({ migrate: false });
  await runMigrations(t, foldersBefore("0002_registrations"));
});
afterAll(async () => {
  await t?.dispose();
});

const uid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

describe(`migration 0002 on ${testDatabaseKind()}`, () => {
  it("carries the old schema's rows over into registrations, items and invitations", async () => {
    const [cap1, mate1, cap2, mate2, solo1, solo2, org] = [1, 2, 3, 4, 5, 6, 7].map(uid);
    // Rows as the old schema held them (its ids are our constants, so they can stand in the SQL text).
    const oldRows = `
      insert into users (id, anwesha_id, name, email, phone, college, password_hash, role) values
        ('${cap1}', 'ANW-CAP001', 'Cap One', 'cap1@example.com', '9000000001', 'C', 'x', 'attendee'),
        ('${mate1}', 'ANW-MAT001', 'Mate One', 'mate1@example.com', '9000000002', 'C', 'x', 'attendee'),
        ('${cap2}', 'ANW-CAP002', 'Cap Two', 'cap2@example.com', '9000000003', 'C', 'x', 'attendee'),
        ('${mate2}', 'ANW-MAT002', 'Mate Two', 'mate2@example.com', '9000000004', 'C', 'x', 'attendee'),
        ('${solo1}', 'ANW-SOL001', 'Solo One', 'solo1@example.com', '9000000005', 'C', 'x', 'attendee'),
        ('${solo2}', 'ANW-SOL002', 'Solo Two', 'solo2@example.com', '9000000006', 'C', 'x', 'attendee'),
        ('${org}', 'ANW-ORG001', 'Org', 'org@example.com', '9000000007', 'C', 'x', 'organiser');
      insert into events (id, slug, name, fee_paise, kind, min_team_size, max_team_size, registration_opens_at, registration_closes_at, capacity) values
        ('${uid(11)}', 'old-solo', 'Old Solo', 25000, 'solo', 1, 1, now() - interval '1 day', now() + interval '9 days', 10),
        ('${uid(12)}', 'old-team', 'Old Team', 30000, 'team', 2, 3, now() - interval '1 day', now() + interval '9 days', null);
      insert into teams (id, event_id, name, captain_id) values ('${uid(21)}', '${uid(12)}', 'Paid Team', '${cap1}'),
        ('${uid(22)}', '${uid(12)}', 'Unpaid Team', '${cap2}');
      insert into team_members (team_id, event_id, user_id) values
        ('${uid(21)}', '${uid(12)}', '${cap1}'), ('${uid(21)}', '${uid(12)}', '${mate1}'),
        ('${uid(22)}', '${uid(12)}', '${cap2}'), ('${uid(22)}', '${uid(12)}', '${mate2}');
      insert into payments (id, merch_txn_id, user_id, anwesha_id, email, name, phone, event_id, event_type, team_id, status,
        expected_paise, total_paise, refunded_paise, atompay_transaction_id, created_at, settled_at) values
        ('${uid(31)}', 'OLD1', '${solo1}', 'ANW-SOL001', 'solo1@example.com', 'Solo One', '9000000005', '${uid(11)}', 'solo',
          null, 'failed', 25000, null, 0, null, now() - interval '3 hours', now() - interval '3 hours'),
        ('${uid(32)}', 'OLD2', '${solo1}', 'ANW-SOL001', 'solo1@example.com', 'Solo One', '9000000005', '${uid(11)}', 'solo',
          null, 'success', 25000, 25000, 25000, '1001', now() - interval '2 hours', now() - interval '2 hours'),
        ('${uid(33)}', 'OLD3', '${solo2}', 'ANW-SOL002', 'solo2@example.com', 'Solo Two', '9000000006', '${uid(11)}', 'solo',
          null, 'pending', 25000, null, 0, null, now() - interval '1 minute', null),
        ('${uid(34)}', 'OLD4', '${cap1}', 'ANW-CAP001', 'cap1@example.com', 'Cap One', '9000000001', '${uid(12)}', 'team',
          '${uid(21)}', 'success', 30000, 30000, 10000, '1002', now() - interval '1 hour', now() - interval '1 hour'),
        ('${uid(35)}', 'OLD5', '${cap2}', 'ANW-CAP002', 'cap2@example.com', 'Cap Two', '9000000003', '${uid(12)}', 'team',
          '${uid(22)}', 'cancelled', 30000, null, 0, null, now() - interval '30 minutes', now() - interval '30 minutes');
      insert into refunds (payment_id, refund_ref, amount_paise, reason, status, requested_by) values
        ('${uid(32)}', 'RFOLD1', 25000, 'could not come', 'accepted', '${org}'),
        ('${uid(34)}', 'RFOLD2', 10000, 'one member fewer', 'accepted', '${org}');
    `;
    for (const statement of oldRows
      .split(";")
      .map((x) => x.trim())
      .filter(Boolean))
      await t.db.execute(sql.raw(statement));

    await runMigrations(t);

    const regs = await t.db.select().from(registrations);
    const solo1Reg = regs.find((r) => r.userId === solo1)!;
    const solo2Reg = regs.find((r) => r.userId === solo2)!;
    const paidTeam = regs.find((r) => r.teamId === uid(21))!;
    const unpaidTeam = regs.find((r) => r.teamId === uid(22))!;
    expect(regs).toHaveLength(4);
    expect(solo1Reg).toMatchObject({ status: "refunded", feePaise: 25_000, eventId: uid(11), teamId: null });
    expect(solo2Reg).toMatchObject({ status: "awaiting_payment", feePaise: 25_000 });
    expect(solo2Reg.heldUntil!.getTime()).toBeGreaterThan(Date.now()); // the payment in flight still holds its seat
    expect(paidTeam).toMatchObject({ status: "paid", feePaise: 30_000, userId: null });
    expect(unpaidTeam).toMatchObject({ status: "awaiting_payment", heldUntil: null });

    const items = await t.db
      .select({ merchTxnId: payments.merchTxnId, item: paymentItems })
      .from(paymentItems)
      .innerJoin(payments, eq(payments.id, paymentItems.paymentId));
    const byTxn = Object.fromEntries(items.map((i) => [i.merchTxnId, i.item]));
    expect(Object.keys(byTxn).sort()).toEqual(["OLD1", "OLD2", "OLD3", "OLD4", "OLD5"]);
    expect(byTxn.OLD1).toMatchObject({ registrationId: solo1Reg.id, status: "failed", amountPaise: 25_000 });
    expect(byTxn.OLD2).toMatchObject({ registrationId: solo1Reg.id, status: "success", refundedPaise: 25_000 });
    expect(byTxn.OLD3).toMatchObject({ registrationId: solo2Reg.id, status: "pending" });
    expect(byTxn.OLD4).toMatchObject({ registrationId: paidTeam.id, status: "success", refundedPaise: 10_000 });
    expect(byTxn.OLD5).toMatchObject({ registrationId: unpaidTeam.id, status: "cancelled" });
    const refundRows = await t.db.select().from(refunds);
    expect(refundRows.map((r) => [r.refundRef, r.itemId]).sort()).toEqual([
      ["RFOLD1", byTxn.OLD2!.id],
      ["RFOLD2", byTxn.OLD4!.id],
    ]);

    // The paid team keeps its roster; the unpaid team's member is asked again instead of being kept without consent.
    const members = await t.db.select().from(teamMembers);
    expect(
      members
        .filter((m) => m.teamId === uid(21))
        .map((m) => m.userId)
        .sort(),
    ).toEqual([cap1, mate1].sort());
    expect(members.filter((m) => m.teamId === uid(22)).map((m) => m.userId)).toEqual([cap2]);
    const asked = await t.db.select().from(invitations);
    expect(asked).toEqual([
      expect.objectContaining({ teamId: uid(22), inviteeId: mate2, status: "pending", typed: "ANW-MAT002", invitedBy: cap2 }),
    ]);
    // the new columns have their defaults on old rows
    const [event] = await rowsOf<{ venue: string; starts_at: string | null; closed_at: string | null }>(
      t.db,
      sql`select venue, starts_at, closed_at from events where slug = 'old-solo'`,
    );
    expect(event).toEqual({ venue: "", starts_at: null, closed_at: null });

    // Migration 0010 (the console's rollup) marks every old payment: the first fold gives the totals the rows give,
    // one row per item (2 paid, 1 failed, 1 pending, 1 cancelled; ₹550 in fees collected, ₹350 refunded).
    const filter = parseListParams(new URLSearchParams("")).view.filter;
    const fromRollup = await listSummary(t.db, filter, new Date(), { source: "rollup" });
    const fromRows = await listSummary(t.db, filter, new Date(), { source: "rows" });
    expect({ ...fromRollup, source: "rows" }).toEqual(fromRows);
    expect(fromRows.totals).toMatchObject({ count: 5, collectedPaise: 55_000, refundedPaise: 35_000 });
  });
});
