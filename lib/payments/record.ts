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
import { rowsOf } from "@/db/rows";
import type { Event, Registration } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/require-user";
import { newMerchTxnId } from "./merch-txn-id";

export interface RecordLine {
  event: Pick<Event, "id" | "feePaise">;
  teamId: string | null;
  /** The live registration, if there is one (it must be awaiting payment); otherwise one is made. */
  registration: Pick<Registration, "id" | "feePaise"> | null;
}

/** A line's fee: an existing registration keeps the fee it was created with; a new one takes the event's fee now. */
export function feeOfLine(l: Pick<RecordLine, "event" | "registration">): number {
  return l.registration?.feePaise ?? l.event.feePaise;
}

export interface Recorded {
  paymentId: string;
  merchTxnId: string;
  expectedPaise: number;
  /** Each line's registration, in order. */
  registrations: Registration[];
}

export async function recordPayment(
  db: Db | Tx,
  user: CurrentUser,
  lines: RecordLine[],
  holdUntil: Date,
  now: Date,
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
    feePaise: feeOfLine(l),
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
    ? sql`update registrations set held_until = ${until}::timestamptz, updated_at = ${at}::timestamptz
        where id in (${sql.join(
          existing.map((r) => sql`${r.id}::uuid`),
          sql`, `,
        )}) and status = 'awaiting_payment' returning id`
    : sql`select null::uuid as id where false`;
  const makeRegs = made.length
    ? sql`insert into registrations (id, event_id, user_id, team_id, fee_paise, held_until, created_at, updated_at)
        select v.id, v.event_id, v.user_id, v.team_id, v.fee_paise, ${until}::timestamptz, ${at}::timestamptz, ${at}::timestamptz
        from (values ${values(made.map((r) => sql`(${r.id}::uuid, ${r.eventId}::uuid, ${r.userId}::uuid, ${r.teamId}::uuid, ${r.feePaise}::integer)`))})
          as v (id, event_id, user_id, team_id, fee_paise)
        where (select ok from ok)
        returning id`
    : sql`select null::uuid as id where false`;
  const [row] = await rowsOf<{ recorded: number }>(
    db,
    sql`
    with held as (${held}),
    ok as (select (select count(*) from held) = ${existing.length} as ok),
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
    select (select count(*) from pay)::integer as recorded, (select count(*) from items)::integer as items`,
  );
  if (!row || Number(row.recorded) !== 1) return null;
  return { paymentId, merchTxnId, expectedPaise, registrations: regs };
}
