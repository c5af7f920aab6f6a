// The accountant's file: exactly the filtered rows (one per item: a registration in a payment, with the payment's
// ids and the team's roster), streamed in keyset batches (memory stays at one batch whatever the size). Every
// cell is written by csv-stringify, which also defuses text a spreadsheet would run as a formula.
//
// What a spreadsheet makes of it:
// - Money columns hold only money that moved (rows.ts): a failed, cancelled, expired or pending row leaves them
//   empty, so summing a column gives exactly the console's total. Rupees with two decimals, from integer paise.
// - Ids and phone numbers made only of digits are written as ="9123456789": Excel, LibreOffice, Google Sheets and
//   Numbers show that as the text 9123456789 (no 9.12E+09, no lost leading zeros). A leading apostrophe would
//   stay visible in the cell in all of them when a CSV is opened. Only all-digit values are wrapped, so the
//   formula can never hold anything but digits.
// - Dates and times in India time, each in its own column (2026-11-27 | 15:04:05): both are read as real dates
//   and times, and no spreadsheet can hide the time by formatting a date-time cell as a date.
// - Headers and statuses in words, from the one place they are defined (lib/payments/labels.ts and
//   lib/registrations/status.ts): a row's status is the word the list shows (Paid, Partly refunded, Refunded, …).
import { stringify } from "csv-stringify/sync";
import type { Db } from "@/db/client";
import { indiaTimeText } from "@/lib/format";
import { PAYMENT_LABELS, statusWord } from "@/lib/payments/labels";
import { REGISTRATION_LABELS } from "@/lib/registrations/status";
import { subChannelLabel } from "@/lib/sub-channel-words";
import type { ListView } from "./filters";
import { paiseToRupeesText } from "./money";
import { type ItemRow, iterateItems } from "./queries";

// "2026-11-27 15:04:05" in India time (lib/format.ts), exported here too for this module's tests.
export { indiaTimeText };

/** A date and a time in India time, for two columns: "2026-11-27" | "15:04:05" ("" for none). */
export const istDate = (d: Date | null) => indiaTimeText(d).slice(0, 10);
export const istTime = (d: Date | null) => indiaTimeText(d).slice(11);

export const money = (p: number | null) => (p == null ? "" : paiseToRupeesText(p));

/** "AtomPay", "Desk: cash" or "Desk: UPI, UTR 123456789012": how a payment's money came (issue 27). */
export function methodWords(r: Pick<ItemRow, "method" | "deskKind" | "utr">): string {
  if (r.method === "gateway") return "AtomPay";
  return r.deskKind === "upi" ? `Desk: UPI, UTR ${r.utr ?? "?"}` : "Desk: cash";
}

/** A marker for cells that must stay text; turned into ="…" after formula escaping (see csvRows). */
const TEXT = "\u0000text:";
const ALL_DIGITS = /^\+?\d{1,40}$/;

/** An id or phone that a spreadsheet would turn into a number: kept as text. Anything else is left as it is. */
export function keepText(value: string | null | undefined): string {
  if (!value) return "";
  return ALL_DIGITS.test(value) ? `${TEXT}${value}` : value;
}

const CSV_COLUMNS: readonly [header: string, value: (r: ItemRow) => string][] = [
  ["Payment ID (merchTxnId)", (r) => r.merchTxnId],
  ["Item", (r) => `${r.position} of ${r.itemCount}`],
  ["Status", (r) => statusWord({ status: r.status, refundedPaise: r.refundedPaise ?? 0, paidPaise: r.feePaise })],
  ["Registration", (r) => REGISTRATION_LABELS[r.registrationStatus]],
  ["Event", (r) => r.eventName],
  ["Kind", (r) => (r.kind === "team" ? "Team" : "Solo")],
  ["Team", (r) => r.teamName ?? ""],
  ["Team members", (r) => r.roster ?? ""],
  ["Price", (r) => r.priceLabel],
  ["Code", (r) => r.code ?? ""],
  ["Paid by", (r) => r.name],
  ["Anwesha ID", (r) => r.anweshaId],
  ["Email", (r) => r.email],
  ["Phone", (r) => keepText(r.phone)],
  ["Paid (₹)", (r) => money(r.paidPaise)],
  ["Surcharge (₹)", (r) => money(r.surchargePaise)],
  ["Refunded (₹)", (r) => money(r.refundedPaise)],
  ["Net (₹)", (r) => money(r.netPaise)],
  ["Payment mode", (r) => subChannelLabel(r.subChannel) ?? ""],
  ["Method", (r) => methodWords(r)],
  ["AtomPay transaction ID", (r) => keepText(r.atomTxnId)],
  ["Bank transaction ID", (r) => keepText(r.bankTxnId)],
  ["Payment status", (r) => PAYMENT_LABELS[r.paymentStatus]],
  ["Gateway status code", (r) => r.gatewayStatusCode ?? ""],
  ["Why flagged", (r) => r.flagReason ?? ""],
  ["Created date (IST)", (r) => istDate(r.createdAt)],
  ["Created time (IST)", (r) => istTime(r.createdAt)],
  ["Settled date (IST)", (r) => istDate(r.settledAt)],
  ["Settled time (IST)", (r) => istTime(r.settledAt)],
];

export const CSV_HEADER = CSV_COLUMNS.map(([h]) => h);

/**
 * CSV lines for rows of cells (no header), the way every export of the console writes them: CRLF, formulas
 * defused, and keepText's digits as text. The one writer of cells, so the registrants' file follows the same rules.
 */
export function csvCells(cells: string[][]): string {
  return stringify(cells, {
    record_delimiter: "\r\n",
    // Attendees choose their own names: a cell starting with = + - @ (or a tab / carriage return) would run as a
    // formula when the file is opened in a spreadsheet, so the library prefixes such text with an apostrophe.
    escape_formulas: true,
    // Only our own marker becomes a formula, after escaping, and only around digits (keepText).
    cast: { string: (v) => (v.startsWith(TEXT) ? { value: `="${v.slice(TEXT.length)}"`, quoted: true, escape_formulas: false } : v) },
  });
}

/** CSV text for some rows (no header). */
export function csvRows(rows: ItemRow[]): string {
  return csvCells(rows.map((r) => CSV_COLUMNS.map(([, value]) => value(r))));
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
export function itemsCsvStream(
  db: Db,
  view: Omit<ListView, "after" | "before" | "limit" | "page">,
  opts: CsvStreamOptions = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = iterateItems(db, view, { batchSize: opts.batchSize ?? 1000, now: opts.now, roster: true });
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
