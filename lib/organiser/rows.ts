// One row per item: what the organisers' list, its CSV, its totals and the rollup all read. A payment that pays
// three registrations is three rows, each carrying the payment's ids, so counting rows counts registrations and
// summing a money column sums money. The money of a row is defined here once, as SQL, and every reader uses it.
//
// How money is counted (README "Organisers' console"): only money that moved has a value. A row's money moved when
// its item is paid or under review (`success`, `flagged`: the gateway said success); for every other status the
// money columns are empty. "Paid" is the item's fee. The gateway's surcharge (convenience fee) is the payment's,
// not an item's, so it is a column of its own, on the payment's first item (lowest item id) only, and 0 on the
// others; the same first row carries any difference between what AtomPay charged and what we asked (a flagged
// amount mismatch). So a payment's rows always add up to what AtomPay took: Σ paid + Σ surcharge = total.
// "Refunded" is what went back for the item (for a one-item payment, a refund may include the surcharge).
// Net = paid + surcharge − refunded.
import { and, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import { events, paymentItems, payments, registrations } from "@/db/schema";
import { indiaDaySql } from "@/lib/format-sql";
import { phoneDigits } from "@/lib/users/schemas";
import type { PaymentFilter } from "./filters";

/** LIKE pattern for "contains", with the user's %, _ and \ taken literally. */
function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The searchable text of a payment: one expression (fields joined by a unit separator nobody can type, so a
 * match never spans two fields). Built from || and coalesce, which are immutable, so a trigram index on exactly
 * this expression can serve the search on a large table (see SEARCH_INDEX_SQL and migration 0001).
 */
const searchText = sql`lower(${payments.name} || chr(31) || ${payments.email} || chr(31) || ${payments.phone} || chr(31) ||
  ${payments.anweshaId} || chr(31) || ${payments.merchTxnId} || chr(31) || coalesce(${payments.atomTxnId}, '') || chr(31) ||
  coalesce(${payments.bankTxnId}, ''))`;

/** The index that makes the search fast at 100,000 payments (migration 0001; needs the pg_trgm extension). */
export const SEARCH_INDEX_SQL =
  "CREATE INDEX IF NOT EXISTS payments_search_trgm ON payments USING gin (lower(name || chr(31) || email || chr(31) || phone || chr(31) || " +
  "anwesha_id || chr(31) || merch_txn_id || chr(31) || coalesce(atom_txn_id, '') || chr(31) || " +
  "coalesce(bank_txn_id, '')) gin_trgm_ops)";

/**
 * The teams a search names, by their own name or a member's (accepted members, the captain too: name, email, phone,
 * Anwesha ID), so a help desk finds a team's item from anyone in it. Uncorrelated, so it runs once per query; teams
 * and people are few beside payments.
 */
const teamsMatching = (pattern: string) => sql`select t.id from teams t where lower(t.name) like ${pattern}
  union select tm.team_id from team_members tm join users u on u.id = tm.user_id
    where lower(u.name || chr(31) || u.email || chr(31) || u.phone || chr(31) || u.anwesha_id) like ${pattern}`;

/**
 * A search: the payment's own fields (the trigram index's expression), or the team of the item's registration. A
 * phone typed with spaces, dashes or +91 ("98765 43210") is also looked for as the digits we store.
 */
function searchWhere(q: string): SQL {
  const patterns = [containsPattern(q.toLowerCase())];
  // Only what was typed as a phone (with a space, a dash or +91): a bare number is an id and stays as typed.
  const digits = phoneDigits(q);
  if (/[\s-]|^\+91/.test(q) && /^\d{4,10}$/.test(digits)) patterns.push(containsPattern(digits));
  return sql`(${sql.join(
    patterns.flatMap((p) => [sql`${searchText} like ${p}`, sql`${registrations.teamId} in (${teamsMatching(p)})`]),
    sql` or `,
  )})`;
}

/** Money moved for this item: the gateway said success (paid, or flagged for an organiser). */
const moved = sql`${paymentItems.status} in ('success', 'flagged')`;
/** What AtomPay says it charged, before any surcharge (our figure until it has said). */
const charged = sql`coalesce(${payments.amountPaise}, ${payments.expectedPaise})`;
/** This is the payment's first item (lowest id): the row that carries the payment's own money. */
const firstItem = sql`not exists (select 1 from payment_items j where j.payment_id = ${paymentItems.paymentId} and j.id < ${paymentItems.id})`;

/** Each money column of a row, in paise: null when no money moved. */
export const money = {
  paid: sql<number | null>`case when ${moved} then ${paymentItems.amountPaise}
    + case when ${charged} <> ${payments.expectedPaise} and ${firstItem} then ${charged} - ${payments.expectedPaise} else 0 end end`,
  surcharge: sql<
    number | null
  >`case when ${moved} then case when coalesce(${payments.surchargePaise}, 0) <> 0 and ${firstItem} then ${payments.surchargePaise} else 0 end end`,
  refunded: sql<number | null>`case when ${moved} then ${paymentItems.refundedPaise} end`,
};

/** An organiser must look at it: flagged now, or a flag was recorded (e.g. admitted over capacity). */
export const flaggedExpr = sql<boolean>`(${paymentItems.status} = 'flagged' or ${paymentItems.flagReason} is not null)`;
/** The item's creation as a date in India time. */
export const itemDay = indiaDaySql(paymentItems.createdAt);

const eventOf = (slug: string) => sql`${registrations.eventId} = (select e2.id from events e2 where e2.slug = ${slug})`;

/** The WHERE clause of the filter over item rows: event and kind from the item's registration, status from the item. */
export function filterWhere(filter: PaymentFilter, now = new Date()): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (filter.eventIds) parts.push(inArray(registrations.eventId, [...filter.eventIds])); // an empty list is false
  if (filter.event) parts.push(eventOf(filter.event));
  if (filter.status.length) {
    parts.push(filter.status.length === 1 ? eq(paymentItems.status, filter.status[0]!) : inArray(paymentItems.status, filter.status));
  }
  if (filter.kind) parts.push(eq(events.kind, filter.kind));
  if (filter.method) parts.push(eq(payments.method, filter.method));
  if (filter.from) parts.push(gte(paymentItems.createdAt, filter.from));
  if (filter.to) parts.push(lt(paymentItems.createdAt, filter.to));
  if (filter.pendingOverMinutes !== undefined) {
    const cutoff = new Date(now.getTime() - filter.pendingOverMinutes * 60_000);
    // A pending item is an item of a pending payment, created with it: asked of the payment too, so its
    // (status, created_at) index finds the few stuck ones (payment_items has no such index: it would cost every settle).
    parts.push(
      and(
        eq(payments.status, "pending"),
        lt(payments.createdAt, cutoff),
        eq(paymentItems.status, "pending"),
        lt(paymentItems.createdAt, cutoff),
      ),
    );
  }
  if (filter.flagged) parts.push(flaggedExpr);
  if (filter.q) parts.push(searchWhere(filter.q));
  const present = parts.filter((p): p is SQL => p !== undefined);
  return present.length ? and(...present) : undefined;
}

/** The joins every item reader makes (items → payment, registration, event; the team is added by the list). */
export const ITEM_JOINS = sql`payment_items join payments on payments.id = payment_items.payment_id
  join registrations on registrations.id = payment_items.registration_id
  join events on events.id = registrations.event_id`;

export type MoneyRow = { paidPaise: number | null; surchargePaise: number | null; refundedPaise: number | null };

/** Net of one row: what moved in, less what went back (null when nothing moved). */
export function netOf(r: MoneyRow): number | null {
  return r.paidPaise == null ? null : r.paidPaise + (r.surchargePaise ?? 0) - (r.refundedPaise ?? 0);
}
