// The public page a certificate's QR code and printed link lead to: whose certificate it is and for what, or that
// the code is not valid. Anyone may open it; it shows no contact details.
import type { Metadata } from "next";
import { Alert, Card, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { verificationJson } from "@/lib/certificates/api";
import { verifyCertificate } from "@/lib/certificates/certificate";
import { readCodeSegment } from "@/lib/certificates/code";
import { CodeForm } from "../code-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Verify a certificate", robots: { index: false } };

export default async function CertificatePage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const v = verificationJson(await verifyCertificate(db, readCodeSegment(code)));
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <PageTitle sub="Anwesha's certificates carry a code that this page checks.">Verify a certificate</PageTitle>
      {v.valid ? (
        <Card>
          <div className="space-y-3" data-testid="certificate-verified">
            <Alert tone="success">
              <strong>Valid.</strong> This is a genuine {v.title.toLowerCase()} from Anwesha.
            </Alert>
            <dl className="grid grid-cols-[7rem_minmax(0,1fr)] gap-y-2 text-sm sm:grid-cols-[9rem_minmax(0,1fr)]">
              <dt className="text-stone-500">Awarded to</dt>
              <dd className="font-semibold">{v.holder.name}</dd>
              <dt className="text-stone-500">College</dt>
              <dd>{v.holder.college}</dd>
              <dt className="text-stone-500">Anwesha ID</dt>
              <dd className="whitespace-nowrap font-mono">{v.holder.anweshaId}</dd>
              <dt className="text-stone-500">Certificate</dt>
              <dd>
                {v.title}
                {v.place ? ` (${v.place})` : ""}
              </dd>
              <dt className="text-stone-500">Event</dt>
              <dd>
                {v.event.name}
                {v.team ? `, team ${v.team}` : ""}
              </dd>
              <dt className="text-stone-500">Date</dt>
              <dd>{v.event.date}</dd>
              <dt className="text-stone-500">Code</dt>
              <dd className="whitespace-nowrap font-mono">{v.code}</dd>
            </dl>
            <p className="text-sm text-stone-700">{`${v.holder.name} ${v.text}`}</p>
          </div>
        </Card>
      ) : (
        <div data-testid="certificate-invalid">
          <Alert tone="error">
            <strong>Not valid.</strong> {v.reason}
          </Alert>
        </div>
      )}
      <Card>
        <CodeForm label="Check another code" />
      </Card>
    </div>
  );
}
