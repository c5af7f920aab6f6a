"use client";
// Re-check one attempt with the gateway's status API; the page re-renders with whatever settle() decided (and the
// new "Last checked" time).
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/app/_components/ui";
import type { PaymentStatus } from "@/db/schema";
import { PAYMENT_LABELS } from "@/lib/payments/labels";

/** A status in the console's words (lib/payments/labels.ts); anything else as it came. */
const word = (s: string | undefined) => (s && s in PAYMENT_LABELS ? PAYMENT_LABELS[s as PaymentStatus] : (s ?? "unknown"));

export function RequeryButton({ merchTxnId }: { merchTxnId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: "ok" | "error"; text: string } | null>(null);

  async function recheck() {
    setBusy(true);
    setResult(null);
    try {
      const res = await fetch(`/api/organiser/payments/${encodeURIComponent(merchTxnId)}/recheck`, { method: "POST" });
      const body = (await res.json().catch(() => null)) as {
        from?: string;
        to?: string;
        changed?: boolean;
        statusCode?: string;
        error?: { message?: string };
      } | null;
      if (!res.ok) {
        setResult({ tone: "error", text: body?.error?.message ?? `The re-check failed (${res.status}).` });
      } else if (body?.changed) {
        setResult({ tone: "ok", text: `AtomPay says ${body.statusCode}: this payment moved from ${word(body.from)} to ${word(body.to)}.` });
      } else {
        setResult({ tone: "ok", text: `AtomPay says ${body?.statusCode ?? "nothing new"}: no change, still ${word(body?.to)}.` });
      }
      router.refresh();
    } catch {
      setResult({ tone: "error", text: "Could not reach the server. Check your connection and try again." });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-2">
      <Button type="button" variant="secondary" onClick={recheck} disabled={busy}>
        {busy ? "Asking AtomPay…" : "Re-check with AtomPay"}
      </Button>
      <p
        role="status"
        aria-live="polite"
        className={`text-sm ${result?.tone === "error" ? "text-red-700" : "text-stone-700"}`}
        data-testid="recheck-result"
      >
        {result?.text}
      </p>
    </div>
  );
}
