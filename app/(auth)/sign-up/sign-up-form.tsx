"use client";

import { useActionState } from "react";
import { Alert, Button, Field } from "@/app/_components/ui";
import { type FormState, signUpAction } from "../actions";
import { carryEmail } from "../carried-email";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(signUpAction, {});
  const err = (k: string) => state.fieldErrors?.[k]?.[0];
  return (
    // The next page is sign-in (the same for a new and a taken email): the email goes along, so only the password is typed.
    <form
      action={action}
      onSubmit={(e) => carryEmail(new FormData(e.currentTarget).get("email")?.toString())}
      className="space-y-4"
      noValidate
    >
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <Field label="Full name" name="name" autoComplete="name" required defaultValue={state.fields?.name} error={err("name")} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.fields?.email}
        error={err("email")}
      />
      <Field
        label="Mobile number"
        name="phone"
        type="tel"
        inputMode="tel"
        autoComplete="tel-national"
        required
        defaultValue={state.fields?.phone}
        error={err("phone")}
        hint="10 digits; the payment gateway sends updates here."
      />
      <Field
        label="College"
        name="college"
        autoComplete="organization"
        required
        defaultValue={state.fields?.college}
        error={err("college")}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        error={err("password")}
        hint="At least 10 characters. Not a common password, and nothing from your name or email address."
      />
      <Button type="submit" className="w-full" disabled={pending} aria-busy={pending}>
        {pending ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}
