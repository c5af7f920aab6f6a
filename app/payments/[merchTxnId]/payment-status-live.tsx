"use client";

// The payment's status, kept fresh while it is pending (polling our API, which reads our database), with
// changes announced to screen readers. "Check again with the bank" asks the gateway's status API.
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { StatusBadge } from "@/app/_components/status-badge";
import { Alert, Button, ButtonLink, Card } from "@/app/_components/ui";
import { formatINR, formatIST } from "@/lib/format";
import type { PaymentView } from "@/lib/payments/view";
import { REGISTRATION_LABELS, REGISTRATION_SENTENCES } from "@/lib/registrations/status";


const HEADLINES: Record<PaymentView["status"], string> = {
  pending: "Waiting for the bank to confirm your payment…",
  success: "Payment successful. You are registered!",
  failed: "The payment failed. No money was taken.",
  cancelled: "The payment was cancelled. No money was taken.",
  flagged: "We received a payment that needs a check by the organisers. We will contact you; there is no need to pay again.",
  expired: "This payment attempt expired before it was completed. No money was taken.",
  reversed:
    "Your bank reversed this payment, so it did not go through: the bank returns the money to your account. Your registration is awaiting payment again; pay again to take part.",
};

export function PaymentStatusLive({ initial }: { initial: PaymentView }) {
  const [view, setView] = useState(initial);
  const [notice, setNotice] = useState<{ tone: "info" | "error"; text: string } | null>(null);
  const [checking, setChecking] = useState(false);
  const announced = useRef(initial.status);

  useEffect(() => {
    if (view.status !== "pending") return;
    const timer = setInterval(async () => {
      const res = await fetch(`/api/payments/${view.merchTxnId}`, { cache: "no-store" }).catch(() => null);
      if (res?.ok) setView(await res.json());
    }, 4000);
    return () => clearInterval(timer);
  }, [view.status, view.merchTxnId]);

  useEffect(() => {
    announced.current = view.status;
  }, [view.status]);

  const checkAgain = useCallback(async () => {
    setChecking(true);
    setNotice(null);
    try {
      const res = await fetch(`/api/payments/${view.merchTxnId}/requery`, { method: "POST" });
      const body = await res.json().catch(() => null);
      if (res.ok) {
        setView(body);
        setNotice({ tone: "info", text: body.status === "pending" ? "The bank has not confirmed it yet. We will keep checking." : "Updated with the bank's answer." });
      } else {
        setNotice({ tone: "error", text: body?.error?.message ?? "We could not reach the bank just now. Please try again shortly." });
      }
    } catch {
      setNotice({ tone: "error", text: "You seem to be offline. Check your connection and try again." });
    } finally {
      setChecking(false);
    }
  }, [view.merchTxnId]);

  // A successful payment whose registrations were all refunded in full no longer registers anyone.
  const refunded = view.status === "success" && view.items.length > 0 && view.items.every((i) => i.registrationStatus === "refunded");
  const tone = refunded ? "info" : view.status === "success" ? "success" : view.status === "pending" || view.status === "flagged" ? "warning" : "error";
  const canRetry = ["failed", "cancelled", "expired", "reversed"].includes(view.status) && view.payer.isViewer;
  const canCheck = ["pending", "failed", "expired", "cancelled"].includes(view.status);
  return (
    <div className="space-y-4">
      <div role="status" aria-live="polite" aria-atomic="true" data-testid="payment-status">
        <Alert tone={tone}>
          <span className="mr-2 align-middle">
            <StatusBadge status={view.status} />
          </span>
          {refunded ? REGISTRATION_SENTENCES.refunded : view.status === "success" && view.team ? "Payment successful. Your team is registered!" : HEADLINES[view.status]}
        </Alert>
      </div>
      {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}

      <Card>
        <h2 className="mb-3 text-lg font-semibold">{view.status === "success" ? "Receipt" : "Details"}</h2>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
          {view.items.length > 1 ? null : <Item label="Event">{view.event.name}</Item>}
          {view.team ? <Item label="Team">{view.team.name}</Item> : null}
          <Item label="Paid by">
            {view.payer.name} <span className="font-mono text-stone-500">{view.payer.anweshaId}</span>
          </Item>
          <Item label="Registration fee">{formatINR(view.amountPaise)}</Item>
          {view.paidPaise != null ? <Item label="Amount paid">{formatINR(view.paidPaise)}</Item> : null}
          {view.surchargePaise ? <Item label="Gateway convenience fee">{formatINR(view.surchargePaise)}</Item> : null}
          {view.refundedPaise > 0 ? <Item label="Refunded">{formatINR(view.refundedPaise)}</Item> : null}
          <Item label="Our reference" mono>
            {view.merchTxnId}
          </Item>
          {view.atompayTransactionId ? (
            <Item label="AtomPay transaction" mono>
              {view.atompayTransactionId}
            </Item>
          ) : null}
          {view.bankTransactionId ? (
            <Item label="Bank transaction" mono>
              {view.bankTransactionId}
            </Item>
          ) : null}
          <Item label="Started">{formatIST(view.createdAt)}</Item>
          {view.settledAt ? <Item label={view.status === "success" || view.status === "reversed" ? "Paid at" : "Ended"}>{formatIST(view.settledAt)}</Item> : null}
          {view.reversedAt ? <Item label="Reversed by the bank">{formatIST(view.reversedAt)}</Item> : null}
        </dl>
        {view.items.length ? (
          <ul className="mt-4 divide-y divide-stone-100 border-t border-stone-100 text-sm" aria-label="What this payment pays">
            {view.items.map((i) => (
              <li key={i.registrationId} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="receipt-item">
                <span>
                  {i.eventName} · {formatINR(i.amountPaise)}
                </span>
                <span className="text-stone-700" data-testid="registration-status">
                  {i.status === "success" || i.status === "reversed" || i.registrationStatus === "refunded" ? REGISTRATION_LABELS[i.registrationStatus] : null}
                  {i.refundedPaise > 0 && i.registrationStatus !== "refunded" ? ` · ${formatINR(i.refundedPaise)} refunded` : null}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </Card>

      <div className="flex flex-wrap gap-3">
        {canRetry ? <ButtonLink href={`/events/${view.event.slug}`}>{view.status === "reversed" ? "Pay again" : "Try again"}</ButtonLink> : null}
        {canCheck ? (
          <Button variant="secondary" onClick={checkAgain} disabled={checking} aria-busy={checking}>
            {checking ? "Checking with the bank…" : "Check again with the bank"}
          </Button>
        ) : null}
        <Link href="/me/payments" className="self-center text-sm font-semibold text-brand-700 hover:underline">
          All my payments
        </Link>
      </div>
    </div>
  );
}

function Item({ label, children, mono }: { label: string; children: React.ReactNode; mono?: boolean }) {
  return (
    <div>
      <dt className="text-stone-500">{label}</dt>
      <dd className={mono ? "break-all font-mono" : ""}>{children}</dd>
    </div>
  );
}
