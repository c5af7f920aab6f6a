// Sign in by a mailed link: without a token, ask for one; with one, a button that uses it.
import type { Metadata } from "next";
import Link from "next/link";
import { Alert, Card, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { signInLinkUsable } from "@/lib/auth/sign-in-link";
import { RequestLinkForm, UseLinkForm } from "./sign-in-link-forms";

export const metadata: Metadata = { title: "Sign in by mail", referrer: "no-referrer", robots: { index: false } };
export const dynamic = "force-dynamic";

export default async function SignInLinkPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const value = typeof token === "string" ? token : "";
  const usable = value ? await signInLinkUsable(db, value) : false;
  return (
    <div className="mx-auto max-w-md">
      <PageTitle sub={value ? undefined : "We mail you a link that signs you in once, without your password."}>Sign in by mail</PageTitle>
      <Card>
        {!value ? (
          <RequestLinkForm />
        ) : usable ? (
          <UseLinkForm token={value} />
        ) : (
          <Alert tone="error">
            This sign-in link has expired or was already used.{" "}
            <Link href="/sign-in/link" className="font-semibold underline">
              Ask for a new one
            </Link>
            .
          </Alert>
        )}
      </Card>
    </div>
  );
}
