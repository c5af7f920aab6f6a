"use client";

import { useActionState } from "react";
import { Alert, Button, Field } from "@/app/_components/ui";
import { type LinkState, requestSignInLinkAction, signInWithLinkAction } from "../../link-actions";

export function RequestLinkForm() {
  const [state, action, pending] = useActionState<LinkState, FormData>(requestSignInLinkAction, {});
  if (state.sent) {
    return (
      <Alert tone="success" live>
        If an account exists for <strong>{state.email}</strong>, a sign-in link is on its way. It works once, for 15 minutes.
      </Alert>
    );
  }
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <Field label="Email" name="email" type="email" autoComplete="email" required defaultValue={state.email} />
      <Button type="submit" className="w-full" disabled={pending} aria-busy={pending}>
        {pending ? "Sending…" : "Mail me a sign-in link"}
      </Button>
    </form>
  );
}

/** The link itself asks for one click: mail scanners open links, and must not use up a one-use one. */
export function UseLinkForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<LinkState, FormData>(signInWithLinkAction, {});
  return (
    <form action={action} className="space-y-4">
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      <Button type="submit" className="w-full" disabled={pending} aria-busy={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
