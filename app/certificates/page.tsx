// Where a code is typed: /certificates?code=… goes to that code's page; without one, the form.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card, PageTitle } from "@/app/_components/ui";
import { CodeForm } from "./code-form";

export const metadata: Metadata = { title: "Verify a certificate" };

export default async function CertificatesPage({ searchParams }: { searchParams: Promise<{ code?: string | string[] }> }) {
  const { code } = await searchParams;
  const typed = typeof code === "string" ? code.replace(/\s+/g, "").slice(0, 40) : "";
  if (typed) redirect(`/certificates/${encodeURIComponent(typed)}`);
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <PageTitle sub="Type the code printed on an Anwesha certificate to see whose it is and for what.">Verify a certificate</PageTitle>
      <Card>
        <CodeForm />
      </Card>
    </div>
  );
}
