import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageTitle } from "@/app/_components/ui";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  return (
    <div className="mx-auto max-w-md">
      <PageTitle sub="Use the email you registered with.">Sign in</PageTitle>
      <Card>
        <SignInForm callbackUrl={safeCallbackUrl(callbackUrl)} />
      </Card>
      <p className="mt-4 text-center text-sm text-stone-600">
        <Link href="/forgot-password" className="font-semibold text-brand-700 hover:underline">
          Forgot your password?
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
