"use client";
// "Substitute a member" of a paid team (issue 27): the organiser names who leaves and who comes (Anwesha ID or
// email); the new member is mailed a link and joins only by accepting. Refusals (not on the team, the captain,
// already checked in, already registered, one already waiting, registration closed) are shown as the server says them.
import { type FormEvent, useId, useState } from "react";
import { Alert, Button, Field } from "@/app/_components/ui";

const control =
  "block w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base shadow-sm focus:border-brand-600 aria-[invalid]:border-red-500";

export function SubstituteForm({ teamId, members }: { teamId: string; members: { name: string; anweshaId: string }[] }) {
  const id = useId();
  const [out, setOut] = useState("");
  const [incoming, setIncoming] = useState("");
  const [errors, setErrors] = useState<{ out?: string; in?: string }>({});
  const [result, setResult] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = {
      out: out ? undefined : "Choose the member who leaves.",
      in: incoming.trim() ? undefined : "Type an email or Anwesha ID.",
    };
    setErrors(local);
    setResult(null);
    if (local.out || local.in) return;
    setPending(true);
    try {
      const res = await fetch(`/api/organiser/teams/${encodeURIComponent(teamId)}/substitute`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ out, in: incoming.trim() }),
      });
      const body = await res.json().catch(() => null);
      if (res.ok) {
        setResult({ tone: "success", text: `Proposed: ${incoming.trim()} has been mailed a link and joins once they accept.` });
        setIncoming("");
        return;
      }
      const fields = (body?.error?.fields ?? {}) as Record<string, string[]>;
      setErrors({ out: fields.out?.[0], in: fields.in?.[0] });
      setResult({ tone: "error", text: body?.error?.message ?? "That did not work. Please try again." });
    } catch {
      setResult({ tone: "error", text: "You seem to be offline. Check your connection and try again." });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-labelledby={`${id}-h`} data-testid="substitute-form">
      <h3 id={`${id}-h`} className="font-semibold">
        Substitute a member
      </h3>
      <div className="space-y-1">
        <label htmlFor={`${id}-out`} className="block text-sm font-medium text-stone-800">
          Member leaving
        </label>
        <select
          id={`${id}-out`}
          value={out}
          onChange={(e) => setOut(e.target.value)}
          className={control}
          aria-invalid={errors.out ? true : undefined}
          aria-describedby={errors.out ? `${id}-out-error` : undefined}
        >
          <option value="">Choose…</option>
          {members.map((m) => (
            <option key={m.anweshaId} value={m.anweshaId}>
              {m.name} ({m.anweshaId})
            </option>
          ))}
        </select>
        {errors.out ? (
          <p id={`${id}-out-error`} className="text-sm text-red-700">
            {errors.out}
          </p>
        ) : null}
      </div>
      <Field
        id={`${id}-in`}
        name="in"
        label="New member"
        hint="Their Anwesha ID or their account's email: they must have signed up."
        value={incoming}
        onChange={(e) => setIncoming(e.target.value)}
        error={errors.in}
        autoComplete="off"
      />
      <Button type="submit" variant="secondary" disabled={pending} aria-busy={pending}>
        {pending ? "Proposing…" : "Propose the substitution"}
      </Button>
      <div aria-live="polite">{result ? <Alert tone={result.tone}>{result.text}</Alert> : null}</div>
    </form>
  );
}
