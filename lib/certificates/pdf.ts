// Certificates as a PDF: one landscape A4 page each (a person's download is one page; an event's bundle, every
// page). pdfkit with its built-in fonts, as the receipt (lib/payments/receipt-pdf.ts): names outside the
// Windows-1252 repertoire print with "?" for what it lacks, the verification page shows them whole.
import PDFDocument from "pdfkit";
import { formatIndiaLongDate } from "@/lib/format";
import { passQrPng } from "@/lib/passes/qr";
import { pdfText } from "@/lib/payments/receipt-pdf";
import type { CertificateFacts } from "./certificate";
import { displayCode } from "./code";
import { placeLabel } from "./places";

export const FEST = "Anwesha";

/** "12 December 2026": the event's day in India. */
export const certificateDate = (at: Date) => formatIndiaLongDate(at);

/** The sentence under the name: what the person did, and where. */
export function certificateLine(c: Pick<CertificateFacts, "kind" | "place" | "team" | "event">): string {
  const as = c.team ? ` as a member of team ${c.team}` : "";
  return `${achievement(c)}${as} at ${FEST}, on ${certificateDate(c.event.startsAt)}.`;
}

/** "won Robo Wars", "was runner-up in Robo Wars", "was awarded Best design in Robo Wars", "participated in Robo Wars". */
function achievement(c: Pick<CertificateFacts, "kind" | "place" | "event">): string {
  const event = c.event.name;
  if (c.kind === "participation" || !c.place) return `participated in ${event}`;
  if (c.place === placeLabel("winner")) return `won ${event}`;
  if (c.place === placeLabel("runner-up")) return `was runner-up in ${event}`;
  return `was awarded ${c.place} in ${event}`;
}

export const certificateTitle = (kind: CertificateFacts["kind"]) =>
  kind === "merit" ? "Certificate of Merit" : "Certificate of Participation";

/** The PDF of `list` (at least one), each with its code and a QR code of its verification link. */
export async function renderCertificatesPdf(list: (CertificateFacts & { verifyUrl: string })[], title: string): Promise<Buffer> {
  const qrs = await Promise.all(list.map((c) => passQrPng(c.verifyUrl, 300)));
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: 48,
    autoFirstPage: false,
    info: { Title: pdfText(title), Author: FEST, Subject: "Certificate" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  for (const [i, c] of list.entries()) page(doc, c, qrs[i]!);
  doc.end();
  return done;
}

function page(doc: PDFKit.PDFDocument, c: CertificateFacts & { verifyUrl: string }, qr: Buffer): void {
  doc.addPage();
  const { width: w, height: h } = doc.page;
  const accent = c.kind === "merit" ? "#b45309" : "#9a3412";
  doc
    .lineWidth(3)
    .strokeColor(accent)
    .rect(24, 24, w - 48, h - 48)
    .stroke();
  doc
    .lineWidth(1)
    .rect(32, 32, w - 64, h - 64)
    .stroke();
  const left = 72;
  const width = w - 2 * left;
  const centred = { width, align: "center" as const };
  doc.font("Helvetica-Bold").fontSize(34).fillColor(accent).text(FEST.toUpperCase(), left, 96, centred);
  doc.moveDown(0.2).font("Helvetica").fontSize(22).fillColor("#1c1917").text(certificateTitle(c.kind), left, doc.y, centred);
  doc.moveDown(1.6).fontSize(13).fillColor("#57534e").text("This is to certify that", left, doc.y, centred);
  doc.moveDown(0.5).font("Helvetica-Bold").fontSize(28).fillColor("#1c1917").text(pdfText(c.person.name), left, doc.y, centred);
  if (c.person.college)
    doc
      .moveDown(0.2)
      .font("Helvetica")
      .fontSize(14)
      .fillColor("#44403c")
      .text(pdfText(`of ${c.person.college}`), left, doc.y, centred);
  doc
    .moveDown(0.8)
    .font("Helvetica")
    .fontSize(15)
    .fillColor("#1c1917")
    .text(pdfText(certificateLine(c)), left + 40, doc.y, { width: width - 80, align: "center" });

  const size = 96;
  const top = h - 48 - size - 24;
  doc.image(qr, left, top, { width: size, height: size });
  const textLeft = left + size + 16;
  doc
    .font("Helvetica")
    .fontSize(10)
    .fillColor("#57534e")
    .text("Certificate code", textLeft, top + 14);
  doc
    .font("Courier-Bold")
    .fontSize(16)
    .fillColor("#1c1917")
    .text(displayCode(c.code), textLeft, doc.y + 2);
  doc
    .font("Helvetica")
    .fontSize(10)
    .fillColor("#57534e")
    .text(`Verify it at ${c.verifyUrl}`, textLeft, doc.y + 4, { width: width - size - 16, lineBreak: false });
  doc.text(pdfText(`Anwesha ID ${c.person.anweshaId}`), textLeft, doc.y + 2, { lineBreak: false });
}
