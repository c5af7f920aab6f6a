"use client";

// One registration's place: none, winner, runner-up, or a named place; saved with
// POST /api/organiser/events/{slug}/results, then the page refreshes to show it.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/app/_components/ui";

type Choice = "" | "winner" | "runner-up" | "named";

export function ResultForm({
  slug,
  registrationId,
  entrant,
  place,
}: {
  slug: string;
  registrationId: string;
  entrant: string;
  place: string | null;
}) {
  const router = useRouter();
  const id = useId();
  const initial: Choice = place === null ? "" : place === "winner" || place === "runner-up" ? place : "named";
  const [choice, setChoice] = useState<Choice>(initial);
  const [named, setNamed] = useState(initial === "named" ? (place ?? "") : "");
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setMessage(null);
    try {
      const res = await fetch(`/api/organiser/events/${encodeURIComponent(slug)}/results`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ registrationId, place: choice === "" ? null : choice === "named" ? named : choice }),
      });
      const answer = await res.json().catch(() => null);
      if (!res.ok) {
        const field = answer?.error?.fields?.place?.[0];
        setMessage({ error: true, text: field ?? answer?.error?.message ?? "That did not work. Please try again." });
        return;
      }
      setMessage({ error: false, text: answer?.result ? `Saved: ${answer.result.placeLabel}.` : "Place cleared." });
      router.refresh();
    } catch {
      setMessage({ error: true, text: "You seem to be offline. Check your connection and try again." });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={save} className="flex flex-wrap items-end gap-2" aria-label={`Place of ${entrant}`}>
      <div className="space-y-1">
        <label htmlFor={`${id}-place`} className="block text-xs font-medium text-stone-700">
          Place
        </label>
        <select
          id={`${id}-place`}
          value={choice}
          onChange={(e) => setChoice(e.target.value as Choice)}
          className="block min-h-11 rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm"
        >
          <option value="">No place (participation)</option>
          <option value="winner">Winner</option>
          <option value="runner-up">Runner-up</option>
          <option value="named">Another place…</option>
        </select>
      </div>
      {choice === "named" ? (
        <div className="min-w-0 flex-1 space-y-1">
          <label htmlFor={`${id}-named`} className="block text-xs font-medium text-stone-700">
            Name of the place
          </label>
          <input
            id={`${id}-named`}
            value={named}
            onChange={(e) => setNamed(e.target.value)}
            required
            maxLength={60}
            placeholder="Third place, Best design…"
            className="block w-full min-w-40 rounded-lg border border-stone-300 bg-white px-3 py-2 text-base sm:text-sm"
          />
        </div>
      ) : null}
      <Button type="submit" variant="secondary" disabled={pending} aria-busy={pending}>
        {pending ? "Saving…" : "Save"}
      </Button>
      <span role="status" aria-live="polite" className={`w-full text-sm ${message?.error ? "text-red-700" : "text-green-800"}`}>
        {message?.text}
      </span>
    </form>
  );
}
