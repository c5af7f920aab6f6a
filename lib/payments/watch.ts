// How an open payment page watches a pending payment. Reading our own API is cheap (our database), so it is
// read often; asking the gateway's status API ("requery") is rationed: the server allows one requery per
// payment every REQUERY_SPACING_MS, 15 s (payer-requery.ts) and 20 requeries per person per 10 minutes (rate-limit.ts), so the page
// asks soon after the return and then backs off, staying well inside both. Client-safe: no server imports.
import { REQUERY_SPACING_MS } from "./requery-spacing";

/** How often the page reads GET /api/payments/{merchTxnId}. */
export const READ_EVERY_MS = 3_000;

/**
 * Delays before each status query, from the page opening; the last repeats until WATCH_FOR_MS is over. The first
 * waits a little: the gateway's callback usually brings the answer by itself within seconds.
 */
const REQUERY_DELAYS_MS = [8_000, 15_000, 15_000, 30_000, 30_000, 60_000] as const;

/** After this the page stops asking the bank itself; the reconciler keeps going on the server. */
export const WATCH_FOR_MS = 10 * 60_000;

/**
 * When to ask the gateway next, or null to stop: the n-th scheduled delay after the previous query, never sooner
 * than the server's per-payment gap after the previous one (a click on "Check again" counts), nor before a
 * Retry-After the server gave.
 */
export function nextRequeryAt(s: {
  openedAt: number;
  lastAskedAt: number | null;
  asked: number;
  retryAfterUntil?: number | null;
}): number | null {
  const delay = REQUERY_DELAYS_MS[Math.min(s.asked, REQUERY_DELAYS_MS.length - 1)]!;
  let at = (s.lastAskedAt ?? s.openedAt) + delay;
  if (s.lastAskedAt != null) at = Math.max(at, s.lastAskedAt + REQUERY_SPACING_MS);
  if (s.retryAfterUntil != null) at = Math.max(at, s.retryAfterUntil);
  return at - s.openedAt > WATCH_FOR_MS ? null : at;
}

/** How many status queries the schedule makes at most in `windowMs` (for the rate-limit budget test). */
export function requeriesWithin(windowMs: number): number {
  let n = 0;
  let last: number | null = null;
  for (;;) {
    const at = nextRequeryAt({ openedAt: 0, lastAskedAt: last, asked: n });
    if (at === null || at > windowMs) return n;
    n++;
    last = at;
  }
}
