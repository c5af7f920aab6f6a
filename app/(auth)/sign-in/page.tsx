import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { Alert, Card, PageTitle } from "@/app/_components/ui";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { cameFrom } from "@/lib/console/landing";
import { SIGN_UP_ANSWER } from "@/lib/users/accounts";
import { CarryEmailLink } from "../carried-email";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

type Query = { callbackUrl?: string; signedUp?: string; signedOut?: string; reset?: string; accountDeleted?: string };

/**
 * What a redirect here came to say: after "Sign out everywhere", a password reset whose sign-in did not follow, or
 * a deleted account.
 */
function arrivalNote(q: Query): string | null {
  if (q.accountDeleted === "1")
    return "Your account is deleted and you are signed out. We keep only your payments' records, without your name or contact details.";
  if (q.signedOut === "everywhere") return "You are signed out on every device, and every app token has stopped working.";
  if (q.reset === "1") return "Your password is changed. Sign in with the new one.";
  return null;
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Query> }) {
  const query = await searchParams;
  const { callbackUrl, signedUp } = query;
  const note = arrivalNote(query);
  const asked = await headers();
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
      {note ? (
        <div className="mb-4">
          <Alert tone="success" live>
            {note}
          </Alert>
        </div>
      ) : null}
      <Card>
        <SignInForm
          callbackUrl={safeCallbackUrl(callbackUrl, signedUp === "1" ? "/me?welcome=1" : "")}
          cameFrom={cameFrom(asked.get("referer"), asked.get("host")) ?? ""}
        />
      </Card>
      <p className="mt-4 text-center text-sm text-stone-600">
        <CarryEmailLink href="/forgot-password" fieldId="f-email" className="font-semibold text-brand-700 hover:underline">
          Forgot your password?
        </CarryEmailLink>
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
