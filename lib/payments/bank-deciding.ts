// AtomPay's codes for a payment the bank has not decided yet ("pending from bank", "timed out" at the bank): the
// money may already have left the attendee's account. One list for the server, which never starts a second
// payment over such an attempt (retire.ts, start.ts), and for the words every page shows (labels.ts). Client-safe.

const BANK_STILL_DECIDING: ReadonlySet<string> = new Set(["OTS0551", "OTS0201"]);

/** Whether the gateway's last word on a pending payment was "the bank is still deciding". */
export function bankStillDeciding(statusCode: string | null | undefined): boolean {
  return statusCode != null && BANK_STILL_DECIDING.has(statusCode);
}
