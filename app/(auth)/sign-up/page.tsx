import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageTitle } from "@/app/_components/ui";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
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
