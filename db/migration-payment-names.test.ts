import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "@/lib/demo/seeder";
import { paymentDetail } from "@/lib/organiser/detail";
import { parseListParams } from "@/lib/organiser/filters";
import { listItems } from "@/lib/organiser/queries";
import { listSummary } from "@/lib/organiser/summary";
import { paymentForViewer } from "@/lib/payments/view";
import { runMigrations } from "./migrator";
import { rowsOf } from "./rows";
import { payments } from "./schema";
import { migrationsBefore, openTestDatabase, type TestDatabase, testDatabaseKind, withTodaysColumns } from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase({ migrate: false });
  await runMigrations(t, migrationsBefore("_payment_names"));
  // Today's seeder writes columns later migrations add (users.email_verified_at, events.hidden_at, …): they are lent
  // for the seed and taken back, so 0011 runs on the shape 0010 left.
  // Today's demo has a free event, which that schema's fee check (fee_paise > 0 until 0015) refuses: it is seeded
  // with the check lifted, then removed, and the check put back as it was.
  await t.db.execute(sql`alter table events drop constraint events_fee_positive`);
  await withTodaysColumns(t, () => seedDemoData(t));
  await t.db.execute(sql`delete from events where fee_paise = 0`);
  await t.db.execute(sql`alter table events add constraint events_fee_positive check (fee_paise > 0)`);
}, 60_000);
afterAll(async () => {
  await t?.dispose();
});

const uid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const run = async (statements: string) => {
  for (const s of statements
    .split(";")
    .map((x) => x.trim())
    .filter(Boolean))
    await t.db.execute(sql.raw(s));
};

/** Every table's row count, to show that the migration drops no row anywhere. */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = await rowsOf<{ name: string }>(
    t.db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'
        order by table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await rowsOf<{ n: number }>(t.db, sql.raw(`select count(*)::integer as n from "${name}"`));
    counts[name] = row!.n;
  }
  return counts;
}

