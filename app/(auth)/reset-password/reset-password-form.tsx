"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert, Button, Field } from "@/app/_components/ui";
import { completeResetAction, type ResetState } from "../password-actions";

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<ResetState, FormData>(completeResetAction, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error ? (
        <Alert tone="error">
          {state.error}{" "}
          <Link href="/forgot-password" className="font-semibold underline">
            Ask for a new link
          </Link>
        </Alert>
      ) : null}
      <input type="hidden" name="token" value={token} />
      <Field
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        error={state.passwordError}
        hint="At least 10 characters, and nothing from your name or email address. A few unrelated words work well."
      />
      <Button type="submit" className="w-full" disabled={pending} aria-busy={pending}>
        {pending ? "Saving…" : "Set new password and sign in"}
      </Button>
    </form>
  );
}
