"use client";
// Hide or show an event (POST …/visibility, with a confirmation before hiding) and copy it (POST …/duplicate, then
// the copy's edit page). Results are announced; the page re-reads the event.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/app/_components/ui";

type Message = { ok: boolean; text: string } | null;

async function send(path: string, body: unknown): Promise<{ ok: boolean; status: number; body: Record<string, unknown> | null }> {
  const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { ok: res.ok, status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

const failure = (r: { status: number; body: Record<string, unknown> | null }) =>
  ((r.body?.error as { message?: string } | undefined)?.message ?? `That did not work (${r.status}). Please try again.`) as string;

export function EventActions({ slug, name, hidden }: { slug: string; name: string; hidden: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState<"visibility" | "duplicate" | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const base = `/api/organiser/events/${encodeURIComponent(slug)}`;

  async function run(which: "visibility" | "duplicate", work: () => Promise<void>) {
    setPending(which);
    setMessage(null);
    try {
      await work();
    } catch {
      setMessage({ ok: false, text: "Could not reach the server. Check your connection and try again." });
    } finally {
      setPending(null);
    }
  }

  const toggle = () => {
    if (
      !hidden &&
      !window.confirm(
        `Hide ${name} from attendees? It leaves the events list, its page is not found, and nobody can register. Paid registrations and passes keep working.`,
      )
    )
      return;
    void run("visibility", async () => {
      const r = await send(`${base}/visibility`, { hidden: !hidden });
      if (!r.ok) return setMessage({ ok: false, text: failure(r) });
      setMessage({ ok: true, text: hidden ? "Shown: attendees can see it again." : "Hidden from attendees." });
      router.refresh();
    });
  };

  const duplicate = () =>
    void run("duplicate", async () => {
      const r = await send(`${base}/duplicate`, {});
      if (!r.ok) return setMessage({ ok: false, text: failure(r) });
      const copy = r.body?.event as { slug: string };
      router.push(`/organiser/events/${copy.slug}?copied=${encodeURIComponent(slug)}`);
    });

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          variant={hidden ? "primary" : "secondary"}
          onClick={toggle}
          disabled={pending !== null}
          aria-busy={pending === "visibility"}
        >
          {pending === "visibility" ? "Saving…" : hidden ? "Show to attendees" : "Hide from attendees"}
        </Button>
        <Button type="button" variant="secondary" onClick={duplicate} disabled={pending !== null} aria-busy={pending === "duplicate"}>
          {pending === "duplicate" ? "Copying…" : "Duplicate"}
        </Button>
      </div>
      <p
        role="status"
        aria-live="polite"
        className={`text-sm font-medium ${message?.ok ? "text-emerald-800" : "text-red-700"}`}
        data-testid="event-action-result"
      >
        {message?.text}
      </p>
    </div>
  );
}
