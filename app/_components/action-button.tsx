"use client";

// A button that calls one of our JSON APIs (accept, decline, leave, withdraw, remove, disband…), optionally after
// a confirmation, then refreshes the page so it shows the new state. Errors are shown beside it and announced.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, type buttonStyles } from "./ui";

export function ActionButton({
  url,
  method = "POST",
  label,
  pendingLabel,
  confirm,
  variant = "secondary",
  className = "",
  body,
  done,
}: {
  url: string;
  /** Said (politely, to screen readers too) once the action succeeded. */
  done?: string;
  /** Sent as JSON. */
  body?: Record<string, unknown>;
  method?: "POST" | "DELETE";
  label: string;
  pendingLabel?: string;
  /** Asked first (a browser confirm dialog); the action runs only when the person agrees. */
  confirm?: string;
  variant?: keyof typeof buttonStyles;
  className?: string;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);

  async function run() {
    if (confirm && !window.confirm(confirm)) return;
    setPending(true);
    setError(null);
    setSaid(null);
    try {
      const res = await fetch(url, {
        method,
        headers: { "content-type": "application/json" },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (res.ok) {
        setSaid(done ?? null);
        router.refresh();
        return;
      }
      const answer = await res.json().catch(() => null);
      setError(answer?.error?.message ?? "That did not work. Please try again.");
    } catch {
      setError("You seem to be offline. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <span className="inline-flex flex-col gap-1">
      <Button type="button" variant={variant} onClick={run} disabled={pending} aria-busy={pending} className={className}>
        {pending ? (pendingLabel ?? `${label}…`) : label}
      </Button>
      <span role="status" aria-live="polite" className={`text-sm ${error ? "text-red-700" : "text-green-800"}`}>
        {error ?? said}
      </span>
    </span>
  );
}
