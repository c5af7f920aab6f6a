"use client";
// Refund with a confirmation step: open the form, choose full or partial (nothing is chosen for the organiser),
// give a reason, review, then confirm. One item's form is open at a time. One idempotency key per form, so a double
// click or a retried request never sends a second refund.
import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { Alert, Button } from "@/app/_components/ui";
import { formatINR } from "@/lib/format";
import { paiseToRupeesText, parseRupees } from "@/lib/organiser/money";

const control =
  "block w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base shadow-sm focus:border-brand-600 aria-[invalid]:border-red-500";

/** Opening one item's refund form closes the others on the page: this event names the one that opened. */
const OPENED = "anwesha:refund-form-opened";

function newKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}

export function RefundForm({
  merchTxnId,
  registrationId,
  name,
  remainingPaise,
  totalPaise,
  nothingLeft,
  atDesk = false,
}: {
  /** Paid at the desk: the refund is paid back there, and AtomPay is never asked. */
  atDesk?: boolean;
  merchTxnId: string;
  /** The item to refund (one registration of the payment). */
  registrationId: string;
  name: string;
  remainingPaise: number;
  totalPaise: number;
  /** What to say when nothing is left on this item: "on this item", or "on this payment" when no item has any. */
  nothingLeft: string;
}) {
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<"full" | "partial" | null>(null);
  const [amountText, setAmountText] = useState(paiseToRupeesText(remainingPaise));
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<{ kind?: string; amount?: string; reason?: string }>({});
  const [step, setStep] = useState<"edit" | "confirm" | "sending">("edit");
  const [result, setResult] = useState<{ tone: "success" | "error" | "warning"; text: string } | null>(null);
  const [key, setKey] = useState(newKey);

  const amountPaise = kind === "full" ? remainingPaise : kind === "partial" ? parseRupees(amountText) : null;

  useEffect(() => {
    const other = (e: Event) => {
      if ((e as CustomEvent<string>).detail !== id) setOpen(false);
    };
    window.addEventListener(OPENED, other);
    return () => window.removeEventListener(OPENED, other);
  }, [id]);

  function openForm() {
    window.dispatchEvent(new CustomEvent(OPENED, { detail: id }));
    setOpen(true);
    setStep("edit");
  }

  function review(e: React.FormEvent) {
    e.preventDefault();
    const next: typeof errors = {};
    if (kind === null) next.kind = "Choose a full or a partial refund.";
    else if (amountPaise === null || amountPaise <= 0) next.amount = "Enter an amount in rupees, like 125.50.";
    else if (amountPaise > remainingPaise) next.amount = `At most ${formatINR(remainingPaise)} can still be refunded.`;
    if (reason.trim().length < 3) next.reason = "Say why this is being refunded.";
    setErrors(next);
    setResult(null);
    if (Object.keys(next).length === 0) setStep("confirm");
  }

  async function confirm() {
    setStep("sending");
    try {
      const res = await fetch(`/api/organiser/payments/${encodeURIComponent(merchTxnId)}/refund`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ amountPaise, reason: reason.trim(), idempotencyKey: key, registrationId }),
      });
      const body = (await res.json().catch(() => null)) as { outcome?: string; message?: string; error?: { message?: string } } | null;
      if (res.ok) {
        setResult({ tone: body?.outcome === "accepted" ? "success" : "warning", text: body?.message ?? "Refund sent." });
        setReason("");
        setKey(newKey());
      } else {
        setResult({ tone: "error", text: body?.message ?? body?.error?.message ?? `The refund failed (${res.status}).` });
        if (res.status === 502) setKey(newKey()); // refused by the gateway: a new attempt is a new refund
      }
      setStep("edit");
      router.refresh();
    } catch {
      setResult({
        tone: "error",
        text: "Could not reach the server. Reload the page to see whether the refund was made before trying again.",
      });
      setStep("edit");
    }
  }

  const resultRegion = (
    <div aria-live="polite" data-testid="refund-result">
      {result ? <Alert tone={result.tone}>{result.text}</Alert> : null}
    </div>
  );

  if (remainingPaise <= 0) {
    return (
      <div className="space-y-3">
        <p className="text-sm text-stone-600">{nothingLeft}</p>
        {resultRegion}
      </div>
    );
  }

  if (!open) {
    return (
      <div className="space-y-3">
        <Button type="button" variant="secondary" onClick={openForm}>
          Refund this item…
        </Button>
        {resultRegion}
      </div>
    );
  }

  return (
    <div className="space-y-3">
      {step === "edit" ? (
        <form onSubmit={review} className="space-y-4" noValidate aria-labelledby={`${id}-title`}>
          <h3 id={`${id}-title`} className="font-semibold">
            Refund
          </h3>
          <fieldset className="space-y-2" aria-describedby={errors.kind ? `${id}-kind-error` : undefined}>
            <legend className="text-sm font-medium text-stone-800">How much</legend>
            <label className="flex min-h-11 items-center gap-2 text-sm">
              <input
                type="radio"
                name="kind"
                value="full"
                checked={kind === "full"}
                onChange={() => setKind("full")}
                className="size-4 accent-brand-600"
              />
              Full refund of what remains ({formatINR(remainingPaise)})
            </label>
            <label className="flex min-h-11 items-center gap-2 text-sm">
              <input
                type="radio"
                name="kind"
                value="partial"
                checked={kind === "partial"}
                onChange={() => setKind("partial")}
                className="size-4 accent-brand-600"
              />
              Partial refund
            </label>
            {errors.kind ? (
              <p id={`${id}-kind-error`} className="text-sm text-red-700">
                {errors.kind}
              </p>
            ) : null}
          </fieldset>
          {kind === "partial" ? (
            <div className="space-y-1">
              <label htmlFor={`${id}-amount`} className="block text-sm font-medium text-stone-800">
                Amount to refund (₹)
              </label>
              <input
                id={`${id}-amount`}
                inputMode="decimal"
                autoComplete="off"
                value={amountText}
                onChange={(e) => setAmountText(e.target.value)}
                aria-invalid={errors.amount ? true : undefined}
                aria-describedby={`${id}-amount-hint${errors.amount ? ` ${id}-amount-error` : ""}`}
                className={control}
              />
              <p id={`${id}-amount-hint`} className="text-xs text-stone-500">
                Up to {formatINR(remainingPaise)} (paid {formatINR(totalPaise)}).
              </p>
              {errors.amount ? (
                <p id={`${id}-amount-error`} className="text-sm text-red-700">
                  {errors.amount}
                </p>
              ) : null}
            </div>
          ) : errors.amount ? (
            <p className="text-sm text-red-700">{errors.amount}</p>
          ) : null}
          <div className="space-y-1">
            <label htmlFor={`${id}-reason`} className="block text-sm font-medium text-stone-800">
              Reason
            </label>
            <textarea
              id={`${id}-reason`}
              rows={2}
              maxLength={300}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={errors.reason ? true : undefined}
              aria-describedby={errors.reason ? `${id}-reason-error` : undefined}
              className={control}
            />
            {errors.reason ? (
              <p id={`${id}-reason-error`} className="text-sm text-red-700">
                {errors.reason}
              </p>
            ) : null}
          </div>
          <div className="flex flex-wrap gap-3">
            <Button type="submit" variant="secondary">
              Review refund
            </Button>
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <fieldset aria-labelledby={`${id}-confirm`} className="min-w-0 space-y-3 rounded-lg border border-red-200 bg-red-50 p-4">
          <p id={`${id}-confirm`} className="font-semibold text-red-900">
            Refund {formatINR(amountPaise ?? 0)} to {name}?
          </p>
          <p className="text-sm text-red-900">
            {atDesk
              ? "This records the money as paid back at the desk (hand it over there) and cannot be undone."
              : "This sends the refund to AtomPay now and cannot be undone."}{" "}
            Reason: “{reason.trim()}”
          </p>
          <div className="flex flex-wrap gap-3">
            <Button type="button" variant="danger" onClick={confirm} disabled={step === "sending"} autoFocus>
              {step === "sending" ? "Sending refund…" : `Confirm refund of ${formatINR(amountPaise ?? 0)}`}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setStep("edit")} disabled={step === "sending"}>
              Go back
            </Button>
          </div>
        </fieldset>
      )}
      {resultRegion}
    </div>
  );
}
