"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Button, Field } from "./ui";

export function TeamForm({ eventSlug, minSize, maxSize }: { eventSlug: string; minSize: number; maxSize: number }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(ev: React.FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    const form = new FormData(ev.currentTarget);
    const members = String(form.get("members") ?? "")
      .split(/[\n,;]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    setPending(true);
    setError(null);
    setFieldErrors({});
    try {
      const res = await fetch("/api/teams", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ eventSlug, name: String(form.get("name") ?? ""), members }),
      });
      if (res.ok) {
        router.refresh();
        return;
      }
      const body = await res.json().catch(() => null);
      setError(body?.error?.message ?? "The team could not be created.");
      setFieldErrors(body?.error?.fields ?? {});
    } catch {
      setError("You seem to be offline. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <h2 className="text-lg font-semibold">Create your team</h2>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field label="Team name" name="name" required error={fieldErrors.name?.[0]} />
      <div className="space-y-1">
        <label htmlFor="f-members" className="block text-sm font-medium text-stone-800">
          People to invite
        </label>
        <textarea
          id="f-members"
          name="members"
          rows={3}
          aria-describedby="f-members-hint"
          aria-invalid={fieldErrors.members ? true : undefined}
          className="block w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base shadow-sm"
          placeholder="teammate@example.com&#10;ANW-7K3Q9P"
        />
        <p id="f-members-hint" className="text-xs text-stone-500">
          One email or Anwesha ID per line. You are the captain and the first member. Each person gets an invitation and joins when they
          accept (someone without an account can sign up with that email). Teams have {minSize}–{maxSize} people.
        </p>
        {/* Not the same sentence twice: when the alert above already says it, the field is only marked invalid. */}
        {fieldErrors.members && fieldErrors.members[0] !== error ? <p className="text-sm text-red-700">{fieldErrors.members[0]}</p> : null}
      </div>
      <Button type="submit" disabled={pending} aria-busy={pending} className="w-full">
        {pending ? "Creating team…" : "Create team"}
      </Button>
    </form>
  );
}
