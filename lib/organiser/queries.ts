// The organisers' reads: one row per item (lib/organiser/rows.ts), one WHERE clause built from the URL's filter,
// used by the list page, the CSV export, the totals and the per-event picture (summary.ts), so all of them always
// agree on which rows are "the current filter".
import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  events,
  type PaymentStatus,
  paymentItems,
  payments,
  type RegistrationStatus,
  registrations,
  teamMembers,
  teams,
  users,
} from "@/db/schema";
import type { Cursor } from "./cursor";
import type { ListView, SortDir, SortKey } from "./filters";
import { filterWhere, money, netOf } from "./rows";

export { SEARCH_INDEX_SQL } from "./rows";

const EPOCH = sql`'1970-01-01T00:00:00Z'::timestamptz`;

/** The sort expression, and how its value is rendered to text (for the cursor) and read back. */
function sortExpr(sort: SortKey): { expr: SQL; text: SQL<string>; cast: (v: string) => SQL } {
  const utc = (e: SQL) => sql<string>`to_char((${e}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  switch (sort) {
    case "created": {
      // The item's creation, which is its payment's (they are written together); indexed with the id.
      const expr = sql`${paymentItems.createdAt}`;
      return { expr, text: utc(expr), cast: (v) => sql`${v}::timestamptz` };
    }
    case "settled": {
      // Unsettled attempts sort as if settled at the epoch: last when newest-first.
      const expr = sql`coalesce(${payments.settledAt}, ${EPOCH})`;
      return { expr, text: utc(expr), cast: (v) => sql`${v}::timestamptz` };
    }
    case "amount": {
      // The item's fee: the amount this row is about.
      const expr = sql`${paymentItems.amountPaise}`;
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
    ? sql`(${expr}, ${paymentItems.id}) < (${cast(cursor.value)}, ${cursor.id}::uuid)`
    : sql`(${expr}, ${paymentItems.id}) > (${cast(cursor.value)}, ${cursor.id}::uuid)`;
}

/** Team members as "Name (Anwesha ID)", joined by "; ", in the order they joined: one query for a page's teams. */
async function rostersOf(db: Db, teamIds: string[]): Promise<Map<string, string>> {
  if (!teamIds.length) return new Map();
  const rows = await db
    .select({
      teamId: teamMembers.teamId,
      roster: sql<string>`string_agg(${users.name} || ' (' || ${users.anweshaId} || ')', '; ' order by ${teamMembers.createdAt}, ${users.name})`,
    })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(inArray(teamMembers.teamId, teamIds))
    .groupBy(teamMembers.teamId);
  return new Map(rows.map((r) => [r.teamId, r.roster]));
}

const listColumns = {
  id: paymentItems.id,
  paymentId: payments.id,
  merchTxnId: payments.merchTxnId,
  status: paymentItems.status,
  paymentStatus: payments.status,
  registrationId: registrations.id,
  registrationStatus: registrations.status,
  name: payments.name,
  anweshaId: payments.anweshaId,
  email: payments.email,
  phone: payments.phone,
  eventName: events.name,
  eventSlug: events.slug,
  kind: events.kind,
  teamId: registrations.teamId,
  teamName: teams.name,
  /** The price the registration was made at, and the code it used (issue 26). */
  priceLabel: registrations.priceLabel,
  code: sql<string | null>`(select c.code from codes c where c.id = ${registrations.codeId})`,
  feePaise: paymentItems.amountPaise,
  paidPaise: money.paid.mapWith((v) => (v == null ? null : Number(v))),
  surchargePaise: money.surcharge.mapWith((v) => (v == null ? null : Number(v))),
  refundedPaise: money.refunded.mapWith((v) => (v == null ? null : Number(v))),
  /** This item's place among its payment's items (by id), and how many the payment has. */
  position:
    sql<number>`(1 + (select count(*) from payment_items j where j.payment_id = ${paymentItems.paymentId} and j.id < ${paymentItems.id}))::integer`.mapWith(
      Number,
    ),
  itemCount: sql<number>`(select count(*) from payment_items j where j.payment_id = ${paymentItems.paymentId})::integer`.mapWith(Number),
  currency: payments.currency,
  atomTxnId: payments.atomTxnId,
  bankTxnId: payments.bankTxnId,
  subChannel: payments.subChannel,
  method: payments.method,
  deskKind: payments.deskKind,
  utr: payments.utr,
  gatewayStatusCode: payments.gatewayStatusCode,
  flagReason: paymentItems.flagReason,
  createdAt: paymentItems.createdAt,
  settledAt: payments.settledAt,
};

/** One item of one payment, with the payment's ids and its own money (null when no money moved). */
export interface ItemRow {
  /** The item's id (what a cursor points at). */
  id: string;
  paymentId: string;
  merchTxnId: string;
  /** The item's status: the payment's, except that one item can be flagged on its own. */
  status: PaymentStatus;
  paymentStatus: PaymentStatus;
  registrationId: string;
  registrationStatus: RegistrationStatus;
  name: string;
  anweshaId: string;
  email: string;
  phone: string;
  eventName: string;
  eventSlug: string;
  kind: "solo" | "team";
  teamId: string | null;
  teamName: string | null;
  priceLabel: string;
  code: string | null;
  /** The registration's fee: what this item asked for. */
  feePaise: number;
  paidPaise: number | null;
  surchargePaise: number | null;
  refundedPaise: number | null;
  /** paid + surcharge − refunded; null when no money moved. */
  netPaise: number | null;
  position: number;
  itemCount: number;
  currency: string;
  atomTxnId: string | null;
  bankTxnId: string | null;
  subChannel: string | null;
  /** The gateway, or the desk (issue 27) with cash or UPI and its UTR. */
  method: "gateway" | "desk";
  deskKind: "cash" | "upi" | null;
  utr: string | null;
  gatewayStatusCode: string | null;
  flagReason: string | null;
  createdAt: Date;
  settledAt: Date | null;
  /** Team members ("Name (ANW-…); …"), when asked for (the CSV). */
  roster?: string | null;
  /** The row's sort key as text: what a cursor continuing from this row carries. */
  sortKey: string;
}

export interface ListPage {
  rows: ItemRow[];
  /** Cursor for the next page (rows after the last one shown), when there is one. */
  next?: Cursor;
  /** Cursor for the previous page (rows before the first one shown), when there is one. */
  prev?: Cursor;
}

function cursorOf(view: Pick<ListView, "sort" | "dir">, row: Pick<ItemRow, "sortKey" | "id">): Cursor {
  return { sort: view.sort, dir: view.dir, value: row.sortKey, id: row.id };
}

export interface ListOptions {
  /** Add each team row's members (a subquery per row: the CSV wants it, the page does not). */
  roster?: boolean;
}

/** One page of the list. `before` walks backwards (the query runs reversed and the rows are flipped back). */
export async function listItems(db: Db, view: ListView, now = new Date(), opts: ListOptions = {}): Promise<ListPage> {
  const backwards = Boolean(view.before);
  const cursor = view.before ?? view.after;
  const { expr, text } = sortExpr(view.sort);
  const ascending = (view.dir === "asc") !== backwards;
  const order = ascending ? [asc(expr), asc(paymentItems.id)] : [desc(expr), desc(paymentItems.id)];
  const where = and(filterWhere(view.filter, now), cursor ? keysetCondition(view.sort, cursor, !backwards, view.dir) : undefined);
  const fetched = (await db
    .select({ ...listColumns, sortKey: text })
    .from(paymentItems)
    .innerJoin(payments, eq(payments.id, paymentItems.paymentId))
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .innerJoin(events, eq(events.id, registrations.eventId))
    .leftJoin(teams, eq(teams.id, registrations.teamId))
    .where(where)
    .orderBy(...order)
    .limit(view.limit + 1)) as Omit<ItemRow, "netPaise">[];

  const more = fetched.length > view.limit;
  const rows: ItemRow[] = (more ? fetched.slice(0, view.limit) : fetched).map((r) => ({ ...r, netPaise: netOf(r) }));
  if (opts.roster) {
    const rosters = await rostersOf(db, [...new Set(rows.map((r) => r.teamId).filter((id): id is string => id !== null))]);
    for (const r of rows) r.roster = r.teamId ? (rosters.get(r.teamId) ?? "") : null;
  }
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
export async function* iterateItems(
  db: Db,
  view: Omit<ListView, "after" | "before" | "limit" | "page">,
  opts: { batchSize?: number; now?: Date } & ListOptions = {},
): AsyncGenerator<ItemRow[]> {
  const now = opts.now ?? new Date();
  const limit = opts.batchSize ?? 1000;
  let after: Cursor | undefined;
  for (;;) {
    const page = await listItems(db, { ...view, limit, after }, now, opts);
    if (page.rows.length) yield page.rows;
    if (!page.next) return;
    after = page.next;
  }
}

/** Events for the filter's drop-down (every one, or only `eventIds`: a coordinator's). */
export function eventOptions(db: Db, eventIds: readonly string[] | null = null) {
  return db
    .select({ slug: events.slug, name: events.name, kind: events.kind })
    .from(events)
    .where(eventIds ? inArray(events.id, [...eventIds]) : undefined)
    .orderBy(asc(events.name));
}
