// Test helpers for the console: read the CSV export back as a spreadsheet would (RFC 4180), with money in paise.
import type { Db } from "@/db/client";
import { itemsCsvStream } from "./csv";
import { parseCsv, rupeesCell } from "./csv-read";
import type { ListView } from "./filters";

export { parseCsv, rupeesCell } from "./csv-read";

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ text: string; chunks: number }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true }); // keep the BOM: tests check it is there
  let text = "";
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks++;
    text += decoder.decode(value, { stream: true });
  }
  return { text: text + decoder.decode(), chunks };
}

export type CsvRecord = Record<string, string>;

/** The export of a view as records keyed by header, plus the row count the stream reported. */
export async function exportRecords(db: Db, view: ListView, opts: { batchSize?: number; now?: Date } = {}) {
  let reported = -1;
  const { text, chunks } = await readAll(
    itemsCsvStream(db, view, {
      batchSize: opts.batchSize ?? 1000,
      now: opts.now,
      onDone: (n) => {
        reported = n;
      },
    }),
  );
  const bom = text.startsWith("\uFEFF");
  const [header, ...rows] = parseCsv(bom ? text.slice(1) : text);
  const records: CsvRecord[] = rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
  return { header: header!, records, reported, chunks, bom };
}

/** Sum of a money column, as a spreadsheet's SUM would give it (empty cells count nothing). */
export function columnSum(records: CsvRecord[], header: string): number {
  return records.reduce((n, r) => n + (rupeesCell(r[header]) ?? 0), 0);
}
