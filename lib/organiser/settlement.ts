// The console's settlement view: per day (India time) of collection, what was collected, what AtomPay has settled
// to us (reconStatus RS or PNRS, learned by requerying successes), what is not settled yet, and what the bank
// reversed afterwards; plus every possible double charge (a second successful transaction for one payment).
// Collected = settled + not yet settled + reversed, by construction.
import { stringify } from "csv-stringify/sync";
import { and, asc, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { paymentExtraCharges, payments } from "@/db/schema";
import { istDay, startOfIndiaDay } from "@/lib/format";
import { indiaDaySql } from "@/lib/format-sql";
import { SETTLED_RECON_STATUSES } from "@/lib/payments/recon-status";
import { paiseToRupeesText } from "./money";

export interface Bucket {
  count: number;
  paise: number;
}

export interface SettlementDay {
  /** YYYY-MM-DD, the India-time day the payment was collected (settled as a success). */
  day: string;
  collected: Bucket;
  settled: Bucket;
  notSettled: Bucket;
  reversed: Bucket;
}

export interface DoubleCharge {
  merchTxnId: string;
  name: string;
  /** The payment's own gateway transaction, then the further ones. */
  atomTxnIds: string[];
  extraPaise: number;
  firstSeenAt: Date;
}

export interface Settlement {
  from: string;
  to: string;
  days: SettlementDay[];
  totals: Omit<SettlementDay, "day">;
  doubleCharges: DoubleCharge[];
}

const DAY_MS = 24 * 60 * 60_000;
const MAX_DAYS = 366;

// India's day is lib/format.ts's; exported here too for this module's callers and tests.
export { istDay };

const dayText = z.iso.date("Use a date like 2026-11-27.");

export const settlementRangeSchema = z.object({ from: dayText.optional(), to: dayText.optional() }).transform((r, ctx) => {
  const to = r.to ?? istDay(new Date());
  const from = r.from ?? istDay(new Date(startOfIndiaDay(to).getTime() - 29 * DAY_MS));
  const days = (startOfIndiaDay(to).getTime() - startOfIndiaDay(from).getTime()) / DAY_MS + 1;
  if (days < 1) ctx.addIssue({ code: "custom", path: ["from"], message: "The first day must not be after the last day." });
  else if (days > MAX_DAYS) ctx.addIssue({ code: "custom", path: ["from"], message: `Choose at most ${MAX_DAYS} days.` });
  return { from, to };
});
export type SettlementRange = z.output<typeof settlementRangeSchema>;

const count = (where: ReturnType<typeof sql>) => sql<number>`(count(*) filter (where ${where}))::integer`.mapWith(Number);
const paise = (where: ReturnType<typeof sql>) =>
  sql<number>`coalesce(sum(${payments.totalPaise}) filter (where ${where}), 0)::bigint`.mapWith(Number);

export async function settlementView(db: Db, range: SettlementRange): Promise<Settlement> {
  const start = startOfIndiaDay(range.from);
  const end = new Date(startOfIndiaDay(range.to).getTime() + DAY_MS);
  const settledCodes = sql.join(
    SETTLED_RECON_STATUSES.map((c) => sql`${c}`),
    sql`, `,
  );
  const isSettled = sql`${payments.status} = 'success' and ${payments.reconStatus} in (${settledCodes})`;
  const notSettled = sql`${payments.status} = 'success' and (${payments.reconStatus} is null or ${payments.reconStatus} not in (${settledCodes}))`;
  const reversed = sql`${payments.status} = 'reversed'`;
  const all = sql`true`;
  const day = sql<string>`to_char(${indiaDaySql(payments.settledAt)}, 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      day,
      collectedCount: count(all),
      collectedPaise: paise(all),
      settledCount: count(isSettled),
      settledPaise: paise(isSettled),
      notSettledCount: count(notSettled),
      notSettledPaise: paise(notSettled),
      reversedCount: count(reversed),
      reversedPaise: paise(reversed),
    })
    .from(payments)
    .where(and(inArray(payments.status, ["success", "reversed"]), gte(payments.settledAt, start), lt(payments.settledAt, end)))
    .groupBy(day)
    .orderBy(desc(day));
  const days: SettlementDay[] = rows.map((r) => ({
    day: r.day,
    collected: { count: r.collectedCount, paise: r.collectedPaise },
    settled: { count: r.settledCount, paise: r.settledPaise },
    notSettled: { count: r.notSettledCount, paise: r.notSettledPaise },
    reversed: { count: r.reversedCount, paise: r.reversedPaise },
  }));
  const sum = (k: keyof Omit<SettlementDay, "day">): Bucket => ({
    count: days.reduce((n, d) => n + d[k].count, 0),
    paise: days.reduce((n, d) => n + d[k].paise, 0),
  });

  const extras = await db
    .select({
      merchTxnId: payments.merchTxnId,
      name: payments.name,
      own: payments.atomTxnId,
      atomTxnId: paymentExtraCharges.atomTxnId,
      totalPaise: paymentExtraCharges.totalPaise,
      receivedAt: paymentExtraCharges.receivedAt,
    })
    .from(paymentExtraCharges)
    .innerJoin(payments, eq(payments.id, paymentExtraCharges.paymentId))
    .where(and(gte(paymentExtraCharges.receivedAt, start), lt(paymentExtraCharges.receivedAt, end)))
    .orderBy(asc(paymentExtraCharges.receivedAt))
    .limit(500);
  const byPayment = new Map<string, DoubleCharge>();
  for (const e of extras) {
    const d = byPayment.get(e.merchTxnId) ?? {
      merchTxnId: e.merchTxnId,
      name: e.name,
      atomTxnIds: e.own ? [e.own] : [],
      extraPaise: 0,
      firstSeenAt: e.receivedAt,
    };
    d.atomTxnIds.push(e.atomTxnId);
    d.extraPaise += e.totalPaise ?? 0;
    byPayment.set(e.merchTxnId, d);
  }

  return {
    ...range,
    days,
    totals: { collected: sum("collected"), settled: sum("settled"), notSettled: sum("notSettled"), reversed: sum("reversed") },
    doubleCharges: [...byPayment.values()],
  };
}

const SETTLEMENT_CSV_HEADER = [
  "day_ist",
  "collected_count",
  "collected_inr",
  "settled_count",
  "settled_inr",
  "not_settled_count",
  "not_settled_inr",
  "reversed_count",
  "reversed_inr",
] as const;

/** The view as CSV: one line per day, newest first, money in rupees with two decimals. */
export function settlementCsv(view: Settlement): string {
  const cells = (d: Omit<SettlementDay, "day">) =>
    [d.collected, d.settled, d.notSettled, d.reversed].flatMap((b) => [String(b.count), paiseToRupeesText(b.paise)]);
  return stringify([[...SETTLEMENT_CSV_HEADER], ...view.days.map((d) => [d.day, ...cells(d)])]);
}
