// The CSV export on 10,000 generated payments (one row per item): exactly the filter's rows, in the list's order,
// every cell readable back as an accountant's spreadsheet would read it: words for statuses and modes, money only
// where it moved, ids and phones that stay text, India dates and times in their own columns.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertBulkPayments } from "@/db/fixtures/payments-bulk";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { PAYMENT_LABELS } from "@/lib/payments/labels";
import { REGISTRATION_LABELS } from "@/lib/registrations/status";
import { subChannelLabel } from "@/lib/sub-channel-words";
import { CSV_HEADER, csvRows, exportFileName, indiaTimeText, itemsCsvStream, keepText } from "./csv";
import { type ListView, parseListParams } from "./filters";
import { type ItemRow, iterateItems } from "./queries";
import { listTotals } from "./summary";
import { exportRecords, parseCsv, readAll, rupeesCell } from "./testing";

const NOW = new Date("2026-11-27T12:00:00.000Z");
let t: TestDatabase;

async function exportOf(query: string, batchSize = 1000) {
  const parsed = parseListParams(new URLSearchParams(query));
  expect(parsed.errors).toEqual({});
  const out = await exportRecords(t.db, parsed.view, { batchSize, now: NOW });
  expect(out.bom).toBe(true);
  return { ...out, view: parsed.view };
}

async function oracle(v: ListView): Promise<ItemRow[]> {
  const out: ItemRow[] = [];
  for await (const b of iterateItems(t.db, v, { batchSize: 5000, now: NOW, roster: true })) out.push(...b);
  return out;
}

/** A row's identity in the file: its payment and its event (a payment pays each event once). */
const key = (merchTxnId: string, event: string) => `${merchTxnId}·${event}`;

beforeAll(async () => {
  t = await openTestDatabase();
  await insertBulkPayments(t.db, { count: 10_000, now: NOW });
  await t.db.execute(sql`update payments set name = '=HYPERLINK("http://evil.example","x")' where merch_txn_id = 'ANWBKX00000006'`);
  await t.db.execute(sql`update payments set name = e'अनन्या Zoë, "Quoted"\nNewline' where merch_txn_id = 'ANWBKX00000007'`);
  await t.db.execute(sql`update payments set name = '-2+3', email = '@cmd@example.com' where merch_txn_id = 'ANWBKX00000008'`);
  // A phone with a leading zero and one with a country code: both must survive as typed.
  await t.db.execute(sql`update payments set phone = '09123456789' where merch_txn_id = 'ANWBKX00000010'`);
  await t.db.execute(sql`update payments set phone = '+919123456789' where merch_txn_id = 'ANWBKX00000011'`);
}, 120_000);

afterAll(async () => {
  await t?.dispose();
});

