// The receipt as a PDF, from the same view the receipt page shows (so the two never disagree, and a teammate's
// shows only their team's item and its amount). pdfkit with its built-in Helvetica: no font files to ship, but
// only the Windows-1252 repertoire, hence "INR" for the rupee sign and "?" for letters outside it (the page and
// its printout show every script).
import PDFDocument from "pdfkit";
import { whenAndWhere } from "@/lib/calendar/pass-entry";
import { formatINR, formatIST } from "@/lib/format";
import { holderLine } from "@/lib/passes/holder";
import type { EntryPass } from "@/lib/passes/pass";
import { passQrPng } from "@/lib/passes/qr";
import { REGISTRATION_LABELS } from "@/lib/registrations/status";
import { paidWithWords } from "@/lib/sub-channel-words";
import { PART_OF_A_PAYMENT, PAYMENT_LABELS, paymentShownAs } from "./labels";
import type { PaymentView } from "./view";

// Windows-1252's printable characters beyond Latin-1's: what Helvetica in a PDF can show besides U+0020–U+00FF.
const CP1252_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/** Text Helvetica can draw: the rupee sign spelt out, anything else it lacks replaced by "?". */
export function pdfText(s: string): string {
  return s.replace(/₹\s?/g, "INR ").replace(/[^\n\u0020-\u007e\u00a0-\u00ff]/gu, (c) => (CP1252_EXTRA.has(c) ? c : "?"));
}

const inr = (paise: number) => pdfText(formatINR(paise));

function receiptRows(view: PaymentView): [string, string][] {
  const rows: [string, string | null][] = [
    ["Status", PAYMENT_LABELS[paymentShownAs(view)]],
    ["Event", view.items.length > 1 ? null : view.event.name],
    ["Team", view.team?.name ?? null],
    ["Paid by", `${view.payer.name} (${view.payer.anweshaId})`],
    ["Amount paid", view.paidPaise != null ? inr(view.paidPaise) : null],
    ["Registration fee", inr(view.amountPaise)],
    ["Gateway convenience fee", view.surchargePaise ? inr(view.surchargePaise) : null],
    ["Refunded", view.refundedPaise > 0 ? inr(view.refundedPaise) : null],
    ["Paid with", paidWithWords(view.subChannel, view.desk)],
    ["Our reference", view.merchTxnId],
    ["AtomPay transaction", view.atomTxnId],
    ["Bank transaction", view.bankTxnId],
    ["Started", formatIST(view.createdAt)],
    ["Paid at", view.settledAt ? formatIST(view.settledAt) : null],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== null && r[1] !== "").map(([k, v]) => [k, pdfText(v)]);
}

/**
 * The receipt as a PDF: the payment's facts, each item with its event's time (India time) and venue, then the entry
 * passes of the view's items (passesOfPayment), one QR code each, so the printout gets a person in.
 */
export async function renderReceiptPdf(
  view: PaymentView,
  passes: Pick<EntryPass, "registrationId" | "token" | "event" | "holder">[] = [],
): Promise<Buffer> {
  const codes = new Map(await Promise.all(passes.map(async (p) => [p.registrationId, await passQrPng(p.token, 480)] as const)));
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    info: { Title: `Anwesha Payments receipt ${view.merchTxnId}`, Author: "Anwesha Payments", Subject: "Payment receipt" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.font("Helvetica-Bold").fontSize(20).fillColor("#9a3412").text("Anwesha Payments");
  doc.moveDown(0.2).font("Helvetica").fontSize(12).fillColor("#444").text("Payment receipt");
  doc.moveDown(1);

  const labelWidth = 160;
  for (const [label, value] of receiptRows(view)) {
    const y = doc.y;
    doc.font("Helvetica").fontSize(10).fillColor("#666").text(label, left, y, { width: labelWidth });
    doc
      .font("Helvetica")
      .fontSize(11)
      .fillColor("#111")
      .text(value, left + labelWidth, y, { width: width - labelWidth });
    doc.moveDown(0.5);
  }

  if (view.items.length) {
    doc.moveDown(0.8).font("Helvetica-Bold").fontSize(12).fillColor("#111").text("What this payment pays", left);
    doc.moveDown(0.4);
    for (const item of view.items) {
      const y = doc.y;
      const state = item.status === "success" || item.registrationStatus === "refunded" ? REGISTRATION_LABELS[item.registrationStatus] : "";
      const refunded = item.refundedPaise > 0 && item.registrationStatus !== "refunded" ? ` (${inr(item.refundedPaise)} refunded)` : "";
      doc
        .font("Helvetica")
        .fontSize(11)
        .fillColor("#111")
        .text(pdfText(item.eventName), left, y, { width: width - 220 });
      doc.text(inr(item.amountPaise), left + width - 220, y, { width: 90, align: "right" });
      doc.fillColor("#444").text(pdfText(state + refunded), left + width - 120, y, { width: 120, align: "right" });
      doc
        .fontSize(9)
        .fillColor("#555")
        .text(pdfText(whenAndWhere(item.eventStartsAt, item.eventVenue)), left, doc.y, { width: width - 220 });
      doc.moveDown(0.4);
    }
  }

  const size = 150;
  for (const pass of passes) {
    const bottom = doc.page.height - doc.page.margins.bottom;
    if (doc.y + size + 70 > bottom) doc.addPage();
    doc
      .moveDown(1)
      .font("Helvetica-Bold")
      .fontSize(12)
      .fillColor("#111")
      .text(pdfText(`Entry pass: ${pass.event.name}`), left, doc.y, { width });
    const holder = holderLine(pass.holder);
    doc.font("Helvetica").fontSize(10).fillColor("#333").text(pdfText(holder), left, doc.y, { width });
    doc.text(pdfText(whenAndWhere(pass.event.startsAt, pass.event.venue)), left, doc.y, { width });
    const top = doc.y + 6;
    doc.image(codes.get(pass.registrationId)!, left, top, { width: size, height: size });
    doc.y = top + size + 4;
    doc.fontSize(9).fillColor("#555").text("Show this code at the door. A refund cancels the pass.", left, doc.y, { width });
  }

  if (!view.wholePayment)
    doc.moveDown(0.8).font("Helvetica").fontSize(10).fillColor("#444").text(pdfText(PART_OF_A_PAYMENT), left, doc.y, { width });

  doc.moveDown(2).font("Helvetica").fontSize(9).fillColor("#666");
  doc.text(
    "Amounts in Indian rupees (INR). Times in India Standard Time (IST). Payments are processed by AtomPay (NTT DATA Payment Services India).",
    left,
    doc.y,
    { width },
  );
  doc.end();
  return done;
}
