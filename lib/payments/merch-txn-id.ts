import { randomBytes } from "node:crypto";

/**
 * Our id for one payment attempt: "ANW" + time + randomness, upper-case alphanumerics only (what every
 * gateway field accepts). Unique by construction and by the database's unique index.
 */
export function newMerchTxnId(now = Date.now()): string {
  const time = now.toString(36).toUpperCase();
  const rand = BigInt(`0x${randomBytes(6).toString("hex")}`)
    .toString(36)
    .toUpperCase()
    .padStart(10, "0");
  return `ANW${time}${rand}`;
}

/**
 * Could this be one of our merchTxnIds? Checked before any id from a URL reaches a query, so a malformed one
 * (a NUL character, say, which Postgres refuses) is a plain "not found" and never a 500.
 */
export function isMerchTxnId(value: string): boolean {
  return /^[A-Za-z0-9_-]{1,60}$/.test(value);
}
