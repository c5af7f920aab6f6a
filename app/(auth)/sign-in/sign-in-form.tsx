"use client";

import { useActionState } from "react";
import { Alert, Button, Field } from "@/app/_components/ui";
import { type FormState, signInAction } from "../actions";
import { useCarriedEmail } from "../carried-email";

/** `callbackUrl`: the page that asked for sign-in ("" when none); `cameFrom`: the page before, if on this site. */
export function SignInForm({ callbackUrl, cameFrom }: { callbackUrl: string; cameFrom: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(signInAction, {});
  // Just signed up (or back from "Forgot your password?"): the email they typed is already there.
  const email = useCarriedEmail();
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <input type="hidden" name="cameFrom" value={cameFrom} />
      <Field ref={email} label="Email" name="email" type="email" autoComplete="email" required defaultValue={state.fields?.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" className="w-full" disabled={pending} aria-busy={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
