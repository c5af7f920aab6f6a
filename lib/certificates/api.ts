// What the certificate routes answer: the PDF (or, asked for JSON, its code and link) and the verification JSON.
import { env } from "@/lib/env";
import { type CertificateFacts, type Verification, verifyUrl } from "./certificate";
import { displayCode } from "./code";
import { certificateDate, certificateLine, certificateTitle, FEST, renderCertificatesPdf } from "./pdf";

const wantsJson = (req: Request) => /\bapplication\/json\b/i.test(req.headers.get("accept") ?? "");

const pdfHeaders = (fileName: string) => ({
  "Content-Type": "application/pdf",
  "Content-Disposition": `attachment; filename="${fileName}"`,
  "Cache-Control": "private, no-store",
  "X-Content-Type-Options": "nosniff",
});

/** GET /api/registrations/{id}/certificate: the PDF, or `{code, verifyUrl, kind, place}` for Accept: application/json. */
export async function certificateResponse(req: Request, c: CertificateFacts): Promise<Response> {
  const url = verifyUrl(c.code, env().APP_URL);
  if (wantsJson(req))
    return Response.json(
      { code: displayCode(c.code), verifyUrl: url, kind: c.kind, place: c.place, event: { slug: c.event.slug, name: c.event.name } },
      { headers: { "Cache-Control": "private, no-store" } },
    );
  const pdf = await renderCertificatesPdf([{ ...c, verifyUrl: url }], `${FEST} certificate ${displayCode(c.code)}`);
  return new Response(new Uint8Array(pdf), { headers: pdfHeaders(`anwesha-certificate-${c.event.slug}-${c.code}.pdf`) });
}

/** GET /api/organiser/events/{slug}/certificates: every certificate of the event in one PDF. */
export async function eventCertificatesResponse(slug: string, list: CertificateFacts[]): Promise<Response> {
  const appUrl = env().APP_URL;
  const pdf = await renderCertificatesPdf(
    list.map((c) => ({ ...c, verifyUrl: verifyUrl(c.code, appUrl) })),
    `${FEST} certificates: ${slug}`,
  );
  return new Response(new Uint8Array(pdf), { headers: pdfHeaders(`anwesha-certificates-${slug}.pdf`) });
}

/** GET /api/certificates/{code}: what the verification page says, as JSON (no internal ids, no contact details). */
export function verificationJson(v: Verification) {
  if (!v.valid) return { valid: false as const, reason: v.reason };
  const c = v.facts;
  return {
    valid: true as const,
    code: displayCode(c.code),
    kind: c.kind,
    title: certificateTitle(c.kind),
    place: c.place,
    holder: { name: c.person.name, college: c.person.college, anweshaId: c.person.anweshaId },
    team: c.team,
    event: { slug: c.event.slug, name: c.event.name, date: certificateDate(c.event.startsAt), startsAt: c.event.startsAt.toISOString() },
    fest: FEST,
    text: certificateLine(c),
  };
}
