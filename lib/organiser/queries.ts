// The organisers' reads: one WHERE clause built from the URL's filter, used by the list page, the totals, the
// per-event picture and the CSV export, so all four always agree on which payments are "the current filter".
import { type SQL, and, asc, desc, eq, gte, inArray, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type PaymentStatus, events, payments, teams } from "@/db/schema";
import type { Cursor } from "./cursor";
import { type ListView, PAYMENT_STATUSES, type PaymentFilter, type SortDir, type SortKey } from "./filters";

/** LIKE pattern for "contains", with the user's %, _ and \ taken literally. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The searchable text of a payment: one expression (fields joined by a unit separator nobody can type, so a
 * match never spans two fields). Built from || and coalesce, which are immutable, so a trigram index on exactly
 * this expression can serve the search on a large table (see SEARCH_INDEX_SQL).
 */
export const searchText = sql`lower(${payments.name} || chr(31) || ${payments.email} || chr(31) || ${payments.phone} || chr(31) || ${payments.anweshaId} || chr(31) || ${payments.merchTxnId} || chr(31) || coalesce(${payments.atompayTransactionId}, '') || chr(31) || coalesce(${payments.bankTransactionId}, ''))`;

/** The index that makes the search fast at 100,000 payments (a migration's job; needs the pg_trgm extension). */
export const SEARCH_INDEX_SQL = `CREATE INDEX IF NOT EXISTS payments_search_trgm ON payments USING gin (lower(name || chr(31) || email || chr(31) || phone || chr(31) || anwesha_id || chr(31) || merch_txn_id || chr(31) || coalesce(atompay_transaction_id, '') || chr(31) || coalesce(bank_transaction_id, '')) gin_trgm_ops)`;

export function filterWhere(filter: PaymentFilter, now = new Date()): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (filter.event) parts.push(sql`${payments.eventId} = (select e2.id from events e2 where e2.slug = ${filter.event})`);
  if (filter.status.length) {
    parts.push(filter.status.length === 1 ? eq(payments.status, filter.status[0]!) : inArray(payments.status, filter.status));
  }
  if (filter.kind) parts.push(eq(payments.eventType, filter.kind));
  if (filter.from) parts.push(gte(payments.createdAt, filter.from));
  if (filter.to) parts.push(lt(payments.createdAt, filter.to));
  if (filter.pendingOverMinutes !== undefined) {
    const cutoff = new Date(now.getTime() - filter.pendingOverMinutes * 60_000);
    parts.push(and(eq(payments.status, "pending"), lt(payments.createdAt, cutoff)));
  }
  if (filter.flagged) parts.push(or(eq(payments.status, "flagged"), sql`${payments.flagReason} is not null`));
  if (filter.q) parts.push(sql`${searchText} like ${containsPattern(filter.q.toLowerCase())}`);
  const present = parts.filter((p): p is SQL => p !== undefined);
  return present.length ? and(...present) : undefined;
}

const EPOCH = sql`'1970-01-01T00:00:00Z'::timestamptz`;

