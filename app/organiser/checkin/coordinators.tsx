"use client";

// Granting and revoking coordinators (issue 28), beside the volunteers, through the console's JSON API.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Button } from "@/app/_components/ui";
import { controlClass, labelClass } from "@/app/organiser/payments/_components/styles";

export function CoordinatorForm({ events }: { events: { slug: string; name: string }[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      aria-label="Make a coordinator"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        setBusy(true);
        setMessage(null);
        const res = await fetch("/api/organiser/coordinators", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ eventSlug: form.get("eventSlug"), who: form.get("who") }),
        }).catch(() => null);
        const body = await res?.json().catch(() => null);
        setBusy(false);
        if (res?.ok) {
          const c = body.coordinator;
          setMessage({ tone: "success", text: `${c.user.name} now coordinates ${c.event.name}.` });
          router.refresh();
        } else {
          setMessage({ tone: "error", text: body?.error?.message ?? "That did not work. Try again." });
        }
      }}
    >
      <div className="space-y-1">
        <label htmlFor="coordinator-event" className={labelClass}>
          Event
        </label>
        <select id="coordinator-event" name="eventSlug" className={controlClass} required>
          {events.map((e) => (
            <option key={e.slug} value={e.slug}>
              {e.name}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="coordinator-who" className={labelClass}>
          Coordinator&apos;s email or Anwesha ID
        </label>
        <input id="coordinator-who" name="who" className={controlClass} required autoComplete="off" />
      </div>
      <Button type="submit" disabled={busy}>
        {busy ? "Making coordinator…" : "Make coordinator"}
      </Button>
      {message ? (
        <div className="sm:col-span-3">
          <Alert tone={message.tone} live>
            {message.text}
          </Alert>
        </div>
      ) : null}
    </form>
  );
}

export function RevokeCoordinator({ id, label }: { id: string; label: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  return (
    <span className="flex items-center gap-2">
      {failed ? (
        <span role="alert" className="text-sm text-red-700">
          Not revoked. Try again.
        </span>
      ) : null}
      <Button
        type="button"
        variant="secondary"
        disabled={busy}
        aria-label={`Revoke ${label}`}
        onClick={async () => {
          setBusy(true);
          setFailed(false);
          const res = await fetch(`/api/organiser/coordinators/${id}`, { method: "DELETE" }).catch(() => null);
          setBusy(false);
          if (res?.ok) router.refresh();
          else setFailed(true);
        }}
      >
        Revoke
      </Button>
    </span>
  );
}
