// Recording a new payment: ONE statement holds the seats of its existing registrations, makes the missing ones
// (holding their seats), and inserts the payment and its items, all or nothing. If any existing registration is no
// longer awaiting payment (paid in another tab a moment ago), nothing at all is written and `recorded` is false. A
// concurrent click that made the same registration or started a payment for it first makes the statement fail on
// the database's unique indexes (the caller looks again). Seat counting, when an event has a capacity, happens
// before this under the events' row locks (lib/registrations/seats.ts). The payment itself names no event or team:
// what it pays is its items' registrations.
import { randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { preparedRowsOf } from "@/db/rows";
import type { Event, EventPrice, Registration } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/require-user";
import { RateLimitedError } from "@/lib/errors";
import type { Limit } from "@/lib/rate-limit";
import { newMerchTxnId } from "./merch-txn-id";

export interface RecordLine {
  event: Pick<Event, "id">;
  /** The price chosen for this line (lib/events/prices.ts pickPrice). */
  price: Pick<EventPrice, "key" | "label" | "feePaise">;
  teamId: string | null;
  /** The code applied to this line (lib/codes), and what it takes off the price. */
  code: { id: string } | null;
  discountPaise: number;
  /** The live registration, if there is one (it must be awaiting payment); otherwise one is made. */
  registration: Pick<Registration, "id" | "feePaise" | "priceKey" | "priceLabel" | "codeId" | "discountPaise"> | null;
}

type Pricing = Pick<Registration, "feePaise" | "priceKey" | "priceLabel" | "codeId" | "discountPaise">;
type Priced = Pick<RecordLine, "price" | "registration" | "code" | "discountPaise">;

/**
 * A line's fee, price and code: an existing registration at the chosen price with the same code keeps the amounts it
 * was priced with (a later edit never alters what someone was asked to pay); a new one, or one the person now prices
 * otherwise (nothing was paid yet), copies the chosen price as it is now, less the code's discount. The fee is what
 * is charged.
 */
function pricingOfLine(l: Priced): Pricing {
  const codeId = l.code?.id ?? null;
  const r = l.registration;
  if (r && r.priceKey === l.price.key && (r.codeId ?? null) === codeId)
    return { feePaise: r.feePaise, priceKey: r.priceKey, priceLabel: r.priceLabel, codeId, discountPaise: r.discountPaise };
  return {
    feePaise: l.price.feePaise - l.discountPaise,
    priceKey: l.price.key,
    priceLabel: l.price.label,
    codeId,
    discountPaise: l.discountPaise,
  };
}

export const feeOfLine = (l: Priced): number => pricingOfLine(l).feePaise;

/** Whether a registration is priced as this line would price it (same price, same code): a live payment is reused only then. */
export const pricedAsLine = (l: Priced): boolean =>
  !!l.registration && l.registration.priceKey === l.price.key && (l.registration.codeId ?? null) === (l.code?.id ?? null);

export interface Recorded {
  paymentId: string;
  merchTxnId: string;
  expectedPaise: number;
  /** Each line's registration, in order. */
  registrations: Registration[];
}

const TOO_MANY_STARTS = "Too many payment attempts. Please wait a few minutes and try again.";

/**
 * Records the payment, or returns null when a registration is no longer awaiting payment. With `starts`, the payer
 * may have started at most `starts.max` payments in the last `starts.windowMs` (each one an AUTH at the gateway):
 * counted in this same statement on the payer's own payments, past it nothing is written and the call throws 429.
 */
export async function recordPayment(
  db: Db | Tx,
  user: CurrentUser,
  lines: RecordLine[],
  holdUntil: Date,
  now: Date,
  starts?: Limit,
): Promise<Recorded | null> {
  const at = now.toISOString();
  const until = holdUntil.toISOString();
  const regs: Registration[] = lines.map((l) => ({
    id: l.registration?.id ?? randomUUID(),
    eventId: l.event.id,
    userId: l.teamId ? null : user.id,
    teamId: l.teamId,
    status: "awaiting_payment",
    // 0 for a free event: a 0-paise item, confirmed by the payment's success with the rest (all or none).
    ...pricingOfLine(l),
    heldUntil: holdUntil,
    paidAt: null,
    endedAt: null,
    createdAt: now,
    updatedAt: now,
  }));
  const existing = regs.filter((_, i) => lines[i]!.registration);
  const made = regs.filter((_, i) => !lines[i]!.registration);
  const paymentId = randomUUID();
  const merchTxnId = newMerchTxnId(now.getTime());
  const expectedPaise = regs.reduce((sum, r) => sum + r.feePaise, 0);
  const values = (rows: SQL[]) => sql.join(rows, sql`, `);

  const held = existing.length
    ? sql`update registrations set held_until = ${until}::timestamptz, updated_at = ${at}::timestamptz,
          fee_paise = v.fee_paise, price_key = v.price_key, price_label = v.price_label, code_id = v.code_id,
          discount_paise = v.discount_paise
        from (values ${values(
          existing.map(
            (r) =>
              sql`(${r.id}::uuid, ${r.feePaise}::integer, ${r.priceKey}::text, ${r.priceLabel}::text, ${r.codeId}::uuid, ${r.discountPaise}::integer)`,
          ),
        )})
          as v (id, fee_paise, price_key, price_label, code_id, discount_paise)
        where registrations.id = v.id and status = 'awaiting_payment' and (select allowed from allowed) returning registrations.id`
    : sql`select null::uuid as id where false`;
  const makeRegs = made.length
    ? sql`insert into registrations (id, event_id, user_id, team_id, fee_paise, price_key, price_label, code_id, discount_paise, held_until, created_at, updated_at)
        select v.id, v.event_id, v.user_id, v.team_id, v.fee_paise, v.price_key, v.price_label, v.code_id, v.discount_paise,
          ${until}::timestamptz, ${at}::timestamptz, ${at}::timestamptz
        from (values ${values(
          made.map(
            (r) =>
              sql`(${r.id}::uuid, ${r.eventId}::uuid, ${r.userId}::uuid, ${r.teamId}::uuid, ${r.feePaise}::integer, ${r.priceKey}::text, ${r.priceLabel}::text, ${r.codeId}::uuid, ${r.discountPaise}::integer)`,
          ),
        )})
          as v (id, event_id, user_id, team_id, fee_paise, price_key, price_label, code_id, discount_paise)
        where (select ok from ok)
        returning id`
    : sql`select null::uuid as id where false`;
  const since = new Date(now.getTime() - (starts?.windowMs ?? 0)).toISOString();
  const [row] = await preparedRowsOf<{ recorded: number; recent: number; first: string | null }>(
    db,
    sql`
    with recent as (
      select count(*)::integer as n, min(created_at) as first from payments
      where user_id = ${user.id}::uuid and created_at > ${since}::timestamptz),
    allowed as (select ${starts?.max ?? null}::integer is null or (select n from recent) < ${starts?.max ?? null}::integer as allowed),
    held as (${held}),
    ok as (select (select allowed from allowed) and (select count(*) from held) = ${existing.length} as ok),
    made as (${makeRegs}),
    pay as (
      insert into payments (id, merch_txn_id, user_id, anwesha_id, email, name, phone, expected_paise, currency, created_at, updated_at)
      select ${paymentId}::uuid, ${merchTxnId}, ${user.id}::uuid, ${user.anweshaId}, ${user.email}, ${user.name}, ${user.phone},
        ${expectedPaise}::integer, 'INR', ${at}::timestamptz, ${at}::timestamptz
      where (select ok from ok)
      returning id),
    items as (
      insert into payment_items (payment_id, registration_id, amount_paise, created_at, updated_at)
      select pay.id, v.registration_id, v.amount_paise, ${at}::timestamptz, ${at}::timestamptz
      from pay, (values ${values(regs.map((r) => sql`(${r.id}::uuid, ${r.feePaise}::integer)`))}) as v (registration_id, amount_paise)
      returning id)
    select (select count(*) from pay)::integer as recorded, (select count(*) from items)::integer as items,
      (select n from recent) as recent, (select first from recent) as first`,
  );
  if (starts && row && Number(row.recorded) !== 1 && Number(row.recent) >= starts.max) {
    // The oldest payment in the window leaves it first.
    const leaves = row.first ? new Date(row.first).getTime() + starts.windowMs : now.getTime() + starts.windowMs;
    throw new RateLimitedError(TOO_MANY_STARTS, Math.max(1, Math.ceil((leaves - now.getTime()) / 1000)));
  }
  if (!row || Number(row.recorded) !== 1) return null;
  return { paymentId, merchTxnId, expectedPaise, registrations: regs };
}