describe(`CSV export on ${testDatabaseKind()}`, () => {
  it.each([
    ["everything", ""],
    ["an event's successful items", "event=code-sprint&status=success"],
    ["team events, flagged, by amount", "kind=team&flagged=1&sort=amount&dir=asc"],
    ["a search", "q=sharma"],
    ["stuck pending", "pendingOver=1440"],
    ["a date range", "from=2026-11-05&to=2026-11-15&sort=settled"],
    ["nothing", "q=nobody-at-all-zz"],
  ])("%s: exactly the filter's rows, in the list's order", async (_name, query) => {
    const { header, records, reported, view } = await exportOf(query);
    expect(header).toEqual(CSV_HEADER);
    const want = await oracle(view);
    expect(records.map((r) => key(r["Payment ID (merchTxnId)"]!, r.Event!))).toEqual(want.map((r) => key(r.merchTxnId, r.eventName)));
    expect(reported).toBe(want.length);
    expect((await listTotals(t.db, view.filter, NOW)).count).toBe(records.length);
  });

  it("every row is readable back: words, money only where it moved, ids that stay text, India dates and times", async () => {
    const { records, view } = await exportOf("", 777);
    const rows = new Map((await oracle(view)).map((r) => [key(r.merchTxnId, r.eventName), r]));
    expect(records.length).toBe(rows.size);
    expect(records.length).toBeGreaterThan(10_000);
    for (const rec of records) {
      const row = rows.get(key(rec["Payment ID (merchTxnId)"]!, rec.Event!))!;
      const moved = row.status === "success" || row.status === "flagged";
      const refunded = moved ? (row.refundedPaise ?? 0) : 0;
      // What the list's badge says: a success with money back is (partly) refunded, under review all given back is refunded.
      const shown =
        refunded >= row.feePaise ? "Refunded" : refunded > 0 && row.status === "success" ? "Partly refunded" : PAYMENT_LABELS[row.status];
      expect(rec.Status).toBe(shown);
      expect(rec["Payment status"]).toBe(PAYMENT_LABELS[row.paymentStatus]);
      expect(rec.Registration).toBe(REGISTRATION_LABELS[row.registrationStatus]);
      expect(rec.Item).toBe(`${row.position} of ${row.itemCount}`);
      expect(rec.Kind).toBe(row.kind === "team" ? "Team" : "Solo");
      if (moved) {
        expect(rupeesCell(rec["Paid (₹)"])).toBe(row.paidPaise);
        expect(rupeesCell(rec["Surcharge (₹)"])).toBe(row.surchargePaise);
        expect(rupeesCell(rec["Refunded (₹)"])).toBe(row.refundedPaise);
        expect(rupeesCell(rec["Net (₹)"])).toBe(row.paidPaise! + row.surchargePaise! - row.refundedPaise!);
      } else {
        expect([rec["Paid (₹)"], rec["Surcharge (₹)"], rec["Refunded (₹)"], rec["Net (₹)"]]).toEqual(["", "", "", ""]);
      }
      // Modes in words, never a code.
      expect(rec["Payment mode"]).toBe(subChannelLabel(row.subChannel) ?? "");
      expect(["", "Net banking", "Credit card", "Debit card", "UPI"]).toContain(rec["Payment mode"]);
      // Digits-only ids and phones are written as ="…": a spreadsheet shows them as text, exactly.
      expect(rec.Phone).toBe(`="${row.phone}"`);
      expect(rec["AtomPay transaction ID"]).toBe(row.atomTxnId ? `="${row.atomTxnId}"` : "");
      expect(rec["Bank transaction ID"]).toBe(row.bankTxnId ?? "");
      expect(rec["Team members"]).toBe(row.roster ?? "");
      // India time is UTC + 5:30: a date column and a time column, together the instant to the second.
      const created = new Date(`${rec["Created date (IST)"]}T${rec["Created time (IST)"]}+05:30`);
      expect(created.getTime()).toBe(Math.floor(row.createdAt.getTime() / 1000) * 1000);
      expect(rec["Created date (IST)"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(rec["Created time (IST)"]).toMatch(/^\d{2}:\d{2}:\d{2}$/);
      expect(rec["Settled date (IST)"] ? new Date(`${rec["Settled date (IST)"]}T${rec["Settled time (IST)"]}+05:30`).getTime() : null).toBe(
        row.settledAt ? Math.floor(row.settledAt.getTime() / 1000) * 1000 : null,
      );
    }
    expect(records.filter((r) => r.Status === "Refunded").length).toBeGreaterThan(0);
    expect(records.filter((r) => r.Status === "Partly refunded").length).toBeGreaterThan(0);
    expect(records.filter((r) => r.Kind === "Team" && r["Team members"]!.includes("(ANW-")).length).toBeGreaterThan(0);
  }, 180_000);

  it("odd names survive; text that a spreadsheet would run as a formula is defused; phones keep their zero and plus", async () => {
    const { records } = await exportOf("q=ANWBKX000000");
    const by = new Map(records.map((r) => [r["Payment ID (merchTxnId)"], r]));
    expect(by.get("ANWBKX00000006")!["Paid by"]).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(by.get("ANWBKX00000007")!["Paid by"]).toBe('अनन्या Zoë, "Quoted"\nNewline');
    expect(by.get("ANWBKX00000008")!["Paid by"]).toBe("'-2+3");
    expect(by.get("ANWBKX00000008")!.Email).toBe("'@cmd@example.com");
    expect(by.get("ANWBKX00000010")!.Phone).toBe('="09123456789"');
    expect(by.get("ANWBKX00000011")!.Phone).toBe('="+919123456789"');
    // Numbers and times are never prefixed: only text that starts like a formula.
    expect(by.get("ANWBKX00000008")!["Created time (IST)"]).toMatch(/^\d{2}:/);
  });

  it('only all-digit values become ="…", so nothing but digits ever sits inside a formula', () => {
    expect(keepText("BANKBK000000001")).toBe("BANKBK000000001");
    expect(keepText('1"+HYPERLINK("x")')).toBe('1"+HYPERLINK("x")');
    expect(keepText(null)).toBe("");
    const row = { phone: "=1+1", atomTxnId: "123", bankTxnId: '9"),evil("' } as Partial<ItemRow>;
    const [cells] = parseCsv(csvRows([{ ...(sampleRow as ItemRow), ...row }]));
    const at = (h: string) => cells![CSV_HEADER.indexOf(h)];
    expect(at("Phone")).toBe("'=1+1");
    expect(at("AtomPay transaction ID")).toBe('="123"');
    expect(at("Bank transaction ID")).toBe('9"),evil("');
  });

  it("streams in batches pulled on demand, and stops reading when the client goes away", async () => {
    const { chunks } = await exportOf("kind=solo", 500);
    expect(chunks).toBeGreaterThan(5);
    const parsed = parseListParams(new URLSearchParams(""));
    let done = false;
    const stream = itemsCsvStream(t.db, parsed.view, {
      batchSize: 100,
      now: NOW,
      onDone: () => {
        done = true;
      },
    });
    const reader = stream.getReader();
    await reader.read(); // header
    await reader.read(); // first batch
    await reader.cancel();
    expect(done).toBe(false);
    expect((await readAll(itemsCsvStream(t.db, parsed.view, { bom: false, batchSize: 5000 }))).text.startsWith(`${CSV_HEADER[0]},`)).toBe(
      true,
    );
  });

  it("times and names in India time", () => {
    expect(indiaTimeText(new Date("2026-11-27T09:34:05.123Z"))).toBe("2026-11-27 15:04:05");
    expect(indiaTimeText(new Date("2026-11-27T18:30:00Z"))).toBe("2026-11-28 00:00:00");
    expect(indiaTimeText(null)).toBe("");
    expect(exportFileName(new Date("2026-11-27T09:34:05Z"))).toBe("anwesha-payments-2026-11-27-1504-IST.csv");
  });
});

const sampleRow: Omit<ItemRow, "phone" | "atomTxnId" | "bankTxnId"> = {
  id: "7d1f0c8e-3a41-4c8e-9d4b-2f8e6a1b0c3d",
  paymentId: "7d1f0c8e-3a41-4c8e-9d4b-2f8e6a1b0c3e",
  merchTxnId: "ANWTEST0001",
  status: "success",
  paymentStatus: "success",
  registrationId: "7d1f0c8e-3a41-4c8e-9d4b-2f8e6a1b0c3f",
  registrationStatus: "paid",
  name: "Asha",
  anweshaId: "ANW-000001",
  email: "asha@example.com",
  eventName: "Code Sprint",
  eventSlug: "code-sprint",
  kind: "solo",
  teamId: null,
  teamName: null,
  priceLabel: "Standard",
  code: null,
  feePaise: 25_000,
  paidPaise: 25_000,
  surchargePaise: 0,
  refundedPaise: 0,
  netPaise: 25_000,
  position: 1,
  itemCount: 1,
  currency: "INR",
  subChannel: "NB",
  method: "gateway",
  deskKind: null,
  utr: null,
  gatewayStatusCode: "OTS0000",
  flagReason: null,
  createdAt: new Date("2026-11-27T09:34:05Z"),
  settledAt: new Date("2026-11-27T09:35:05Z"),
  sortKey: "x",
};
