"use client";

import { useActionState } from "react";
import { Alert, Button, Field } from "@/app/_components/ui";
import { type ProfileState, updateProfileAction } from "./actions";

export function ProfileForm({ initial }: { initial: { name: string; phone: string; college: string } }) {
  const [state, action, pending] = useActionState<ProfileState, FormData>(updateProfileAction, {});
  const value = (k: keyof typeof initial) => state.fields?.[k] ?? initial[k];
  const err = (k: string) => state.fieldErrors?.[k]?.[0];
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      {state.saved ? (
        <Alert tone="success" live>
          Saved.
        </Alert>
      ) : null}
      <Field
        label="Full name"
        name="name"
        autoComplete="name"
        required
        defaultValue={value("name")}
        error={err("name")}
        key={`n${value("name")}`}
      />
      <Field
        label="Mobile number"
        name="phone"
        type="tel"
        autoComplete="tel-national"
        required
        defaultValue={value("phone")}
        error={err("phone")}
        key={`p${value("phone")}`}
      />
      <Field
        label="College"
        name="college"
        autoComplete="organization"
        required
        defaultValue={value("college")}
        error={err("college")}
        key={`c${value("college")}`}
      />
      <Button type="submit" disabled={pending} aria-busy={pending}>
        {pending ? "Saving…" : "Save changes"}
      </Button>
    </form>
  );
}
