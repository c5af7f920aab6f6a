import type { Metadata } from "next";
import Link from "next/link";
import { ButtonLink, Card, PageTitle } from "@/app/_components/ui";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { currentSession } from "@/lib/auth/session";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const user = await currentSession();
  // Someone signed in needs no second account: say who they are and where to go, not the form.
  if (user) {
    return (
      <div className="mx-auto max-w-md">
        <PageTitle sub={`You are signed in as ${user.name} (${user.email}).`}>You already have an account</PageTitle>
        <Card>
          <p className="mb-4 text-sm text-stone-700">
            To make another account, sign out first. Your Anwesha ID is{" "}
            <strong className="whitespace-nowrap font-mono">{user.anweshaId}</strong>.
          </p>
          <div className="flex flex-wrap gap-3 [&>a]:whitespace-nowrap">
            <ButtonLink href={safeCallbackUrl(callbackUrl)}>{callbackUrl ? "Carry on" : "Browse events"}</ButtonLink>
            <ButtonLink href="/me" variant="secondary">
              Your account
            </ButtonLink>
          </div>
        </Card>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-md">
      <PageTitle sub="You get your Anwesha ID as soon as you sign up.">Create your account</PageTitle>
      <Card>
        <SignUpForm callbackUrl={safeCallbackUrl(callbackUrl, "")} />
      </Card>
      <p className="mt-4 text-center text-sm text-stone-600">
        Already registered?{" "}
        <Link href="/sign-in" className="font-semibold text-brand-700 hover:underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
