// Totals and the per-event picture for a filter, counted over the same item rows, with the same money, as the
// list and the CSV (lib/organiser/rows.ts): summing the CSV's columns gives exactly these figures.
//
// Two ways to the same numbers. Filters the rollup can answer (event, status, kind, flagged, whole India days)
// read the rollup (rollup.ts): a cost of days × events, whatever the number of items. Others (a search, "pending
// for more than", a from/to with a time of day) add the matching rows up directly. Tests hold the two to the same
// answer.
import { and, eq, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { events, type PaymentStatus, paymentItems, payments, registrations } from "@/db/schema";
import { PAYMENT_STATUS_ORDER } from "@/lib/payments/labels";
import { formatIndiaInput, hasAnyFilter, type PaymentFilter } from "./filters";
import { factsOf, foldRollup } from "./rollup";
import { filterWhere, money } from "./rows";

export interface StatusTotal {
  /** Items (rows) with this status. */
  count: number;
  /** Their fees: what was asked. */
  feePaise: number;
  /** Money that moved for them (paid and under review only). */
  paidPaise: number;
  refundedPaise: number;
}

export interface Totals {
  /** Rows: one per item, i.e. per registration in each matching payment. */
  count: number;
  byStatus: Record<PaymentStatus, StatusTotal>;
  /** Fees that moved: the "Paid" column's sum (paid and under review; the surcharge is not in it). */
  collectedPaise: number;
  /** Of which on items under review (flagged): money arrived but an organiser must admit or refund it. */
  underReviewPaise: number;
  /** The gateway's surcharges: the "Surcharge" column's sum. */
  surchargePaise: number;
  /** The "Refunded" column's sum. */
  refundedPaise: number;
  /** collected + surcharge − refunded: the "Net" column's sum. */
  netPaise: number;
}

export interface EventStat {
  slug: string;
  name: string;
  kind: "solo" | "team";
  /** Paid items: registrations paid through the matching payments. */
  paid: number;
  /** Every matching item of the event, whatever its status. */
  items: number;
  pending: number;
  collectedPaise: number;
  surchargePaise: number;
  refundedPaise: number;
  netPaise: number;
}

export interface Summary {
  totals: Totals;
  /** Registrations and money per event, for the filter. Events with nothing matching show as zero. */
  events: EventStat[];
  /** Pending payments older than `stuckMinutes` with a matching item (what a bulk requery asks about); 0 when not asked. */
  stuck: number;
  /** Which way the figures were added up (for tests and the benchmark). */
  source: "rollup" | "rows";
}

interface Group {
  event_id: string;
  status: PaymentStatus;
  items: number;
  fee_paise: number;
  paid_paise: number;
  surcharge_paise: number;
  refunded_paise: number;
}

const IST_MIDNIGHT = (d: Date) => formatIndiaInput(d).length === 10;

/**
 * The rollup answers filters made of event, status, kind, flagged and whole India days. It has no method: the desk's
 * totals (a filter by method) are added up from the rows, which are few.
 */
export function rollupCanAnswer(filter: PaymentFilter): boolean {
  if (filter.q || filter.pendingOverMinutes !== undefined || filter.method) return false;
  return (!filter.from || IST_MIDNIGHT(filter.from)) && (!filter.to || IST_MIDNIGHT(filter.to));
}

/** The filter over rollup-shaped rows (day, status, flagged) under `alias`. */
function rollupWhere(filter: PaymentFilter, alias: string): SQL {
  const a = sql.raw(alias);
  const parts: SQL[] = [sql`true`];
  if (filter.status.length)
    parts.push(
      sql`${a}.status in (${sql.join(
        filter.status.map((s) => sql`${s}::payment_status`),
        sql`, `,
      )})`,
    );
  if (filter.flagged) parts.push(sql`${a}.flagged`);
  if (filter.from) parts.push(sql`${a}.day >= ${formatIndiaInput(filter.from)}::date`);
  if (filter.to) parts.push(sql`${a}.day < ${formatIndiaInput(filter.to, false)}::date`);
  return sql.join(parts, sql` and `);
}

async function groupsFromRollup(db: Db, filter: PaymentFilter): Promise<Group[]> {
  const marked = sql`select payment_id from organiser_marks`;
  const e: SQL[] = [sql`true`];
  if (filter.event) e.push(sql`e.slug = ${filter.event}`);
  if (filter.eventIds)
    e.push(
      filter.eventIds.length
        ? sql`e.id in (${sql.join(
            filter.eventIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`
        : sql`false`,
    );
  if (filter.kind) e.push(sql`e.kind = ${filter.kind}::event_kind`);
  // One statement, one snapshot: the rollup, plus the marked payments as they are now, minus them as folded.
  return rowsOf<Group>(
    db,
    sql`with parts as (
        select ro.event_id, ro.status, ro.items, ro.fee_paise, ro.paid_paise, ro.surcharge_paise, ro.refunded_paise
          from organiser_rollup ro where ${rollupWhere(filter, "ro")}
        union all
        select cur.event_id, cur.status, 1, cur.fee_paise, cur.paid_paise, cur.surcharge_paise, cur.refunded_paise
          from (${factsOf(marked)}) cur where ${rollupWhere(filter, "cur")}
        union all
        select old.event_id, old.status, -1, -old.fee_paise, -old.paid_paise, -old.surcharge_paise, -old.refunded_paise
          from organiser_item_facts old where old.payment_id in (${marked}) and ${rollupWhere(filter, "old")}
      )
      select parts.event_id, parts.status, sum(parts.items)::integer as items, sum(parts.fee_paise)::bigint as fee_paise,
             sum(parts.paid_paise)::bigint as paid_paise, sum(parts.surcharge_paise)::bigint as surcharge_paise,
             sum(parts.refunded_paise)::bigint as refunded_paise
      from parts join events e on e.id = parts.event_id
      where ${sql.join(e, sql` and `)}
      group by parts.event_id, parts.status`,
  );
}

async function groupsFromRows(db: Db, filter: PaymentFilter, now: Date): Promise<Group[]> {
  const rows = await db
    .select({
      event_id: registrations.eventId,
      status: paymentItems.status,
      items: sql<number>`count(*)::integer`,
      fee_paise: sql<number>`coalesce(sum(${paymentItems.amountPaise}), 0)::bigint`,
      paid_paise: sql<number>`coalesce(sum(${money.paid}), 0)::bigint`,
      surcharge_paise: sql<number>`coalesce(sum(${money.surcharge}), 0)::bigint`,
      refunded_paise: sql<number>`coalesce(sum(${money.refunded}), 0)::bigint`,
    })
    .from(paymentItems)
    .innerJoin(payments, eq(payments.id, paymentItems.paymentId))
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .innerJoin(events, eq(events.id, registrations.eventId))
    .where(filterWhere(filter, now))
    .groupBy(registrations.eventId, paymentItems.status);
  return rows as Group[];
}

/** Payments with a matching item: for the bulk requery and its count. */
export function hasMatchingItem(filter: PaymentFilter, now: Date): SQL | undefined {
  if (!hasAnyFilter(filter) && !filter.eventIds) return undefined;
  return sql`exists (select 1 from payment_items join registrations on registrations.id = payment_items.registration_id
    join events on events.id = registrations.event_id where payment_items.payment_id = ${payments.id} and ${filterWhere(filter, now)})`;
}

async function stuckCount(db: Db, filter: PaymentFilter, now: Date, minutes: number): Promise<number> {
  const cutoff = new Date(now.getTime() - minutes * 60_000);
  const [row] = await db
    .select({ n: sql<number>`count(*)::integer`.mapWith(Number) })
    .from(payments)
    .where(and(eq(payments.status, "pending"), lt(payments.createdAt, cutoff), hasMatchingItem(filter, now)));
  return row?.n ?? 0;
}

const emptyByStatus = () =>
  Object.fromEntries(PAYMENT_STATUS_ORDER.map((s) => [s, { count: 0, feePaise: 0, paidPaise: 0, refundedPaise: 0 }])) as Record<
    PaymentStatus,
    StatusTotal
  >;

export interface SummaryOptions {
  /** Count pending payments older than this many minutes (the bulk requery's button). */
  stuckMinutes?: number;
  /** Add the rows up directly even when the rollup could answer (tests compare the two). */
  source?: "rows" | "rollup";
  /** Fold a batch of marked payments first (default); the figures are the same either way. */
  fold?: boolean;
}

export async function listSummary(db: Db, filter: PaymentFilter, now = new Date(), opts: SummaryOptions = {}): Promise<Summary> {
  const source = opts.source ?? (rollupCanAnswer(filter) ? "rollup" : "rows");
  if (source === "rollup" && !rollupCanAnswer(filter)) throw new Error("the rollup cannot answer this filter");
  // Keep the marked set small, so readers add up few rows; a fold in progress elsewhere is simply skipped.
  if (source === "rollup" && opts.fold !== false) await foldRollup(db, { limit: 2000 });
  const [groups, eventRows, stuck] = await Promise.all([
    source === "rollup" ? groupsFromRollup(db, filter) : groupsFromRows(db, filter, now),
    db
      .select({ id: events.id, slug: events.slug, name: events.name, kind: events.kind })
      .from(events)
      .where(
        and(
          filter.event ? eq(events.slug, filter.event) : undefined,
          filter.eventIds ? inArray(events.id, [...filter.eventIds]) : undefined,
        ),
      )
      .orderBy(events.name),
    opts.stuckMinutes === undefined ? Promise.resolve(0) : stuckCount(db, filter, now, opts.stuckMinutes),
  ]);
  const byStatus = emptyByStatus();
  const perEvent = new Map(
    eventRows
      .filter((e) => !filter.kind || e.kind === filter.kind)
      .map((e) => [
        e.id,
        {
          slug: e.slug,
          name: e.name,
          kind: e.kind,
          paid: 0,
          items: 0,
          pending: 0,
          collectedPaise: 0,
          surchargePaise: 0,
          refundedPaise: 0,
          netPaise: 0,
        },
      ]),
  );
  let underReviewPaise = 0;
  let surchargePaise = 0;
  for (const g of groups) {
    const [items, fee, paid, surcharge, refunded] = [g.items, g.fee_paise, g.paid_paise, g.surcharge_paise, g.refunded_paise].map(
      Number,
    ) as [number, number, number, number, number];
    if (items === 0) continue;
    const t = byStatus[g.status];
    t.count += items;
    t.feePaise += fee;
    t.paidPaise += paid;
    t.refundedPaise += refunded;
    surchargePaise += surcharge;
    if (g.status === "flagged") underReviewPaise += paid;
    const e = perEvent.get(g.event_id);
    if (!e) continue;
    e.items += items;
    if (g.status === "pending") e.pending += items;
    if (g.status === "success") e.paid += items;
    e.collectedPaise += paid;
    e.surchargePaise += surcharge;
    e.refundedPaise += refunded;
    e.netPaise = e.collectedPaise + e.surchargePaise - e.refundedPaise;
  }
  const count = PAYMENT_STATUS_ORDER.reduce((n, s) => n + byStatus[s].count, 0);
  const collectedPaise = PAYMENT_STATUS_ORDER.reduce((n, s) => n + byStatus[s].paidPaise, 0);
  const refundedPaise = PAYMENT_STATUS_ORDER.reduce((n, s) => n + byStatus[s].refundedPaise, 0);
  return {
    totals: {
      count,
      byStatus,
      collectedPaise,
      underReviewPaise,
      surchargePaise,
      refundedPaise,
      netPaise: collectedPaise + surchargePaise - refundedPaise,
    },
    events: [...perEvent.values()],
    stuck,
    source,
  };
}

export async function listTotals(db: Db, filter: PaymentFilter, now = new Date(), opts: SummaryOptions = {}): Promise<Totals> {
  return (await listSummary(db, filter, now, opts)).totals;
}

export async function eventStats(db: Db, filter: PaymentFilter, now = new Date(), opts: SummaryOptions = {}): Promise<EventStat[]> {
  return (await listSummary(db, filter, now, opts)).events;
}
