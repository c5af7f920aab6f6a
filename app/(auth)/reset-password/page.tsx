import type { Metadata } from "next";
import Link from "next/link";
import { Alert, Card, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { accountForResetToken } from "@/lib/users/password-reset";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const value = typeof token === "string" ? token : "";
  const account = value ? await accountForResetToken(db, value) : undefined;
  return (
    <div className="mx-auto max-w-md">
      <PageTitle sub={account ? `For ${account.email}. Setting it signs you out everywhere else.` : undefined}>
        Choose a new password
      </PageTitle>
      <Card>
        {account ? (
          <ResetPasswordForm token={value} />
        ) : (
          <Alert tone="error">
            This reset link has expired or was already used.{" "}
            <Link href="/forgot-password" className="font-semibold underline">
              Ask for a new one
            </Link>
            .
          </Alert>
        )}
      </Card>
    </div>
  );
}
