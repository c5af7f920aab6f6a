"use client";

// Granting and revoking the volunteer role, through the console's JSON API.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Button } from "@/app/_components/ui";
import { controlClass, labelClass } from "@/app/organiser/payments/_components/styles";

export function VolunteerForm({ events }: { events: { slug: string; name: string }[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      aria-label="Make a volunteer"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        setBusy(true);
        setMessage(null);
        const res = await fetch("/api/organiser/volunteers", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ eventSlug: form.get("eventSlug"), who: form.get("who"), role: form.get("role") }),
        }).catch(() => null);
        const body = await res?.json().catch(() => null);
        setBusy(false);
        if (res?.ok) {
          setMessage({ tone: "success", text: `${body.volunteer.user.name} can now check people in at ${body.volunteer.event.name}.` });
          router.refresh();
        } else {
          setMessage({ tone: "error", text: body?.error?.message ?? "That did not work. Try again." });
        }
      }}
    >
      <div className="space-y-1">
        <label htmlFor="volunteer-event" className={labelClass}>
          Event
        </label>
        <select id="volunteer-event" name="eventSlug" className={controlClass} required>
          {events.map((e) => (
            <option key={e.slug} value={e.slug}>
              {e.name}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="volunteer-who" className={labelClass}>
          Email or Anwesha ID
        </label>
        <input id="volunteer-who" name="who" className={controlClass} required autoComplete="off" />
      </div>
      <div className="space-y-1">
        <label htmlFor="volunteer-role" className={labelClass}>
          Works at
        </label>
        <select id="volunteer-role" name="role" className={controlClass} defaultValue="door">
          <option value="door">The door (check-in)</option>
          <option value="desk">The desk (walk-ins and money)</option>
        </select>
      </div>
      <Button type="submit" disabled={busy}>
        Make volunteer
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

export function RevokeVolunteer({ id, label }: { id: string; label: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      type="button"
      variant="secondary"
      disabled={busy}
      aria-label={`Revoke ${label}`}
      onClick={async () => {
        setBusy(true);
        await fetch(`/api/organiser/volunteers/${id}`, { method: "DELETE" }).catch(() => null);
        setBusy(false);
        router.refresh();
      }}
    >
      Revoke
    </Button>
  );
}
