// Every change of a payment's, an item's or a registration's status is one of the named moves below, and only the
// modules in this folder make them (a test, one-door.test.ts, fails when any other file writes those columns). The
// writers build their WHERE clauses from this table, so what it says is what the database lets happen.
//
// A payment only moves forward. Ranks: an attempt in flight, then an ending without money, then an ending with
// money. A late success after a failure, a cancel or an expiry is allowed (the bank took the money and says so: that
// truth must be recorded), but nothing undoes a success or a flag, with two exceptions, each named: the bank's
// auto-reversal (success → reversed, on the status API's word only) and an organiser's admit (flagged → success,
// once nothing in it is left to decide). Nothing leaves `reversed`.
import type { PaymentStatus, RegistrationStatus } from "@/db/schema";

/**
 * Whose word a move rests on. Only the status API's answer, asked by us over TLS, may reverse a success: a return or
 * callback (even a genuine one, replayed) never can, and neither can a decision we make ourselves.
 */
export type Authority = "status-api" | "message" | "local" | "organiser" | "attendee" | "desk";

const GATEWAY: readonly Authority[] = ["status-api", "message"];
const NOT_YET_PAID: readonly PaymentStatus[] = ["pending", "failed", "cancelled", "expired"];

interface PaymentMove {
  from: readonly PaymentStatus[];
  to: PaymentStatus;
  by: readonly Authority[];
}

/** The moves of a payment (and, with it, of its items). */
export const PAYMENT_MOVES = {
  /** The gateway says the money arrived, and it binds to what we asked. */
  pay: { from: NOT_YET_PAID, to: "success", by: GATEWAY },
  /** Money arrived but something does not fit (amount, a registration that cannot be paid): an organiser decides. */
  flag: { from: NOT_YET_PAID, to: "flagged", by: GATEWAY },
  /** The gateway says no, or AUTH failed before the attendee saw the gateway. */
  fail: { from: ["pending"], to: "failed", by: [...GATEWAY, "local"] },
  /** Cancelled at the gateway, or the attendee left the gateway's window (cancel or session timeout). */
  cancel: { from: ["pending"], to: "cancelled", by: [...GATEWAY, "attendee"] },
  /** Never completed: the reconciler, a superseding attempt, or the 48-hour sweep. */
  expire: { from: ["pending"], to: "expired", by: ["local"] },
  /** The bank returned the money after a success (NDPS's AUTO REVERSAL). */
  reverse: { from: ["success"], to: "reversed", by: ["status-api"] },
  /** An organiser admits every flagged item of a payment: it counts as collected like any success. */
  admit: { from: ["flagged"], to: "success", by: ["organiser"] },
  /**
   * Money taken in person at the desk (cash, or UPI with its UTR), recorded by the person who took it (desk.ts): the
   * payment is made and paid in one transaction, and never reaches the gateway.
   */
  payAtDesk: { from: ["pending"], to: "success", by: ["desk"] },
} as const satisfies Record<string, PaymentMove>;

export type PaymentMoveName = keyof typeof PAYMENT_MOVES;

/** The statuses a named move may start from. */
export function sourcesOf(move: PaymentMoveName): PaymentStatus[] {
  return [...PAYMENT_MOVES[move].from];
}

/** The move that takes a payment to `to` on `by`'s word, if any. */
export function moveTo(to: PaymentStatus, by: Authority): PaymentMoveName | undefined {
  return (Object.keys(PAYMENT_MOVES) as PaymentMoveName[]).find((name) => {
    const m: PaymentMove = PAYMENT_MOVES[name];
    return m.to === to && m.by.includes(by);
  });
}

export function canTransition(from: PaymentStatus, to: PaymentStatus, by: Authority): boolean {
  return Object.values(PAYMENT_MOVES).some((m: PaymentMove) => m.to === to && m.from.includes(from) && m.by.includes(by));
}

interface RegistrationMove {
  from: readonly RegistrationStatus[];
  to: RegistrationStatus;
  /** Whose word it rests on, for the moves a person makes on their own registration (the rest follow a payment's). */
  by?: readonly Authority[];
}

/**
 * The moves of a registration. Holding a seat is not a move (the status stays awaiting payment; `held_until` says
 * until when). A bank's reversal is the one move back: the registration awaits payment again.
 *
 * `paid` means "entered": the registration holds its seat and has an entry pass, whether money paid for it or its
 * fee was 0 (a free event). The fee copied onto the registration, and its payment items, say whether money moved.
 * We kept the one word rather than add a status for free entries: every reader of "entered" (seat counts, passes,
 * check-in, the one-live-registration indexes, roster locks, the console's counts) already asks for `paid`, and a
 * new word missed by any one of them would silently drop a free person's seat or pass. Pages say "Registered" and
 * never "paid" for a free one (lib/registrations/status.ts).
 */
export const REGISTRATION_MOVES = {
  /** Its item was paid (a success, or an organiser's admit). */
  pay: { from: ["awaiting_payment"], to: "paid" },
  /** Its item was refunded in full: no longer registered, the seat is free. */
  refund: { from: ["paid"], to: "refunded" },
  /** Money for it was never kept (a flagged item refunded in full): it ends, as a refund does. */
  refundUnpaid: { from: ["awaiting_payment"], to: "refunded" },
  /** The bank reversed the payment that paid it. */
  reverse: { from: ["paid"], to: "awaiting_payment" },
  /** Its team was disbanded before paying, or its entrant deleted their account before paying. */
  cancel: { from: ["awaiting_payment"], to: "cancelled" },
  /** A checkout whose total is 0: confirmed at once, with no gateway transaction (free.ts). */
  confirmFree: { from: ["awaiting_payment"], to: "paid", by: ["attendee"] },
  /** Its holder (or captain) cancels a registration nothing was paid for with money: the seat is free (free.ts). */
  cancelFree: { from: ["paid"], to: "cancelled", by: ["attendee"] },
} as const satisfies Record<string, RegistrationMove>;

export type RegistrationMoveName = keyof typeof REGISTRATION_MOVES;

export function registrationSourcesOf(move: RegistrationMoveName): RegistrationStatus[] {
  return [...REGISTRATION_MOVES[move].from];
}
