// The rollup never loses a change: writers changing items in their own transactions while folds run at the same
// time (on Postgres, truly concurrently), then the totals read from the rollup equal the rows added up directly,
// before and after the last fold. The triggers mark only changes the totals depend on.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertBulkPayments } from "@/db/fixtures/payments-bulk";
import { rowsOf } from "@/db/rows";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { receiveGatewayMessage } from "@/lib/payments/receive";
import { settle } from "@/lib/payments/settle";
import { startPayment } from "@/lib/payments/start";
import { newUser, testDeps } from "@/lib/payments/testing";
import { sandboxComplete } from "@/lib/sandbox/gateway";
import { parseListParams } from "./filters";
import { foldAll, foldRollup, rollupFoldJob } from "./rollup";
import { listSummary } from "./summary";

const NOW = new Date("2026-11-27T12:00:00.000Z");
let t: TestDatabase;

/** Marked payments (a payment can be marked more than once). */
const marked = async () =>
  (await rowsOf<{ n: number }>(t.db, sql`select count(distinct payment_id)::integer as n from organiser_marks`))[0]!.n;
const filterOf = (q: string) => parseListParams(new URLSearchParams(q)).view.filter;

beforeAll(async () => {
  t = await openTestDatabase();
  const bulk = await insertBulkPayments(t.db, { count: 1200, tag: "ru", now: NOW });
  // Every payment the fixture wrote was marked by the triggers; nothing is folded yet.
  expect(await marked()).toBe(bulk.payments);
}, 120_000);

afterAll(async () => {
  await t?.dispose();
});

