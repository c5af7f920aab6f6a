// What the organisers' rollup triggers cost the settle path. Run: LOG_LEVEL=silent npx tsx bench/organiser-triggers.ts
// On the Postgres server (BENCH_DATABASE_URL), a throwaway database with COUNT (20,000) generated payments.
//
// 1. Inside Postgres, the statements a settle makes that the triggers watch: one item's status and its payment's
//    status and amounts, then COMMIT, in a procedure (no client, no network in the timing), ROUNDS rounds of
//    300 payments, triggers on and off in turn. synchronous_commit is off for this part only, so the disk's flush
//    (the same with or without triggers, and most of a real commit) does not drown the difference.
// 2. The whole settle() (lib/payments/settle) on pending payments, batches of BATCH (60), triggers on and off in
//    turn: the same cost against everything else a settle does (gateway log, mail outbox, registrations).
// Prints medians per arm and the median of paired differences. The machine is shared: compare within one run.

import { sql } from "drizzle-orm";
import postgres from "postgres";
import { createDatabase } from "../db/client";
import { insertBulkPayments, rowsOf } from "../db/fixtures/payments-bulk";
import { runMigrations } from "../db/migrator";
import { seedDemoData } from "../lib/demo/seeder";
import { settle } from "../lib/payments/settle";

const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const COUNT = Number(process.env.COUNT ?? 20_000);
const ROUNDS = Number(process.env.ROUNDS ?? 60);
const BATCH = Number(process.env.BATCH ?? 60);
const name = `anw_bench_triggers_${process.pid}`;
const targetUrl = new URL(PG_URL);
targetUrl.pathname = `/${name}`;
const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
await admin.unsafe(`CREATE DATABASE "${name}"`);
await admin.end();

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const d = createDatabase({ url: targetUrl.toString(), max: 4 });
const s = postgres(targetUrl.toString(), { max: 1, onnotice: () => {} });
const toggle = (on: boolean) =>
  s.unsafe(
    `ALTER TABLE payment_items ${on ? "ENABLE" : "DISABLE"} TRIGGER organiser_items_changed;
     ALTER TABLE payments ${on ? "ENABLE" : "DISABLE"} TRIGGER organiser_payments_changed`,
  );
try {
  await runMigrations(d);
  await seedDemoData(d);
  await insertBulkPayments(d.db, { count: COUNT });

  // 1. The watched statements alone, inside Postgres.
  await s.unsafe(`CREATE PROCEDURE bench_settle_pattern(ids uuid[], flip boolean) LANGUAGE plpgsql AS $$
    DECLARE i uuid;
    BEGIN
      FOREACH i IN ARRAY ids LOOP
        UPDATE payment_items SET status = CASE WHEN flip THEN 'cancelled'::payment_status ELSE 'failed'::payment_status END,
          updated_at = clock_timestamp() WHERE payment_id = i;
        UPDATE payments SET status = CASE WHEN flip THEN 'cancelled'::payment_status ELSE 'failed'::payment_status END,
          amount_paise = CASE WHEN flip THEN expected_paise END, surcharge_paise = CASE WHEN flip THEN 0 END, updated_at = clock_timestamp() WHERE id = i;
        COMMIT;
      END LOOP;
    END $$`);
  await s.unsafe("VACUUM ANALYZE");
  const ids = (
    await s`select p.id from payments p
      where p.status = 'failed' and (select count(*) from payment_items i where i.payment_id = p.id) = 1 order by p.id limit 300`
  ).map((r) => r.id as string);
  const arr = `{${ids.join(",")}}`;
  await s.unsafe("SET synchronous_commit = off");
  const part1: Record<"on" | "off", number[]> = { on: [], off: [] };
  let flip = true;
  for (let r = 0; r < ROUNDS; r++) {
    for (const arm of r % 2 ? (["off", "on"] as const) : (["on", "off"] as const)) {
      await toggle(arm === "on");
      await s.unsafe("DELETE FROM organiser_marks");
      const t0 = performance.now();
      await s.unsafe(`CALL bench_settle_pattern('${arr}'::uuid[], ${flip})`);
      flip = !flip;
      if (r >= 2) part1[arm].push(((performance.now() - t0) * 1000) / ids.length);
    }
  }
  await s.unsafe("SET synchronous_commit = on");
  const paired1 = part1.on.map((v, i) => v - part1.off[i]!);
  console.log(`1. watched statements (${ids.length} one-item payments × ${part1.on.length} rounds per arm), µs per settle:`);
  console.log(`   off ${med(part1.off).toFixed(1)}   on ${med(part1.on).toFixed(1)}   paired on − off ${med(paired1).toFixed(1)}`);

  // 2. The whole settle().
  await d.db.execute(sql`update registrations set held_until = now() + interval '1 day' where status = 'awaiting_payment'`);
  await d.db.execute(sql`update events set capacity = null`);
  const pending = await rowsOf<{ merch_txn_id: string; expected_paise: number }>(
    d.db,
    sql`select merch_txn_id, expected_paise from payments where status = 'pending' order by merch_txn_id`,
  );
  await s.unsafe("DELETE FROM organiser_marks");
  const part2: Record<"on" | "off", number[]> = { on: [], off: [] };
  let k = 0;
  for (let round = 0; k + BATCH <= pending.length; round++) {
    const arm = round % 2 === 0 ? "on" : "off";
    await toggle(arm === "on");
    const batch = pending.slice(k, k + BATCH);
    k += BATCH;
    const t0 = performance.now();
    for (const p of batch) {
      const r = await settle(d.db, p.merch_txn_id, {
        kind: "gateway",
        source: "return",
        statusCode: "OTS0000",
        atomTxnId: `77${p.merch_txn_id.slice(-10)}${round}`,
        bankTxnId: "B",
        amountPaise: p.expected_paise,
        surchargePaise: 0,
        totalPaise: p.expected_paise,
        subChannel: "NB",
      });
      if (r.to !== "success") throw new Error(`not success: ${r.to}`);
    }
    part2[arm].push((performance.now() - t0) / BATCH);
  }
  const n = Math.min(part2.on.length, part2.off.length);
  const paired2 = part2.on.slice(0, n).map((v, i) => v / part2.off[i]!);
  console.log(`2. settle() of ${n * 2 * BATCH} pending payments (${n} batches of ${BATCH} per arm), ms per settle:`);
  console.log(`   off ${med(part2.off).toFixed(2)}   on ${med(part2.on).toFixed(2)}   paired on ÷ off ${med(paired2).toFixed(3)}`);
  const [marks] = await rowsOf<{ n: number; p: number }>(
    d.db,
    sql`select count(*)::integer as n, count(distinct payment_id)::integer as p from organiser_marks`,
  );
  console.log(`   marks left by the settles: ${marks!.n} for ${marks!.p} payments`);
} finally {
  await toggle(true).catch(() => undefined);
  await s.end();
  await d.close();
  const a2 = postgres(PG_URL, { max: 1, onnotice: () => {} });
  await a2.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await a2.end();
}
