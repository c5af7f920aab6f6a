"use client";
// Undo one person's check-in (POST /api/organiser/checkin/{slug}/undo) with a reason, which the audit log, the
// door devices and the person's next scan all see.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/app/_components/ui";
import { controlClass, labelClass } from "@/app/organiser/payments/_components/styles";

export function UndoCheckIn({ eventSlug, anweshaId, name }: { eventSlug: string; anweshaId: string; name: string }) {
  const router = useRouter();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      aria-label={`Undo the check-in of ${name}`}
      onSubmit={async (e) => {
        e.preventDefault();
        const reason = String(new FormData(e.currentTarget).get("reason") ?? "");
        setBusy(true);
        setError(null);
        const res = await fetch(`/api/organiser/checkin/${encodeURIComponent(eventSlug)}/undo`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ anweshaId, reason }),
        }).catch(() => null);
        const body = await res?.json().catch(() => null);
        setBusy(false);
        if (res?.ok) router.refresh();
        else setError(body?.error?.fields?.reason?.[0] ?? body?.error?.message ?? "Could not reach the server. Try again.");
      }}
    >
      <div className="min-w-48 flex-1 space-y-1">
        <label htmlFor={`${id}-reason`} className={labelClass}>
          Why undo {name}&apos;s check-in?
        </label>
        <input
          id={`${id}-reason`}
          name="reason"
          required
          minLength={3}
          maxLength={300}
          placeholder="Scanned the wrong pass"
          className={controlClass}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </div>
      <Button type="submit" variant="danger" disabled={busy} aria-busy={busy}>
        {busy ? "Undoing…" : "Undo check-in"}
      </Button>
      {error ? (
        <p id={`${id}-error`} role="alert" className="basis-full text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </form>
  );
}