describe(`rollup on ${testDatabaseKind()}`, () => {
  it("before any fold, the rollup's answer is already exact; folding in batches empties the marks", async () => {
    for (const q of ["", "status=success", "event=robo-wars&flagged=1"]) {
      const rows = await listSummary(t.db, filterOf(q), NOW, { source: "rows" });
      expect({ ...(await listSummary(t.db, filterOf(q), NOW, { source: "rollup", fold: false })), source: "rows" }, q).toEqual(rows);
    }
    expect(await foldRollup(t.db, { limit: 500 })).toBe(500);
    expect(await marked()).toBe(700);
    expect(await foldAll(t.db, 300)).toBe(700);
    expect(await marked()).toBe(0);
  });

  it("the job that runs every minute folds what is marked", async () => {
    await t.db.execute(
      sql`update payment_items set refunded_paise = refunded_paise + 1 where id in (select id from payment_items where status = 'success' order by id limit 3)`,
    );
    expect(await marked()).toBe(3);
    const job = rollupFoldJob();
    expect([job.name, job.cron]).toEqual(["organiser-rollup", "* * * * *"]);
    await job.handler(undefined, { db: t.db, jobId: "test", retryCount: 0, retryLimit: 0 });
    expect(await marked()).toBe(0);
  });

  it("every way a payment settles marks it (through its items), so the totals are exact before a fold", async () => {
    await foldAll(t.db);
    const pending = await rowsOf<{ id: string; merch_txn_id: string; expected_paise: number }>(
      t.db,
      sql`select id, merch_txn_id, expected_paise from payments where status = 'pending' order by merch_txn_id limit 4`,
    );
    expect(pending).toHaveLength(4);
    await t.db.execute(sql`update registrations set held_until = ${new Date(Date.now() + 86_400_000).toISOString()}::timestamptz
      where id in (select registration_id from payment_items where payment_id in (${sql.join(
        pending.map((p) => sql`${p.id}::uuid`),
        sql`, `,
      )}))`);
    await foldAll(t.db);
    const [paid, declined, mismatched, late] = pending as [
      (typeof pending)[0],
      (typeof pending)[0],
      (typeof pending)[0],
      (typeof pending)[0],
    ];
    const isMarked = async (id: string) =>
      (await rowsOf<{ n: number }>(t.db, sql`select count(*)::integer as n from organiser_marks where payment_id = ${id}::uuid`))[0]!.n > 0;
    const exact = async () => {
      for (const q of ["", "status=success", "flagged=1"]) {
        const rows = await listSummary(t.db, filterOf(q), NOW, { source: "rows" });
        expect({ ...(await listSummary(t.db, filterOf(q), NOW, { source: "rollup", fold: false })), source: "rows" }, q).toEqual(rows);
      }
    };
    const success = (p: (typeof pending)[0], extra: Partial<Parameters<typeof settle>[2]> = {}) =>
      settle(t.db, p.merch_txn_id, {
        kind: "gateway",
        source: "return",
        statusCode: "OTS0000",
        atomTxnId: `88${p.merch_txn_id.slice(-10)}`,
        bankTxnId: "BK-MARKS",
        amountPaise: p.expected_paise,
        surchargePaise: 700,
        totalPaise: p.expected_paise + 700,
        subChannel: "UP",
        ...extra,
      } as Parameters<typeof settle>[2]);
    const steps: [string, () => Promise<{ to: string }>, string][] = [
      ["paid with a surcharge", () => success(paid), paid.id],
      [
        "declined",
        () => settle(t.db, declined.merch_txn_id, { kind: "local", status: "failed", reason: "declined by the bank" }),
        declined.id,
      ],
      [
        "charged another amount",
        () =>
          success(mismatched, {
            amountPaise: mismatched.expected_paise + 100,
            totalPaise: mismatched.expected_paise + 800,
            mismatches: ["amount"],
          }),
        mismatched.id,
      ],
      ["expired", () => settle(t.db, late.merch_txn_id, { kind: "local", status: "expired", reason: "never completed" }), late.id],
      [
        "paid late, after expiring",
        async () => {
          // Its hold was released when it expired: a late success is paid only where a seat is free and a team's
          // roster fits, and the bulk data's events may be full and its teams are captains alone, so this event takes
          // everyone and any team (the late-success rule has its own tests, lib/payments/settle/).
          await t.db.execute(sql`update events set capacity = null, min_team_size = 1 where id in (select r.event_id from payment_items i
            join registrations r on r.id = i.registration_id where i.payment_id = ${late.id}::uuid)`);
          return success(late);
        },
        late.id,
      ],
      [
        "reversed by the bank",
        () =>
          settle(t.db, paid.merch_txn_id, {
            kind: "gateway",
            source: "status",
            statusCode: "OTS0001",
            atomTxnId: `88${paid.merch_txn_id.slice(-10)}`,
          }),
        paid.id,
      ],
    ];
    const reached: string[] = [];
    for (const [label, step, id] of steps) {
      await foldAll(t.db);
      reached.push((await step()).to);
      expect(await isMarked(id), label).toBe(true);
      await exact();
    }
    expect(reached).toEqual(["success", "failed", "flagged", "expired", "success", "reversed"]);

    // The return path's own statement (a genuine success recorded, paid and mailed at once) marks it too.
    const deps = testDeps(t);
    const started = await startPayment(deps, await newUser(t, "marks"), { items: [{ eventSlug: "solo-singing" }] });
    await foldAll(t.db);
    const { form } = await sandboxComplete(t.db, deps.config, { atomTokenId: started.atomTokenId, outcome: "surcharge", mode: "NB" });
    await receiveGatewayMessage(deps, form!, "return");
    const [row] = await rowsOf<{ id: string; status: string }>(
      t.db,
      sql`select id, status from payments where merch_txn_id = ${started.merchTxnId}`,
    );
    expect(row!.status).toBe("success");
    expect(await isMarked(row!.id)).toBe(true);
    await exact();
    await foldAll(t.db);
  });

  it("changes that do not touch the totals mark nothing", async () => {
    await t.db.execute(
      sql`update payments set last_checked_at = ${NOW.toISOString()}::timestamptz, gateway_message = 'seen' where status = 'pending'`,
    );
    await t.db.execute(sql`update payment_items set updated_at = now()`);
    expect(await marked()).toBe(0);
    await t.db.execute(sql`update payments set surcharge_paise = coalesce(surcharge_paise, 0) + 1 where merch_txn_id = 'ANWRUX00000002'`);
    await t.db.execute(
      sql`update payment_items set flag_reason = 'looked at' where payment_id = (select id from payments where merch_txn_id = 'ANWRUX00000005')`,
    );
    expect(await marked()).toBe(2);
    await foldAll(t.db);
  });

  it("a writer that changes a payment while a fold of it is under way is never lost", async () => {
    const [item] = await rowsOf<{ id: string; payment_id: string }>(
      t.db,
      sql`select id, payment_id from payment_items where status = 'success' order by id desc limit 1`,
    );
    await foldAll(t.db);
    await t.db.execute(sql`update payment_items set refunded_paise = refunded_paise + 1 where id = ${item!.id}::uuid`);
    expect(await marked()).toBe(1);
    let writer: Promise<unknown> | undefined;
    const folded = await foldRollup(t.db, {
      beforeCommit: async () => {
        // Another session changes the same item now, after the fold took the payment's marks and read its item. On
        // Postgres it commits while the fold is still open; on PGlite its transaction waits for the fold's. Either
        // way its own mark is not one the fold took, so the payment is marked again afterwards.
        writer = t.db.transaction((tx) =>
          tx.execute(sql`update payment_items set refunded_paise = refunded_paise + 100 where id = ${item!.id}::uuid`),
        );
        writer.catch(() => undefined);
        await new Promise((r) => setTimeout(r, 300));
      },
    });
    expect(folded).toBe(1);
    await writer;
    expect(await rowsOf<{ payment_id: string }>(t.db, sql`select distinct payment_id from organiser_marks`)).toEqual([
      { payment_id: item!.payment_id },
    ]);
    const rows = await listSummary(t.db, filterOf(""), NOW, { source: "rows" });
    expect({ ...(await listSummary(t.db, filterOf(""), NOW, { source: "rollup", fold: false })), source: "rows" }).toEqual(rows);
    await foldAll(t.db);
    const [fact] = await rowsOf<{ refunded: number }>(
      t.db,
      sql`select refunded_paise as refunded from organiser_item_facts where item_id = ${item!.id}::uuid`,
    );
    const [live] = await rowsOf<{ refunded: number }>(
      t.db,
      sql`select refunded_paise as refunded from payment_items where id = ${item!.id}::uuid`,
    );
    expect(fact).toEqual(live);
  });

  it("writers and folds at the same time: nothing is lost", async () => {
    const items = await rowsOf<{ id: string }>(t.db, sql`select id from payment_items where status = 'success' order by id limit 100`);
    expect(items).toHaveLength(100);
    // 800 writes in their own transactions (8 per item), while two folders fold small batches non-stop.
    let writing = true;
    const folder = async () => {
      let folded = 0;
      while (writing) folded += await foldRollup(t.db, { limit: 10 });
      return folded;
    };
    const folders = [folder(), folder()];
    await Promise.all(
      items.flatMap((item, i) =>
        [1, 2, 3, 4, 5, 6, 7, 8].map((k) =>
          t.db.transaction(async (tx) => {
            await tx.execute(sql`update payment_items set refunded_paise = refunded_paise + ${k} where id = ${item.id}::uuid`);
            if ((i + k) % 3 === 0) await tx.execute(sql`update payment_items set flag_reason = ${`pass ${k}`} where id = ${item.id}::uuid`);
          }),
        ),
      ),
    );
    writing = false;
    expect((await Promise.all(folders)).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    for (const q of ["", "flagged=1", "status=success"]) {
      const rows = await listSummary(t.db, filterOf(q), NOW, { source: "rows" });
      expect({ ...(await listSummary(t.db, filterOf(q), NOW, { source: "rollup", fold: false })), source: "rows" }, q).toEqual(rows);
    }
    await foldAll(t.db);
    expect(await marked()).toBe(0);
    const rows = await listSummary(t.db, filterOf(""), NOW, { source: "rows" });
    expect({ ...(await listSummary(t.db, filterOf(""), NOW, { source: "rollup" })), source: "rows" }).toEqual(rows);
    // Each item got 1 + 2 + … + 8 paise more refunded, all of it counted.
    const [facts] = await rowsOf<{ refunded: string }>(
      t.db,
      sql`select sum(refunded_paise)::text as refunded from organiser_item_facts where item_id in (${sql.join(
        items.map((i) => sql`${i.id}::uuid`),
        sql`, `,
      )})`,
    );
    const [live] = await rowsOf<{ refunded: string }>(
      t.db,
      sql`select sum(refunded_paise)::text as refunded from payment_items where id in (${sql.join(
        items.map((i) => sql`${i.id}::uuid`),
        sql`, `,
      )})`,
    );
    expect(facts).toEqual(live);
  });
});
