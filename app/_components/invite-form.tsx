"use client";

// The captain invites more people to the team (by email or Anwesha ID).
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Button } from "./ui";

export function InviteForm({ teamId }: { teamId: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function onSubmit(ev: React.FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    const formEl = ev.currentTarget;
    const members = String(new FormData(formEl).get("invite") ?? "")
      .split(/[\n,;]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    setPending(true);
    setError(null);
    setDone(null);
    try {
      const res = await fetch(`/api/teams/${teamId}/invitations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ members }),
      });
      const body = await res.json().catch(() => null);
      if (res.ok) {
        setDone(`Invited ${body.invited.join(", ")}.`);
        formEl.reset();
        router.refresh();
        return;
      }
      setError(body?.error?.message ?? "The invitation could not be sent.");
    } catch {
      setError("You seem to be offline. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-2" noValidate>
      <label htmlFor="f-invite" className="block text-sm font-medium text-stone-800">
        Invite more people
      </label>
      <textarea
        id="f-invite"
        name="invite"
        rows={2}
        aria-describedby="f-invite-hint"
        className="block w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base shadow-sm"
        placeholder="teammate@example.com"
      />
      <p id="f-invite-hint" className="text-xs text-stone-500">
        One email or Anwesha ID per line. They join when they accept.
      </p>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {done ? (
        <Alert tone="success" live>
          {done}
        </Alert>
      ) : null}
      <Button type="submit" variant="secondary" disabled={pending} aria-busy={pending}>
        {pending ? "Inviting…" : "Send invitations"}
      </Button>
    </form>
  );
}
