// The console's settlement view: per day (India time) of collection, what was collected, what AtomPay has settled
// to us (reconStatus RS or PNRS, learned by requerying successes), what is not settled yet, and what the bank
// reversed afterwards; what was refunded (per India-time day AtomPay accepted the refund was asked for); plus every
// possible double charge (a second successful transaction for one payment).
// Collected = settled + not yet settled + reversed, by construction; refunds are money going back, beside it.
import { stringify } from "csv-stringify/sync";
import { and, asc, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { paymentExtraCharges, payments, refunds } from "@/db/schema";
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
  /** Refunds AtomPay accepted, on the day they were asked for (count: refunds, not payments). */
  refunded: Bucket;
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
  const refundDay = sql<string>`to_char(${indiaDaySql(refunds.createdAt)}, 'YYYY-MM-DD')`;
  const refundRows = await db
    .select({
      day: refundDay,
      count: sql<number>`count(*)::integer`.mapWith(Number),
      paise: sql<number>`coalesce(sum(${refunds.amountPaise}), 0)::bigint`.mapWith(Number),
    })
    .from(refunds)
    .where(and(eq(refunds.status, "accepted"), gte(refunds.createdAt, start), lt(refunds.createdAt, end)))
    .groupBy(refundDay);
  const none = (): Bucket => ({ count: 0, paise: 0 });
  const byDay = new Map<string, SettlementDay>(
    rows.map((r) => [
      r.day,
      {
        day: r.day,
        collected: { count: r.collectedCount, paise: r.collectedPaise },
        settled: { count: r.settledCount, paise: r.settledPaise },
        notSettled: { count: r.notSettledCount, paise: r.notSettledPaise },
        reversed: { count: r.reversedCount, paise: r.reversedPaise },
        refunded: none(),
      },
    ]),
  );
  // A day with refunds and no collection still gets its line.
  for (const r of refundRows) {
    const d = byDay.get(r.day) ?? {
      day: r.day,
      collected: none(),
      settled: none(),
      notSettled: none(),
      reversed: none(),
      refunded: none(),
    };
    d.refunded = { count: r.count, paise: r.paise };
    byDay.set(r.day, d);
  }
  const days = [...byDay.values()].sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
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
    totals: {
      collected: sum("collected"),
      settled: sum("settled"),
      notSettled: sum("notSettled"),
      reversed: sum("reversed"),
      refunded: sum("refunded"),
    },
    doubleCharges: [...byPayment.values()],
  };
}

/** The buckets in the order the page and the CSV show them, each with its words (the page's column headers). */
export const SETTLEMENT_BUCKETS: readonly [key: keyof Omit<SettlementDay, "day">, words: string, counted: string][] = [
  ["collected", "Collected", "payments"],
  ["settled", "Settled by AtomPay", "payments"],
  ["notSettled", "Not settled yet", "payments"],
  ["reversed", "Reversed by the bank", "payments"],
  ["refunded", "Refunded", "refunds"],
];

// In words, like the payments CSV (lib/organiser/csv.ts): a count and an amount per bucket.
const SETTLEMENT_CSV_HEADER = [
  "Day (IST)",
  ...SETTLEMENT_BUCKETS.flatMap(([, words, counted]) => [`${words}: ${counted}`, `${words} (₹)`]),
];

/** The view as CSV: one line per day, newest first, money in rupees with two decimals. */
export function settlementCsv(view: Settlement): string {
  const cells = (d: Omit<SettlementDay, "day">) => SETTLEMENT_BUCKETS.flatMap(([k]) => [String(d[k].count), paiseToRupeesText(d[k].paise)]);
  return stringify([SETTLEMENT_CSV_HEADER, ...view.days.map((d) => [d.day, ...cells(d)])], { record_delimiter: "\r\n" });
}
