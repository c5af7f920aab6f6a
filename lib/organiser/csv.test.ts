// The CSV export on 10,000 generated payments: exactly the filter's rows, in the list's order, every cell
// readable back, money and times in the promised formats.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertBulkPayments } from "@/db/fixtures/payments-bulk";
import { type TestDatabase, openTestDatabase, testDatabaseKind } from "@/db/testing";
import { CSV_HEADER, exportFileName, indiaTimeText, paymentsCsvStream } from "./csv";
import { type ListView, parseListParams } from "./filters";
import { type PaymentRow, iteratePayments, paymentTotals } from "./queries";

const NOW = new Date("2026-11-27T12:00:00.000Z");
let t: TestDatabase;

/** RFC 4180, enough to read back what csv-stringify wrote (quotes, doubled quotes, commas and newlines inside). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell !== "" || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ text: string; chunks: number }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true }); // keep the BOM: we check it is there
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

async function exportOf(query: string, batchSize = 1000) {
  const parsed = parseListParams(new URLSearchParams(query));
  expect(parsed.errors).toEqual({});
  let reported = -1;
  const { text, chunks } = await readAll(paymentsCsvStream(t.db, parsed.view, { batchSize, now: NOW, onDone: (n) => void (reported = n) }));
  expect(text.startsWith("\uFEFF")).toBe(true);
  const [header, ...rows] = parseCsv(text.slice(1));
  const records = rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
  return { header: header!, records, reported, chunks, view: parsed.view };
}

async function oracle(v: ListView): Promise<PaymentRow[]> {
  const out: PaymentRow[] = [];
  for await (const b of iteratePayments(t.db, v, { batchSize: 5000, now: NOW })) out.push(...b);
  return out;
}

beforeAll(async () => {
  t = await openTestDatabase();
  await insertBulkPayments(t.db, { count: 10_000, now: NOW });
  await t.db.execute(sql`update payments set name = '=HYPERLINK("http://evil.example","x")' where merch_txn_id = 'ANWBKX00000006'`);
  await t.db.execute(sql`update payments set name = e'अनन्या Zoë, "Quoted"\nNewline' where merch_txn_id = 'ANWBKX00000007'`);
  await t.db.execute(sql`update payments set name = '-2+3', email = '@cmd@example.com' where merch_txn_id = 'ANWBKX00000008'`);
}, 120_000);

afterAll(async () => {
  await t?.dispose();
});

describe(`CSV export on ${testDatabaseKind()}`, () => {
  it.each([
    ["everything", ""],
    ["an event's successful payments", "event=code-sprint&status=success"],
    ["team events, flagged, by amount", "kind=team&flagged=1&sort=amount&dir=asc"],
    ["a search", "q=sharma"],
    ["stuck pending", "pendingOver=1440"],
    ["a date range", "from=2026-11-05&to=2026-11-15&sort=settled"],
    ["nothing", "q=nobody-at-all-zz"],
  ])("%s: exactly the filter's rows, in the list's order", async (_name, query) => {
    const { header, records, reported, view } = await exportOf(query);
    expect(header).toEqual(CSV_HEADER);
    const want = await oracle(view);
    expect(records.map((r) => r.merch_txn_id)).toEqual(want.map((r) => r.merchTxnId));
    expect(reported).toBe(want.length);
    expect((await paymentTotals(t.db, view.filter, NOW)).count).toBe(records.length);
  });

  it("every row is readable back with the right money, statuses and times", async () => {
    const { records, view } = await exportOf("", 777);
    const rows = new Map((await oracle(view)).map((r) => [r.merchTxnId, r]));
    expect(records).toHaveLength(10_000);
    for (const rec of records) {
      const row = rows.get(rec.merch_txn_id!)!;
      expect(rec.status).toBe(row.status);
      expect(rec.fee_inr).toMatch(/^\d+\.\d{2}$/);
      expect(Math.round(Number(rec.fee_inr) * 100)).toBe(row.expectedPaise);
      expect(rec.total_inr).toBe(row.totalPaise == null ? "" : `${Math.floor(row.totalPaise / 100)}.${String(row.totalPaise % 100).padStart(2, "0")}`);
      expect(rec.refunded_inr).toMatch(/^\d+\.\d{2}$/);
      expect(rec.created_at_utc).toBe(row.createdAt.toISOString());
      // India time is UTC + 5:30, written without a zone (the header names it).
      const ist = new Date(`${rec.created_at_ist!.replace(" ", "T")}+05:30`);
      expect(ist.getTime()).toBe(Math.floor(row.createdAt.getTime() / 1000) * 1000);
      expect(rec.settled_at_utc).toBe(row.settledAt?.toISOString() ?? "");
      expect(rec.refund_state).toBe(row.refundedPaise === 0 ? "none" : row.refundedPaise >= (row.totalPaise ?? 0) ? "full" : "partial");
    }
    expect(records.filter((r) => r.refund_state === "full").length).toBeGreaterThan(0);
    expect(records.filter((r) => r.refund_state === "partial").length).toBeGreaterThan(0);
  });

  it("odd names survive; text that a spreadsheet would run as a formula is defused", async () => {
    const { records } = await exportOf("q=ANWBKX0000000");
    const by = new Map(records.map((r) => [r.merch_txn_id, r]));
    expect(by.get("ANWBKX00000006")!.name).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(by.get("ANWBKX00000007")!.name).toBe('अनन्या Zoë, "Quoted"\nNewline');
    expect(by.get("ANWBKX00000008")!.name).toBe("'-2+3");
    expect(by.get("ANWBKX00000008")!.email).toBe("'@cmd@example.com");
    // Numbers and times are never prefixed: only text that starts like a formula.
    expect(by.get("ANWBKX00000008")!.fee_inr).toMatch(/^\d+\.\d{2}$/);
    expect(by.get("ANWBKX00000008")!.created_at_utc).toMatch(/^\d{4}-/);
  });

  it("streams in batches pulled on demand, and stops reading when the client goes away", async () => {
    const { chunks } = await exportOf("kind=solo", 500);
    expect(chunks).toBeGreaterThan(5);
    const parsed = parseListParams(new URLSearchParams(""));
    let done = false;
    const stream = paymentsCsvStream(t.db, parsed.view, { batchSize: 100, now: NOW, onDone: () => void (done = true) });
    const reader = stream.getReader();
    await reader.read(); // header
    await reader.read(); // first batch
    await reader.cancel();
    expect(done).toBe(false);
  });

  it("times and names in India time", () => {
    expect(indiaTimeText(new Date("2026-11-27T09:34:05.123Z"))).toBe("2026-11-27 15:04:05");
    expect(indiaTimeText(new Date("2026-11-27T18:30:00Z"))).toBe("2026-11-28 00:00:00");
    expect(indiaTimeText(null)).toBe("");
    expect(exportFileName(new Date("2026-11-27T09:34:05Z"))).toBe("anwesha-payments-2026-11-27-1504-IST.csv");
  });
});
