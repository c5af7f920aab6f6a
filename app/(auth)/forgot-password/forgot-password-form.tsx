"use client";

import { useActionState } from "react";
import { Alert, Button, Field } from "@/app/_components/ui";
import { useCarriedEmail } from "../carried-email";
import { type ResetState, requestResetAction } from "../password-actions";

export function ForgotPasswordForm() {
  const [state, action, pending] = useActionState<ResetState, FormData>(requestResetAction, {});
  const email = useCarriedEmail();
  if (state.sent) {
    return (
      <Alert tone="success" live>
        If an account exists for <strong>{state.email}</strong>, a link to choose a new password is on its way. It works once, for 30
        minutes.
      </Alert>
    );
  }
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <Field ref={email} label="Email" name="email" type="email" autoComplete="email" required defaultValue={state.email} />
      <Button type="submit" className="w-full" disabled={pending} aria-busy={pending}>
        {pending ? "Sending…" : "Mail me a reset link"}
      </Button>
    </form>
  );
}
