// The PDF receipt, rendered from a real paid payment's view and read back as text.
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase, testDatabaseKind } from "@/db/testing";
import { pdfText, renderReceiptPdf } from "./receipt-pdf";
import { newUser, payFor, prepare, testDeps } from "./testing";
import { paymentForViewer } from "./view";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await prepare(t);
});
afterAll(async () => {
  await t?.dispose();
});

async function textOf(pdf: Buffer): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: true });
  return text.replace(/\s+/g, " ");
}

describe(`the PDF receipt on ${testDatabaseKind()}`, () => {
  it("says what the receipt page says: who paid, how much, for what, and the gateway's ids", async () => {
    const payer = await newUser(t, "pdf");
    const { started } = await payFor(testDeps(t), payer, { items: [{ eventSlug: "code-sprint" }, { eventSlug: "solo-singing" }] });
    const view = (await paymentForViewer(t.db, started.merchTxnId, payer))!;
    const pdf = await renderReceiptPdf(view);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await textOf(pdf);
    expect(text).toContain("Payment receipt");
    expect(text).toContain(`Paid by ${payer.name} (${payer.anweshaId})`);
    expect(text).toContain("Amount paid INR 400.00");
    expect(text).toContain(`Our reference ${started.merchTxnId}`);
    expect(text).toContain(`AtomPay transaction ${view.atomTxnId}`);
    expect(text).toContain("Paid with Net banking");
    expect(text).toMatch(/Code Sprint INR 250\.00 Registered/);
    expect(text).toMatch(/Solo Singing INR 150\.00 Registered/);
  });

  it("draws only what Helvetica has: the rupee sign spelt out, other scripts as '?'", () => {
    expect(pdfText("₹1,250.00 · Zoë – “ok”")).toBe("INR 1,250.00 · Zoë – “ok”");
    expect(pdfText("अनन्या 😀")).toBe("?????? ?");
  });
});
