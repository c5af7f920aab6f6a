import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageTitle } from "@/app/_components/ui";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <div className="mx-auto max-w-md">
      <PageTitle sub="We'll mail you a link to choose a new one.">Forgot your password?</PageTitle>
      <Card>
        <ForgotPasswordForm />
      </Card>
      <p className="mt-4 text-center text-sm text-stone-600">
        Remembered it?{" "}
        <Link href="/sign-in" className="font-semibold text-brand-700 hover:underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