/** The sort expression, and how its value is rendered to text (for the cursor) and read back. */
function sortExpr(sort: SortKey): { expr: SQL; text: SQL<string>; cast: (v: string) => SQL } {
  const utc = (e: SQL) => sql<string>`to_char((${e}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  switch (sort) {
    case "created": {
      const expr = sql`${payments.createdAt}`;
      return { expr, text: utc(expr), cast: (v) => sql`${v}::timestamptz` };
    }
    case "settled": {
      // Unsettled attempts sort as if settled at the epoch: last when newest-first.
      const expr = sql`coalesce(${payments.settledAt}, ${EPOCH})`;
      return { expr, text: utc(expr), cast: (v) => sql`${v}::timestamptz` };
    }
    case "amount": {
      const expr = sql`coalesce(${payments.totalPaise}, ${payments.expectedPaise})`;
      return { expr, text: sql<string>`(${expr})::text`, cast: (v) => sql`${v}::integer` };
    }
    case "name": {
      const expr = sql`lower(${payments.name})`;
      return { expr, text: sql<string>`${expr}`, cast: (v) => sql`${v}::text` };
    }
  }
}

function keysetCondition(sort: SortKey, cursor: Cursor, forward: boolean, dir: SortDir): SQL {
  const { expr, cast } = sortExpr(sort);
  // Walking forward in a descending list means smaller keys; walking back means larger ones.
  const smaller = (dir === "desc") === forward;
  return smaller
    ? sql`(${expr}, ${payments.id}) < (${cast(cursor.value)}, ${cursor.id}::uuid)`
    : sql`(${expr}, ${payments.id}) > (${cast(cursor.value)}, ${cursor.id}::uuid)`;
}

export const listColumns = {
  id: payments.id,
  merchTxnId: payments.merchTxnId,
  status: payments.status,
  name: payments.name,
  anweshaId: payments.anweshaId,
  email: payments.email,
  phone: payments.phone,
  eventName: events.name,
  eventSlug: events.slug,
  kind: payments.eventType,
  teamName: teams.name,
  expectedPaise: payments.expectedPaise,
  amountPaise: payments.amountPaise,
  surchargePaise: payments.surchargePaise,
  totalPaise: payments.totalPaise,
  refundedPaise: payments.refundedPaise,
  currency: payments.currency,
  atompayTransactionId: payments.atompayTransactionId,
  bankTransactionId: payments.bankTransactionId,
  paymentMode: payments.paymentMode,
  gatewayStatusCode: payments.gatewayStatusCode,
  flagReason: payments.flagReason,
  createdAt: payments.createdAt,
  settledAt: payments.settledAt,
};

export interface PaymentRow {
  id: string;
  merchTxnId: string;
  status: PaymentStatus;
  name: string;
  anweshaId: string;
  email: string;
  phone: string;
  eventName: string;
  eventSlug: string;
  kind: "solo" | "team";
  teamName: string | null;
  expectedPaise: number;
  amountPaise: number | null;
  surchargePaise: number | null;
  totalPaise: number | null;
  refundedPaise: number;
  currency: string;
  atompayTransactionId: string | null;
  bankTransactionId: string | null;
  paymentMode: string | null;
  gatewayStatusCode: string | null;
  flagReason: string | null;
  createdAt: Date;
  settledAt: Date | null;
  /** The row's sort key as text: what a cursor continuing from this row carries. */
  sortKey: string;
}

export interface ListPage {
  rows: PaymentRow[];
  /** Cursor for the next page (rows after the last one shown), when there is one. */
  next?: Cursor;
  /** Cursor for the previous page (rows before the first one shown), when there is one. */
  prev?: Cursor;
}

export function cursorOf(view: Pick<ListView, "sort" | "dir">, row: Pick<PaymentRow, "sortKey" | "id">): Cursor {
  return { sort: view.sort, dir: view.dir, value: row.sortKey, id: row.id };
}

/** One page of the list. `before` walks backwards (the query runs reversed and the rows are flipped back). */
export async function listPayments(db: Db, view: ListView, now = new Date()): Promise<ListPage> {
  const backwards = Boolean(view.before);
  const cursor = view.before ?? view.after;
  const { expr, text } = sortExpr(view.sort);
  const ascending = (view.dir === "asc") !== backwards;
  const order = ascending ? [asc(expr), asc(payments.id)] : [desc(expr), desc(payments.id)];
  const where = and(filterWhere(view.filter, now), cursor ? keysetCondition(view.sort, cursor, !backwards, view.dir) : undefined);
  const fetched = (await db
    .select({ ...listColumns, sortKey: text })
    .from(payments)
    .innerJoin(events, eq(events.id, payments.eventId))
    .leftJoin(teams, eq(teams.id, payments.teamId))
    .where(where)
    .orderBy(...order)
    .limit(view.limit + 1)) as PaymentRow[];

  const more = fetched.length > view.limit;
  const rows = more ? fetched.slice(0, view.limit) : fetched;
  if (backwards) rows.reverse();
  const page: ListPage = { rows };
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (backwards) {
    if (more && first) page.prev = cursorOf(view, first);
    if (last) page.next = cursorOf(view, last);
  } else {
    if (cursor && first) page.prev = cursorOf(view, first);
    if (more && last) page.next = cursorOf(view, last);
  }
  return page;
}

/**
 * Every row of the filter in the view's order, fetched in keyset batches: memory stays at one batch whatever
 * the size, and no transaction is held open (an embedded database serves one transaction at a time).
 */
export async function* iteratePayments(db: Db, view: Omit<ListView, "after" | "before" | "limit">, opts: { batchSize?: number; now?: Date } = {}): AsyncGenerator<PaymentRow[]> {
  const now = opts.now ?? new Date();
  const limit = opts.batchSize ?? 1000;
  let after: Cursor | undefined;
  for (;;) {
    const page = await listPayments(db, { ...view, limit, after }, now);
    if (page.rows.length) yield page.rows;
    if (!page.next) return;
    after = page.next;
  }
}

export interface StatusTotal {
  count: number;
  /** Sum of the total charged where known, else the fee asked: what is at stake for that status. */
  amountPaise: number;
  refundedPaise: number;
}

export interface Totals {
  count: number;
  byStatus: Record<PaymentStatus, StatusTotal>;
  /** Money received on successful payments (including any surcharge). */
  collectedPaise: number;
  refundedPaise: number;
  /** collected − refunded. */
  netPaise: number;
}

export interface EventStat {
  slug: string;
  name: string;
  kind: "solo" | "team";
  /** Successful payments: registrations. */
  paid: number;
  attempts: number;
  pending: number;
  collectedPaise: number;
  refundedPaise: number;
  netPaise: number;
}

export interface Summary {
  totals: Totals;
  /** Registrations and money per event, for the filter. Events with nothing matching show as zero. */
  events: EventStat[];
  /** Pending attempts older than `stuckMinutes` (what a bulk re-check would ask about); 0 when not asked. */
  stuck: number;
}

const emptyByStatus = () => Object.fromEntries(PAYMENT_STATUSES.map((s) => [s, { count: 0, amountPaise: 0, refundedPaise: 0 }])) as Record<PaymentStatus, StatusTotal>;

/**
 * Totals and the per-event picture from ONE pass over the filtered payments (grouped by event and status: at
 * most events × 6 rows come back), so a large table is scanned once per page view, not twice.
 */
export async function paymentSummary(db: Db, filter: PaymentFilter, now = new Date(), stuckMinutes?: number): Promise<Summary> {
  const stuckCutoff = stuckMinutes === undefined ? null : new Date(now.getTime() - stuckMinutes * 60_000);
  const [groups, eventRows] = await Promise.all([
    db
      .select({
        eventId: payments.eventId,
        status: payments.status,
        count: sql<number>`count(*)::integer`.mapWith(Number),
        amountPaise: sql<number>`coalesce(sum(coalesce(${payments.totalPaise}, ${payments.expectedPaise})), 0)::bigint`.mapWith(Number),
        refundedPaise: sql<number>`coalesce(sum(${payments.refundedPaise}), 0)::bigint`.mapWith(Number),
        stuck: stuckCutoff
          ? sql<number>`(count(*) filter (where ${payments.status} = 'pending' and ${payments.createdAt} < ${stuckCutoff.toISOString()}::timestamptz))::integer`.mapWith(Number)
          : sql<number>`0`.mapWith(Number),
      })
      .from(payments)
      .where(filterWhere(filter, now))
      .groupBy(payments.eventId, payments.status),
    db
      .select({ id: events.id, slug: events.slug, name: events.name, kind: events.kind })
      .from(events)
      .where(filter.event ? eq(events.slug, filter.event) : undefined)
      .orderBy(asc(events.name)),
  ]);
  const byStatus = emptyByStatus();
  const perEvent = new Map(eventRows.map((e) => [e.id, { slug: e.slug, name: e.name, kind: e.kind, paid: 0, attempts: 0, pending: 0, collectedPaise: 0, refundedPaise: 0, netPaise: 0 }]));
  for (const g of groups) {
    const t = byStatus[g.status];
    t.count += g.count;
    t.amountPaise += g.amountPaise;
    t.refundedPaise += g.refundedPaise;
    const e = perEvent.get(g.eventId);
    if (!e) continue;
    e.attempts += g.count;
    if (g.status === "pending") e.pending += g.count;
    if (g.status === "success") {
      e.paid += g.count;
      e.collectedPaise += g.amountPaise;
      e.refundedPaise += g.refundedPaise;
      e.netPaise = e.collectedPaise - e.refundedPaise;
    }
  }
  const count = PAYMENT_STATUSES.reduce((n, s) => n + byStatus[s].count, 0);
  const collectedPaise = byStatus.success.amountPaise;
  const refundedPaise = byStatus.success.refundedPaise;
  return {
    totals: { count, byStatus, collectedPaise, refundedPaise, netPaise: collectedPaise - refundedPaise },
    events: [...perEvent.values()],
    stuck: groups.reduce((n, g) => n + g.stuck, 0),
  };
}

export async function paymentTotals(db: Db, filter: PaymentFilter, now = new Date()): Promise<Totals> {
  return (await paymentSummary(db, filter, now)).totals;
}

export async function eventStats(db: Db, filter: PaymentFilter, now = new Date()): Promise<EventStat[]> {
  return (await paymentSummary(db, filter, now)).events;
}

/** Events for the filter's drop-down. */
export function eventOptions(db: Db) {
  return db.select({ slug: events.slug, name: events.name, kind: events.kind }).from(events).orderBy(asc(events.name));
}
