// The organisers' totals at any size: a rollup (sums per India day, event, status and flag) kept from per-item
// facts, so the console's totals cost the number of days × events, not the number of items.
//
// Triggers (migration 0010_organiser_rollup) append a payment to organiser_marks, in the same transaction,
// whenever an item or a payment changes in a way the totals depend on. A fold turns marked payments into facts and
// rollup rows. Readers never wait for a fold: they read the rollup plus the marked payments' current rows minus
// their stale facts, in ONE statement (one snapshot), so totals are exact whether or not anything has been folded.
//
// Why a fold cannot lose a change: its first statement deletes the marks it will fold, and a DELETE only sees rows
// committed before it started. A writer committed by then has its change seen by the fold's later statements too
// (each sees at least as much); a writer committing later keeps its own mark, so the payment is folded again.
// Writers never wait for a fold (a mark is an insert into a table without keys), and a fold never waits for
// writers. Folds run one at a time (an advisory lock); a reader that finds one running skips it.
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { paymentItems, registrations } from "@/db/schema";
import type { JobDefinition } from "@/lib/jobs/runner";
import { flaggedExpr, ITEM_JOINS, itemDay, money } from "./rows";

const FOLD_LOCK = 774_201_733; // arbitrary, constant: "organiser rollup fold"

/** The facts of the items of the payments selected by `paymentIds` (an SQL set), as the rollup counts them. */
export function factsOf(paymentIds: SQL): SQL {
  return sql`select ${paymentItems.id} as item_id, ${paymentItems.paymentId} as payment_id, ${itemDay} as day,
      ${registrations.eventId} as event_id, ${paymentItems.status} as status, ${flaggedExpr} as flagged,
      ${paymentItems.amountPaise} as fee_paise, coalesce(${money.paid}, 0) as paid_paise,
      coalesce(${money.surcharge}, 0) as surcharge_paise, coalesce(${money.refunded}, 0) as refunded_paise
    from ${ITEM_JOINS} where ${paymentItems.paymentId} in (${paymentIds})`;
}

const uuidArray = (ids: string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;

/** Adds (sign 1) or takes away (sign -1) a set of facts from the rollup. */
function applyToRollup(facts: SQL, sign: 1 | -1): SQL {
  const s = sql.raw(String(sign));
  return sql`insert into organiser_rollup (day, event_id, status, flagged, items, fee_paise, paid_paise, surcharge_paise, refunded_paise)
    select day, event_id, status, flagged, ${s} * count(*), ${s} * sum(fee_paise), ${s} * sum(paid_paise),
      ${s} * sum(surcharge_paise), ${s} * sum(refunded_paise)
    from (${facts}) f group by day, event_id, status, flagged
    on conflict (day, event_id, status, flagged) do update set
      items = organiser_rollup.items + excluded.items, fee_paise = organiser_rollup.fee_paise + excluded.fee_paise,
      paid_paise = organiser_rollup.paid_paise + excluded.paid_paise, surcharge_paise = organiser_rollup.surcharge_paise + excluded.surcharge_paise,
      refunded_paise = organiser_rollup.refunded_paise + excluded.refunded_paise`;
}

/**
 * Folds up to `limit` marked payments into the rollup (one transaction). Returns how many were folded; 0 when
 * nothing was marked or another fold is running. `beforeCommit` runs inside the transaction after the rollup is
 * written (a seam for the test that races a writer against a fold).
 */
export async function foldRollup(db: Db, opts: { limit?: number; beforeCommit?: () => Promise<void> } = {}): Promise<number> {
  const limit = Math.min(Math.max(1, opts.limit ?? 5000), 50_000);
  // Most calls find nothing to do: answer that without a transaction.
  const [any] = await rowsOf<{ one: number }>(db, sql`select 1 as one from organiser_marks limit 1`);
  if (!any) return 0;
  return db.transaction(async (tx) => {
    const [lock] = await rowsOf<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${FOLD_LOCK}) as ok`);
    if (!lock?.ok) return 0;
    // Take every mark of up to `limit` payments (a payment may be marked several times).
    const taken = await rowsOf<{ payment_id: string }>(
      tx,
      sql`with picked as (select distinct payment_id from organiser_marks limit ${limit}),
        taken as (delete from organiser_marks m using picked where m.payment_id = picked.payment_id returning m.payment_id)
        select distinct payment_id from taken`,
    );
    if (!taken.length) return 0;
    const set = sql`select unnest(${uuidArray(taken.map((m) => m.payment_id))})`;
    // Take the old facts out, put the current ones in: the rollup stays the sum of the facts.
    await tx.execute(applyToRollup(sql`select * from organiser_item_facts where payment_id in (${set})`, -1));
    await tx.execute(sql`delete from organiser_item_facts where payment_id in (${set})`);
    await tx.execute(
      sql`insert into organiser_item_facts
        (item_id, payment_id, day, event_id, status, flagged, fee_paise, paid_paise, surcharge_paise, refunded_paise) ${factsOf(set)}`,
    );
    await tx.execute(applyToRollup(sql`select * from organiser_item_facts where payment_id in (${set})`, 1));
    await tx.execute(
      sql`delete from organiser_rollup where items = 0 and fee_paise = 0 and paid_paise = 0 and surcharge_paise = 0 and refunded_paise = 0`,
    );
    // For tests: a writer started here must not lose its change (see the top of this file).
    await opts.beforeCommit?.();
    return taken.length;
  });
}

/** Folds until nothing is marked, or `maxBatches` batches (for a fixture, a deploy step and the job below). */
export async function foldAll(db: Db, batch = 20_000, maxBatches = Infinity): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await foldRollup(db, { limit: batch });
    total += n;
    if (n === 0) break;
  }
  return total;
}

/**
 * Folds every minute, so the marks stay few even while nobody looks at the console (a registration rush marks
 * every payment twice): readers add up only the marked payments' rows, and a page's own fold stays small.
 */
export function rollupFoldJob(): JobDefinition {
  return {
    name: "organiser-rollup",
    // The next minute's run is the retry.
    retryLimit: 0,
    retryDelaySeconds: 0,
    expireInSeconds: 5 * 60,
    cron: "* * * * *",
    handler: async (_data, ctx) => {
      // At most 100,000 payments a run, in transactions of 5,000: a backlog drains over a few minutes.
      await foldAll(ctx.db, 5000, 20);
    },
  };
}
