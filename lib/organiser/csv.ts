// The accounts team's file: exactly the filtered rows, streamed in keyset batches (memory stays at one batch
// whatever the size), every cell written by csv-stringify (which also defuses spreadsheet formulas). Times in ISO UTC and in India time; money in rupees
// with two decimals, from integer paise without floating point.
import { stringify } from "csv-stringify/sync";
import type { Db } from "@/db/client";
import type { ListView } from "./filters";
import { paiseToRupeesText } from "./money";
import { type PaymentRow, iteratePayments } from "./queries";

/** India has kept one offset, +05:30, with no daylight saving since 1945: plain arithmetic, no Intl per cell. */
const IST_OFFSET_MS = 330 * 60_000;

/** "2026-11-27 15:04:05" in Asia/Kolkata (the header names the zone). */
export function indiaTimeText(date: Date | null): string {
  if (!date) return "";
  const iso = new Date(date.getTime() + IST_OFFSET_MS).toISOString(); // 2026-11-27T15:04:05.123Z, shifted
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

const money = (p: number | null) => (p == null ? "" : paiseToRupeesText(p));

export function refundState(row: Pick<PaymentRow, "refundedPaise" | "totalPaise">): "none" | "partial" | "full" {
  if (row.refundedPaise <= 0) return "none";
  return row.totalPaise != null && row.refundedPaise >= row.totalPaise ? "full" : "partial";
}

export const CSV_COLUMNS: readonly [header: string, value: (r: PaymentRow) => string][] = [
  ["merch_txn_id", (r) => r.merchTxnId],
  ["status", (r) => r.status],
  ["refund_state", (r) => refundState(r)],
  ["name", (r) => r.name],
  ["anwesha_id", (r) => r.anweshaId],
  ["email", (r) => r.email],
  ["phone", (r) => r.phone],
  ["event", (r) => r.eventName],
  ["event_slug", (r) => r.eventSlug],
  ["kind", (r) => r.kind],
  ["team", (r) => r.teamName ?? ""],
  ["fee_inr", (r) => money(r.expectedPaise)],
  ["amount_inr", (r) => money(r.amountPaise)],
  ["surcharge_inr", (r) => money(r.surchargePaise)],
  ["total_inr", (r) => money(r.totalPaise)],
  ["refunded_inr", (r) => money(r.refundedPaise)],
  ["currency", (r) => r.currency],
  ["atompay_txn_id", (r) => r.atompayTransactionId ?? ""],
  ["bank_txn_id", (r) => r.bankTransactionId ?? ""],
  ["payment_mode", (r) => r.paymentMode ?? ""],
  ["gateway_status_code", (r) => r.gatewayStatusCode ?? ""],
  ["flag_reason", (r) => r.flagReason ?? ""],
  ["created_at_utc", (r) => r.createdAt.toISOString()],
  ["created_at_ist", (r) => indiaTimeText(r.createdAt)],
  ["settled_at_utc", (r) => r.settledAt?.toISOString() ?? ""],
  ["settled_at_ist", (r) => indiaTimeText(r.settledAt)],
];

export const CSV_HEADER = CSV_COLUMNS.map(([h]) => h);

/** CSV text for some rows (no header). */
export function csvRows(rows: PaymentRow[]): string {
  return stringify(
    rows.map((r) => CSV_COLUMNS.map(([, value]) => value(r))),
    // Attendees choose their own names: a cell starting with = + - @ (or a tab / carriage return) would run as a
    // formula when the file is opened in a spreadsheet, so the library prefixes such text with an apostrophe.
    { record_delimiter: "\r\n", escape_formulas: true },
  );
}

export interface CsvStreamOptions {
  batchSize?: number;
  now?: Date;
  /** Called once the last row is written, with the number of data rows. */
  onDone?: (rows: number) => void | Promise<void>;
  /** Start with a UTF-8 byte order mark, so spreadsheet programs read names in any script correctly. */
  bom?: boolean;
}

/**
 * A web ReadableStream of the CSV. Pull-based: the next batch is read from the database only when the client
 * has taken the previous one, so a slow download never piles rows up in memory.
 */
export function paymentsCsvStream(db: Db, view: Omit<ListView, "after" | "before" | "limit">, opts: CsvStreamOptions = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = iteratePayments(db, view, { batchSize: opts.batchSize ?? 1000, now: opts.now });
  let rows = 0;
  let headerSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          const header = stringify([CSV_HEADER], { record_delimiter: "\r\n" });
          controller.enqueue(encoder.encode((opts.bom === false ? "" : "\uFEFF") + header));
          return;
        }
        const next = await batches.next();
        if (next.done) {
          await opts.onDone?.(rows);
          controller.close();
          return;
        }
        rows += next.value.length;
        controller.enqueue(encoder.encode(csvRows(next.value)));
      },
      async cancel() {
        await batches.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

/** "anwesha-payments-2026-11-27-1504-IST.csv" */
export function exportFileName(now = new Date()): string {
  return `anwesha-payments-${indiaTimeText(now).replace(" ", "-").replace(/:/g, "").slice(0, 15)}-IST.csv`;
}
