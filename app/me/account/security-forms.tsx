"use client";

// Change password, change email, delete the account: each asks for the current password (lib/users/account-changes.ts).
import { useActionState } from "react";
import { Alert, Button, Field } from "@/app/_components/ui";
import { type ChangeState, changeEmailAction, changePasswordAction, deleteAccountAction } from "./actions";

const err = (s: ChangeState, k: string) => s.fieldErrors?.[k]?.[0];

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState<ChangeState, FormData>(changePasswordAction, {});
  return (
    <form action={action} className="space-y-4" noValidate aria-labelledby="password-h">
      {state.error && !state.fieldErrors ? <Alert tone="error">{state.error}</Alert> : null}
      <Field
        label="Current password"
        name="currentPassword"
        id="f-password-current"
        type="password"
        autoComplete="current-password"
        required
        error={err(state, "currentPassword")}
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters that nobody could guess from your name or email."
        error={err(state, "newPassword")}
      />
      <Button type="submit" disabled={pending} aria-busy={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}

export function ChangeEmailForm({ current }: { current: string }) {
  const [state, action, pending] = useActionState<ChangeState, FormData>(changeEmailAction, {});
  return (
    <form action={action} className="space-y-4" noValidate aria-labelledby="email-h">
      {state.error && !state.fieldErrors ? <Alert tone="error">{state.error}</Alert> : null}
      {state.done ? (
        <Alert tone="success" live>
          {state.done}
        </Alert>
      ) : null}
      <p className="text-sm text-stone-600">
        You use <span className="break-all font-medium">{current}</span>. We mail a link to the new address; your account moves there when
        you open it, and we tell this address.
      </p>
      <Field
        label="New email address"
        name="newEmail"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.fields?.newEmail}
        key={state.fields?.newEmail}
        error={err(state, "newEmail")}
      />
      <Field
        label="Current password"
        name="currentPassword"
        id="f-email-current"
        type="password"
        autoComplete="current-password"
        required
        error={err(state, "currentPassword")}
      />
      <Button type="submit" variant="secondary" disabled={pending} aria-busy={pending}>
        {pending ? "Sending…" : "Send the link"}
      </Button>
    </form>
  );
}

export function DeleteAccountForm() {
  const [state, action, pending] = useActionState<ChangeState, FormData>(deleteAccountAction, {});
  return (
    <form
      action={action}
      className="space-y-4"
      noValidate
      aria-labelledby="delete-h"
      onSubmit={(e) => {
        if (!window.confirm("Delete your Anwesha account? This cannot be undone.")) e.preventDefault();
      }}
    >
      {state.error && !state.fieldErrors ? <Alert tone="error">{state.error}</Alert> : null}
      <Field
        label="Your password"
        name="currentPassword"
        id="f-delete-current"
        type="password"
        autoComplete="current-password"
        required
        error={err(state, "currentPassword")}
      />
      <Button type="submit" variant="danger" disabled={pending} aria-busy={pending}>
        {pending ? "Deleting…" : "Delete my account"}
      </Button>
    </form>
  );
}