describe(`the payment-names migration on ${testDatabaseKind()}`, () => {
  it("keeps every row and value: renamed ids carry over, each payment's event and team come from its items", async () => {
    const person = (email: string) => `(select id from users where email = '${email}')`;
    const event = (slug: string) => `(select id from events where slug = '${slug}')`;
    const payer = (email: string) =>
      `${person(email)}, (select anwesha_id from users where email = '${email}'), '${email}', 'Old Payer', '9000000001'`;
    // Rows as the old schema held them: a solo success, a team success, a basket of two solo events (its row named
    // only the first line), and a failed attempt; each payment pays its registrations through items.
    await run(`
      insert into teams (id, event_id, name, captain_id) values ('${uid(21)}', ${event("robo-wars")}, 'Old Bots', ${person("attendee@example.com")});
      insert into team_members (team_id, event_id, user_id) values
        ('${uid(21)}', ${event("robo-wars")}, ${person("attendee@example.com")}),
        ('${uid(21)}', ${event("robo-wars")}, ${person("teammate@example.com")});
      insert into registrations (id, event_id, user_id, team_id, status, fee_paise, paid_at) values
        ('${uid(41)}', ${event("code-sprint")}, ${person("attendee@example.com")}, null, 'paid', 25000, now()),
        ('${uid(42)}', ${event("robo-wars")}, null, '${uid(21)}', 'paid', 30000, now()),
        ('${uid(43)}', ${event("solo-singing")}, ${person("teammate@example.com")}, null, 'awaiting_payment', 15000, null),
        ('${uid(44)}', ${event("code-sprint")}, ${person("teammate@example.com")}, null, 'awaiting_payment', 25000, null);
      insert into payments (id, merch_txn_id, user_id, anwesha_id, email, name, phone, event_id, event_type, team_id, status,
        expected_paise, amount_paise, surcharge_paise, total_paise, atompay_transaction_id, bank_transaction_id, payment_mode,
        gateway_status_code, created_at, settled_at) values
        ('${uid(31)}', 'OLDNAMES1', ${payer("attendee@example.com")}, ${event("code-sprint")}, 'solo', null, 'success',
          25000, 25000, 450, 25450, '11000000000901', 'BANKOLD901', 'NB', 'OTS0000', now() - interval '2 hours', now() - interval '2 hours'),
        ('${uid(32)}', 'OLDNAMES2', ${payer("attendee@example.com")}, ${event("robo-wars")}, 'team', '${uid(21)}', 'success',
          30000, 30000, 0, 30000, '11000000000902', 'BANKOLD902', 'UP', 'OTS0000', now() - interval '1 hour', now() - interval '1 hour'),
        ('${uid(33)}', 'OLDNAMES3', ${payer("teammate@example.com")}, ${event("solo-singing")}, 'solo', null, 'pending',
          40000, null, null, null, null, null, null, null, now() - interval '1 minute', null),
        ('${uid(34)}', 'OLDNAMES4', ${payer("teammate@example.com")}, ${event("code-sprint")}, 'solo', null, 'failed',
          25000, 25000, 0, 25000, '11000000000904', null, 'CC', 'OTS0600', now() - interval '3 hours', now() - interval '3 hours');
      insert into payment_items (payment_id, registration_id, amount_paise, status) values
        ('${uid(31)}', '${uid(41)}', 25000, 'success'),
        ('${uid(32)}', '${uid(42)}', 30000, 'success'),
        ('${uid(33)}', '${uid(43)}', 15000, 'pending'),
        ('${uid(33)}', '${uid(44)}', 25000, 'pending'),
        ('${uid(34)}', '${uid(44)}', 25000, 'failed')
    `);
    type Old = {
      merch_txn_id: string;
      event_id: string;
      event_type: string;
      team_id: string | null;
      atompay_transaction_id: string | null;
      bank_transaction_id: string | null;
      payment_mode: string | null;
    };
    const old = await rowsOf<Old>(
      t.db,
      sql`select merch_txn_id, event_id, event_type::text, team_id, atompay_transaction_id, bank_transaction_id, payment_mode
          from payments order by merch_txn_id`,
    );
    const countsBefore = await rowCounts();

    await runMigrations(t);

    // No row lost anywhere (the migration only renames and drops columns). Later migrations run too: a table one of
    // them makes or drops (check_in_undos, rate_limits) is left out of the comparison.
    const countsAfter = await rowCounts();
    const both = Object.keys(countsBefore).filter((table) => table in countsAfter);
    expect(both.length).toBeGreaterThan(20);
    expect(Object.fromEntries(both.map((table) => [table, countsAfter[table]]))).toEqual(
      Object.fromEntries(both.map((table) => [table, countsBefore[table]])),
    );
    const after = await t.db.select().from(payments).orderBy(payments.merchTxnId);
    expect(after.map((p) => [p.merchTxnId, p.atomTxnId, p.bankTxnId, p.subChannel])).toEqual(
      old.map((o) => [o.merch_txn_id, o.atompay_transaction_id, o.bank_transaction_id, o.payment_mode]),
    );
    // What the dropped columns said is still known, from the items: the event the row named is one of its items'
    // (the first basket line), of the kind it said, and the team it named is that item's registration's.
    const derived = await rowsOf<{ merch_txn_id: string; event_id: string; kind: string; team_id: string | null }>(
      t.db,
      sql`select p.merch_txn_id, r.event_id, e.kind::text as kind, r.team_id from payments p
          join payment_items i on i.payment_id = p.id join registrations r on r.id = i.registration_id join events e on e.id = r.event_id`,
    );
    for (const o of old) {
      expect(derived).toContainEqual({ merch_txn_id: o.merch_txn_id, event_id: o.event_id, kind: o.event_type, team_id: o.team_id });
    }
    const columns = await rowsOf<{ name: string }>(
      t.db,
      sql`select column_name as name from information_schema.columns where table_schema = 'public' and table_name = 'payments'`,
    );
    const names = columns.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(["atom_txn_id", "bank_txn_id", "sub_channel"]));
    for (const gone of ["event_id", "event_type", "team_id", "atompay_transaction_id", "bank_transaction_id", "payment_mode"])
      expect(names).not.toContain(gone);

    // The unique index moved with its column, under the glossary's name.
    const dup = await t.db
      .execute(sql`update payments set atom_txn_id = '11000000000901' where merch_txn_id = 'OLDNAMES4'`)
      .then(() => null)
      .catch((e: unknown) => String((e as { cause?: unknown }).cause ?? e));
    expect(dup).toMatch(/payments_atom_txn_uq/);
    // The search index of 0001 follows the renamed columns, and the organisers' search finds the ids by them.
    const [search] = await rowsOf<{ def: string }>(
      t.db,
      sql`select indexdef as def from pg_indexes where indexname = 'payments_search_trgm'`,
    );
    expect(search!.def).toContain("atom_txn_id");
    expect(search!.def).toContain("bank_txn_id");
    const found = await listItems(t.db, parseListParams(new URLSearchParams("q=BANKOLD902")).view);
    expect(found.rows.map((r) => [r.merchTxnId, r.atomTxnId, r.eventSlug, r.subChannel])).toEqual([
      ["OLDNAMES2", "11000000000902", "robo-wars", "UP"],
    ]);

    // Readers find the event(s) and team through the items: the basket shows both its events, the team payment its team.
    const [teammate] = await rowsOf<{ id: string; role: "attendee" }>(
      t.db,
      sql`select id, role from users where email = 'teammate@example.com'`,
    );
    const basket = await paymentForViewer(t.db, "OLDNAMES3", teammate!);
    expect(basket!.items.map((i) => i.eventSlug)).toEqual(["code-sprint", "solo-singing"]);
    expect(basket!.event.slug).toBe("code-sprint");
    const team = await paymentDetail(t.db, "OLDNAMES2");
    expect(team!.items.map((i) => [i.registration.eventKind, i.team?.name, i.team?.members.length])).toEqual([["team", "Old Bots", 2]]);

    // The organisers' rollup still agrees with the rows.
    const filter = parseListParams(new URLSearchParams("")).view.filter;
    const fromRollup = await listSummary(t.db, filter, new Date(), { source: "rollup" });
    const fromRows = await listSummary(t.db, filter, new Date(), { source: "rows" });
    expect({ ...fromRollup, source: "rows" }).toEqual(fromRows);
  });
});
