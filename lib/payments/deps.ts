// What the payment domain needs from the outside world, passed in so tests and benchmarks can supply their own.
import { type Db, db } from "@/db/client";
import type { AtomPayClient, AtomPayConfig } from "@/lib/atompay";
import { env } from "@/lib/env";
import { LIMITS, type Limit } from "@/lib/rate-limit";
import { atompay } from "./gateway";

export interface PaymentDeps {
  db: Db;
  gateway: AtomPayClient;
  config: AtomPayConfig;
  /** Public base URL: the gateway returns the browser to `${appUrl}/api/response`. */
  appUrl: string;
  /** How long a started attempt (its atomTokenId) is reused for a second click. */
  attemptTtlMs: number;
  /**
   * At most this many payments started by one person in a window (each one an AUTH call at the gateway), counted on
   * their payments as one is recorded (lib/payments/record.ts): past it, 429. Unset: no limit (tests, tools).
   */
  startsPerPerson?: Limit;
  /** Days after a success on which the status API is asked about it again (default 1 and 3; lib/payments/requery-successes.ts). */
  requerySuccessesAfterDays?: readonly number[];
  /** A refund the gateway still does not hold after this long is failed and its amount released (default 1 hour). */
  refundAbsentGraceMs?: number;
}

export function appPaymentDeps(): PaymentDeps {
  const e = env();
  return {
    db,
    gateway: atompay(),
    config: e.atompay,
    appUrl: e.APP_URL,
    attemptTtlMs: e.PAYMENT_ATTEMPT_TTL_MINUTES * 60_000,
    startsPerPerson: LIMITS.startPerUser,
    requerySuccessesAfterDays: e.REVERIFY_AFTER_DAYS,
    refundAbsentGraceMs: e.REFUND_ABSENT_GRACE_MINUTES * 60_000,
  };
}
