import type { Metadata } from "next";
import Link from "next/link";
import { Alert, Card, PageTitle } from "@/app/_components/ui";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { SIGN_UP_ANSWER } from "@/lib/users/accounts";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; signedUp?: string; accountDeleted?: string }>;
}) {
  const { callbackUrl, signedUp, accountDeleted } = await searchParams;
  return (
    <div className="mx-auto max-w-md">
      <PageTitle sub="Use the email you registered with.">Sign in</PageTitle>
      {signedUp === "1" ? (
        <div className="mb-4">
          <Alert tone="success" live>
            {SIGN_UP_ANSWER}
          </Alert>
        </div>
      ) : null}
      {accountDeleted === "1" ? (
        <div className="mb-4">
          <Alert tone="success" live>
            Your account is deleted and you are signed out. We keep only your payments' records, without your name or contact details.
          </Alert>
        </div>
      ) : null}
      <Card>
        <SignInForm callbackUrl={safeCallbackUrl(callbackUrl, signedUp === "1" ? "/me?welcome=1" : undefined)} />
      </Card>
      <p className="mt-4 text-center text-sm text-stone-600">
        <Link href="/forgot-password" className="font-semibold text-brand-700 hover:underline">
          Forgot your password?
        </Link>
        {" · "}
        <Link href="/sign-in/link" className="font-semibold text-brand-700 hover:underline">
          Mail me a sign-in link
        </Link>
      </p>
      <p className="mt-2 text-center text-sm text-stone-600">
        New to Anwesha?{" "}
        <Link href="/sign-up" className="font-semibold text-brand-700 hover:underline">
          Create an account
        </Link>
      </p>
    </div>
  );
}
