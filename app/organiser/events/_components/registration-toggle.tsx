"use client";
// Close or reopen registration for one event (PATCH {"closed"}), with a confirmation before closing; the result is
// announced and the page re-reads the event.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/app/_components/ui";

export function RegistrationToggle({ slug, name, closed }: { slug: string; name: string; closed: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function toggle() {
    if (!closed && !window.confirm(`Close registration for ${name}? Nobody can register or start a payment until it is reopened.`)) return;
    setPending(true);
    setMessage(null);
    try {
      const res = await fetch(`/api/organiser/events/${encodeURIComponent(slug)}`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ closed: !closed }),
      });
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      if (res.ok) {
        setMessage({ ok: true, text: closed ? "Registration reopened." : "Registration closed." });
        router.refresh();
      } else setMessage({ ok: false, text: body?.error?.message ?? `That did not work (${res.status}). Please try again.` });
    } catch {
      setMessage({ ok: false, text: "Could not reach the server. Check your connection and try again." });
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button type="button" variant={closed ? "primary" : "danger"} onClick={toggle} disabled={pending} aria-busy={pending}>
        {pending ? "Saving…" : closed ? "Reopen registration" : "Close registration"}
      </Button>
      <span
        role="status"
        aria-live="polite"
        className={`text-sm font-medium ${message?.ok ? "text-emerald-800" : "text-red-700"}`}
        data-testid="registration-toggle-result"
      >
        {message?.text}
      </span>
    </div>
  );
}
