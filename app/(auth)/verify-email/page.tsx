// The link a sign-up mails: opening it confirms the address (lib/users/email-verification.ts).
import type { Metadata } from "next";
import Link from "next/link";
import { Alert, Card, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { AddressTakenError, InvalidVerificationLinkError, verifyEmail } from "@/lib/users/email-verification";

export const metadata: Metadata = { title: "Confirm your email", referrer: "no-referrer", robots: { index: false } };
export const dynamic = "force-dynamic";

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  let email: string | null = null;
  let changed = false;
  let taken: string | null = null;
  try {
    ({ email, changed = false } = await verifyEmail(db, typeof token === "string" ? token : ""));
  } catch (error) {
    if (error instanceof AddressTakenError) taken = error.message;
    else if (!(error instanceof InvalidVerificationLinkError)) throw error;
  }
  return (
    <div className="mx-auto max-w-md">
      <PageTitle>Confirm your email</PageTitle>
      <Card>
        {taken ? (
          <Alert tone="error">{taken}</Alert>
        ) : changed ? (
          <Alert tone="success" live>
            Done: your account now uses {email}. Sign in with it from now on; we told your old address.{" "}
            <Link href="/me/account" className="font-semibold underline">
              Account settings
            </Link>
          </Alert>
        ) : email ? (
          <Alert tone="success" live>
            Thanks: {email} is confirmed. Team invitations sent to it now show on{" "}
            <Link href="/me" className="font-semibold underline">
              your page
            </Link>
            .
          </Alert>
        ) : (
          <Alert tone="error">
            This confirmation link is not valid or has expired.{" "}
            <Link href="/me/account" className="font-semibold underline">
              Sign in and ask for a new one
            </Link>
            .
          </Alert>
        )}
      </Card>
    </div>
  );
}
