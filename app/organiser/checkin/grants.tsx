"use client";

// Granting and revoking an account's work at one event, through the console's JSON API: a volunteer (the door or
// the desk) or a coordinator (issue 28). One form for both: the two differ only in the words and the address.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Button } from "@/app/_components/ui";
import { controlClass, labelClass } from "@/app/organiser/payments/_components/styles";

type Person = { user: { name: string }; event: { name: string }; role?: string };

const GRANTS = {
  volunteer: {
    api: "/api/organiser/volunteers",
    name: "Make a volunteer",
    who: "Email or Anwesha ID",
    button: ["Make volunteer", "Making volunteer…"],
    done: ({ volunteer: v }: { volunteer: Person }) =>
      v.role === "desk"
        ? `${v.user.name} can now register walk-ins at ${v.event.name}'s desk.`
        : `${v.user.name} can now check people in at ${v.event.name}.`,
  },
  coordinator: {
    api: "/api/organiser/coordinators",
    name: "Make a coordinator",
    who: "Coordinator's email or Anwesha ID",
    button: ["Make coordinator", "Making coordinator…"],
    done: (b: { coordinator: Person }) => `${b.coordinator.user.name} now coordinates ${b.coordinator.event.name}.`,
  },
} as const;

export type GrantKind = keyof typeof GRANTS;

export function GrantForm({ kind, events }: { kind: GrantKind; events: { slug: string; name: string }[] }) {
  const grant = GRANTS[kind];
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      aria-label={grant.name}
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        setBusy(true);
        setMessage(null);
        const res = await fetch(grant.api, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ eventSlug: form.get("eventSlug"), who: form.get("who"), role: form.get("role") ?? undefined }),
        }).catch(() => null);
        const body = await res?.json().catch(() => null);
        setBusy(false);
        if (res?.ok) {
          setMessage({ tone: "success", text: grant.done(body) });
          router.refresh();
        } else {
          setMessage({ tone: "error", text: body?.error?.message ?? "That did not work. Try again." });
        }
      }}
    >
      <div className="space-y-1">
        <label htmlFor={`${kind}-event`} className={labelClass}>
          Event
        </label>
        <select id={`${kind}-event`} name="eventSlug" className={controlClass} required>
          {events.map((e) => (
            <option key={e.slug} value={e.slug}>
              {e.name}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor={`${kind}-who`} className={labelClass}>
          {grant.who}
        </label>
        <input id={`${kind}-who`} name="who" className={controlClass} required autoComplete="off" />
      </div>
      {kind === "volunteer" ? (
        <div className="space-y-1">
          <label htmlFor="volunteer-role" className={labelClass}>
            Works at
          </label>
          <select id="volunteer-role" name="role" className={controlClass} defaultValue="door">
            <option value="door">The door (check-in)</option>
            <option value="desk">The desk (walk-ins and money)</option>
          </select>
        </div>
      ) : null}
      <Button type="submit" disabled={busy}>
        {grant.button[busy ? 1 : 0]}
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

/** Ends one grant (the row's id); says so when it did not work rather than leaving the row looking revoked. */
export function RevokeGrant({ kind, id, label }: { kind: GrantKind; id: string; label: string }) {
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
          const res = await fetch(`${GRANTS[kind].api}/${id}`, { method: "DELETE" }).catch(() => null);
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
