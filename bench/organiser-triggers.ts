// What the organisers' rollup triggers cost the settle hot path. Run: LOG_LEVEL=silent npx tsx bench/organiser-triggers.ts
// On the Postgres server (BENCH_DATABASE_URL), a throwaway database with 60,000 generated payments: its pending ones
// are settled to success through settle() in batches of BATCH (100), CONC (1) at a time, the triggers switched on
// and off batch by batch; prints each arm's median rate and the median of off/on over neighbouring batches.
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { insertBulkPayments, rowsOf } from "../db/fixtures/payments-bulk";
import { createDatabase } from "../db/client";
import { runMigrations } from "../db/migrator";
import { seedDemoData } from "../db/seeder";
import { settle } from "../lib/payments/settle";
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const name = `anw_bench_triggers_${process.pid}`;
const targetUrl = new URL(PG_URL);
targetUrl.pathname = `/${name}`;
const target = targetUrl.toString();
const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
await admin.unsafe(`CREATE DATABASE "${name}"`);
await admin.end();
const d = createDatabase({ url: target, max: 20 });
await runMigrations(d); await seedDemoData(d); await insertBulkPayments(d.db, { count: 60000 });
await d.db.execute(sql`update registrations set held_until = now() + interval '1 day' where status = 'awaiting_payment'`);
await d.db.execute(sql`update events set capacity = null`);
const pending = await rowsOf<{ merch_txn_id: string; expected_paise: number }>(d.db, sql`select merch_txn_id, expected_paise from payments where status = 'pending' order by merch_txn_id`);
console.log("pending", pending.length);
await d.db.execute(sql.raw("VACUUM ANALYZE"));
const toggle = (on: boolean) => d.db.execute(sql.raw(`ALTER TABLE payment_items ${on ? "ENABLE" : "DISABLE"} TRIGGER organiser_items_changed; ALTER TABLE payments ${on ? "ENABLE" : "DISABLE"} TRIGGER organiser_payments_changed`));
let k = 0;
const BATCH = Number(process.env.BATCH ?? 100);
const CONC = Number(process.env.CONC ?? 1);
const results: Record<string, number[]> = { on: [], off: [] };
for (let round = 0; k + BATCH <= pending.length; round++) {
  const arm = round % 2 === 0 ? "on" : "off";
  await toggle(arm === "on");
  const batch = pending.slice(k, k + BATCH); k += BATCH;
  const t0 = performance.now();
  let i = 0;
  await Promise.all(Array.from({ length: CONC }, async () => {
    while (i < batch.length) {
      const p = batch[i++]!;
      const r = await settle(d.db, p.merch_txn_id, { kind: "gateway", source: "return", statusCode: "OTS0000", atomTxnId: `77${p.merch_txn_id.slice(-10)}${round}`, bankTxnId: "B", amountPaise: p.expected_paise, surchargePaise: 0, totalPaise: p.expected_paise, subChannel: "NB" });
      if (r.to !== "success") throw new Error(`not success: ${r.to}`);
    }
  }));
  results[arm]!.push((BATCH * 1000) / (performance.now() - t0));
}
await toggle(true);
for (const [arm, rates] of Object.entries(results)) console.log(arm, "batches", rates.length, "median/s", [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)]!.toFixed(0));
// Paired: each "off" batch against the "on" batch just before it.
const pairs = results.off!.map((off, i) => off / results.on![i]!);
console.log("off/on per pair, median", [...pairs].sort((a, b) => a - b)[Math.floor(pairs.length / 2)]!.toFixed(3));
await d.close();
const a2 = postgres(PG_URL, { max: 1, onnotice: () => {} });
await a2.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`); await a2.end();
