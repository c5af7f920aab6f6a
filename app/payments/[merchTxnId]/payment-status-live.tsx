"use client";

// The payment's page. While the payment is pending it watches it: reads our API every few seconds (the return,
// the gateway's callback or the reconciler may settle it) and asks the gateway's status API itself on a backing-off
// schedule (lib/payments/watch.ts), so a payment the bank has decided shows within seconds. Changes are announced
// to screen readers. Each state has its own words and offer (lib/payments/labels.ts paymentWords).
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { ActionButton } from "@/app/_components/action-button";
import { announcePaymentEnded } from "@/app/_components/payment-broadcast";
import { StatusBadge } from "@/app/_components/status-badge";
import { Alert, Button, ButtonLink, Card } from "@/app/_components/ui";
import { formatINR, formatIST, formatISTTime } from "@/lib/format";
import {
  endedWithoutMoney,
  gatewayDownWords,
  moneyMoved,
  PART_OF_A_PAYMENT,
  paymentWords,
  REFUND_REACHES_BANK,
  worthAskingTheBank,
} from "@/lib/payments/labels";
import type { PaymentView } from "@/lib/payments/view";
import { nextRequeryAt, READ_EVERY_MS } from "@/lib/payments/watch";
import { REGISTRATION_LABELS } from "@/lib/registrations/status";
import { paidWithWords } from "@/lib/sub-channel-words";

type Props = {
  initial: PaymentView;
  /** Set when this attempt took no money and its registrations were paid by another payment meanwhile. */
  paidByMerchTxnId: string | null;
  /** Whether a mail follows the bank's decision (lib/payments/receipt-mail.ts). */
  mailsReceipts: boolean;
  retryHref: string;
};

type Notice = { tone: "info" | "error"; text: string } | null;
/** AtomPay's status service did not answer: when the page asks again, and when it last answered this page. */
type Down = { retryAt: number; lastHeardAt: number | null } | null;

export function PaymentStatusLive({ initial, paidByMerchTxnId, mailsReceipts, retryHref }: Props) {
  const router = useRouter();
  const [view, setView] = useState(initial);
  const [notice, setNotice] = useState<Notice>(null);
  const [asking, setAsking] = useState(false);
  const [lastAskedAt, setLastAskedAt] = useState<number | null>(null);
  const [down, setDown] = useState<Down>(null);
  const lastHeardAt = useRef<number | null>(null);
  const [gaveUp, setGaveUp] = useState(false);
  const status = useRef(initial.status);
  const watch = useRef({ openedAt: 0, lastAskedAt: null as number | null, asked: 0, retryAfterUntil: null as number | null });

  // New server props (after router.refresh) are the truth.
  useEffect(() => {
    setView(initial);
    status.current = initial.status;
  }, [initial]);

  const apply = useCallback(
    (next: PaymentView) => {
      setView(next);
      if (next.status !== status.current) {
        status.current = next.status;
        router.refresh(); // the rest of the page (receipt links, "paid elsewhere") follows the new status
      }
    },
    [router],
  );

  const ask = useCallback(
    async (byClick: boolean) => {
      setAsking(true);
      if (byClick) setNotice(null);
      const now = Date.now();
      try {
        const res = await fetch(`/api/payments/${view.merchTxnId}/requery`, { method: "POST" });
        const body = await res.json().catch(() => null);
        if (res.status !== 429) {
          watch.current.lastAskedAt = now;
          watch.current.asked++;
          setLastAskedAt(now);
        }
        if (res.ok) {
          lastHeardAt.current = now;
          setDown(null);
          apply(body);
          if (byClick && body.status === "pending")
            setNotice({ tone: "info", text: "The bank has not decided yet. This page keeps asking." });
          else if (!byClick) setNotice(null); // an earlier "not answering" is over
          return;
        }
        if (res.status === 429 || res.status === 503) {
          // Too soon, or AtomPay not answering: the next automatic check waits as long as the server said.
          const wait = Number(res.headers.get("retry-after"));
          watch.current.retryAfterUntil = now + (Number.isFinite(wait) && wait > 0 ? wait : 15) * 1000;
        }
        if (res.status === 503 && status.current === "pending") {
          // Said once, where the page says what it is doing (not "Last asked at" beside a notice). The server
          // names a whole minute; rounding off the request's own delay, the page asks at the minute it shows.
          const retryAt = Math.round((watch.current.retryAfterUntil ?? now) / 60_000) * 60_000;
          watch.current.retryAfterUntil = retryAt;
          setDown({ retryAt, lastHeardAt: lastHeardAt.current });
          return;
        }
        // A payment no longer pending (expired, say) shows the answer to a click; AtomPay not answering is said even
        // for an automatic check: it names when the page asks again.
        if (byClick || res.status === 503)
          setNotice({ tone: "error", text: body?.error?.message ?? "We could not reach the bank just now. Please try again shortly." });
      } catch {
        if (byClick) setNotice({ tone: "error", text: "You seem to be offline. Check your connection and try again." });
      } finally {
        setAsking(false);
      }
    },
    [view.merchTxnId, apply],
  );

  const pending = view.status === "pending";

  // Tell this browser's other tabs (a checkout still open there) that this payment has ended.
  const endedKey = pending ? null : `${view.merchTxnId}:${view.status}`;
  const eventSlugs = JSON.stringify(view.items.map((i) => i.eventSlug));
  useEffect(() => {
    if (!endedKey) return;
    const [merchTxnId, status] = endedKey.split(":") as [string, string];
    announcePaymentEnded({ merchTxnId, status, eventSlugs: JSON.parse(eventSlugs) as string[] });
  }, [endedKey, eventSlugs]);

  // Read our own API often: cheap, and it catches a result that arrived by the callback or the reconciler.
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(async () => {
      const res = await fetch(`/api/payments/${view.merchTxnId}`, { cache: "no-store" }).catch(() => null);
      if (res?.ok) apply(await res.json());
    }, READ_EVERY_MS);
    return () => clearInterval(timer);
  }, [pending, view.merchTxnId, apply]);

  // Ask the bank on the schedule, only while the page is visible.
  useEffect(() => {
    if (!pending) return;
    if (!watch.current.openedAt) watch.current.openedAt = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const plan = () => {
      if (stopped) return;
      const at = nextRequeryAt(watch.current);
      if (at === null) {
        setGaveUp(true);
        return;
      }
      timer = setTimeout(
        async () => {
          if (document.visibilityState === "hidden") {
            timer = setTimeout(plan, 5_000);
            return;
          }
          await ask(false);
          plan();
        },
        Math.max(0, at - Date.now()),
      );
    };
    plan();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [pending, ask]);

  const paidElsewhere = endedWithoutMoney(view.status) ? paidByMerchTxnId : null;
  const words = paymentWords(view, { mailsReceipts, team: !!view.team, paidElsewhere: !!paidElsewhere });
  const shown = words.shownAs;
  const tone =
    shown === "refunded" ? "info" : view.status === "success" ? "success" : pending || view.status === "flagged" ? "warning" : "error";
  const headline = words.headline;
  // A payment that ended without money, or that the bank reversed (it gave the money back): its registrations
  // await payment again.
  const canRetry =
    words.offer === "pay_again" &&
    view.payer.isViewer &&
    !paidElsewhere &&
    view.items.some((i) => i.registrationStatus === "awaiting_payment");
  const isReceipt = view.status === "success";
  const mode = paidWithWords(view.subChannel, view.desk);

  return (
    <div className="space-y-4">
      <div role="status" aria-live="polite" aria-atomic="true" data-testid="payment-status" className="print:hidden">
        <Alert tone={tone}>
          <span className="mr-2 align-middle">
            <StatusBadge
              status={view.status}
              refundedPaise={view.refundedPaise}
              paidPaise={view.paidPaise}
              gatewayStatusCode={view.gatewayStatusCode}
              gatewayMessage={view.gatewayMessage}
            />
          </span>
          {headline}
        </Alert>
      </div>
      {paidElsewhere ? (
        <Alert tone="success">
          Already paid: {view.items.length > 1 ? "these events were" : "this event was"} paid by another payment, so there is nothing more
          to pay.{" "}
          <Link className="font-semibold underline" href={`/payments/${paidElsewhere}`}>
            See the receipt
          </Link>
        </Alert>
      ) : null}
      {pending ? (
        <Deciding
          asking={asking}
          lastAskedAt={lastAskedAt}
          down={down}
          gaveUp={gaveUp}
          mailsReceipts={mailsReceipts}
          saidAbove={words.shownAs === "bank_deciding"}
        />
      ) : null}
      {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}

      <Card className="print:border-0 print:p-0 print:shadow-none">
        <div className="mb-4 hidden print:block">
          <p className="text-xl font-extrabold">Anwesha Payments</p>
          <p className="text-sm">Payment receipt · {view.merchTxnId}</p>
        </div>
        <h2 className="mb-3 text-lg font-semibold">{isReceipt ? "Receipt" : "Details"}</h2>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2 print:grid-cols-2">
          {view.items.length > 1 ? null : <Item label="Event">{view.event.name}</Item>}
          {view.team ? <Item label="Team">{view.team.name}</Item> : null}
          <Item label={moneyMoved(view.status) ? "Paid by" : "Started by"}>
            {view.payer.name} <span className="whitespace-nowrap font-mono text-stone-500">{view.payer.anweshaId}</span>
          </Item>
          {view.paidPaise != null ? <Item label="Amount paid">{formatINR(view.paidPaise)}</Item> : null}
          <Item label={endedWithoutMoney(view.status) ? "Fee (not charged)" : "Registration fee"}>{formatINR(view.amountPaise)}</Item>
          {view.surchargePaise ? <Item label="Gateway convenience fee">{formatINR(view.surchargePaise)}</Item> : null}
          {view.refundedPaise > 0 ? <Item label="Refunded">{formatINR(view.refundedPaise)}</Item> : null}
          {mode && moneyMoved(view.status) ? <Item label="Paid with">{mode}</Item> : null}
          <Item label="Our reference" mono>
            {view.merchTxnId}
          </Item>
          {view.atomTxnId ? (
            <Item label="AtomPay transaction" mono>
              {view.atomTxnId}
            </Item>
          ) : null}
          {view.bankTxnId ? (
            <Item label="Bank transaction" mono>
              {view.bankTxnId}
            </Item>
          ) : null}
          <Item label="Started">{formatIST(view.createdAt)}</Item>
          {view.settledAt ? (
            <Item label={isReceipt || view.status === "reversed" ? "Paid at" : "Ended"}>{formatIST(view.settledAt)}</Item>
          ) : null}
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
                  {i.status === "success" || i.status === "reversed" || i.registrationStatus === "refunded"
                    ? REGISTRATION_LABELS[i.registrationStatus]
                    : null}
                  {i.refundedPaise > 0 && i.registrationStatus !== "refunded" ? ` · ${formatINR(i.refundedPaise)} refunded` : null}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        {view.wholePayment ? null : <p className="mt-3 text-sm text-stone-600">{PART_OF_A_PAYMENT}</p>}
        {view.refunds.length ? <Refunds refunds={view.refunds} /> : null}
      </Card>

      <div className="flex flex-wrap gap-3 print:hidden">
        {canRetry ? <ButtonLink href={retryHref}>{view.status === "reversed" ? "Pay again" : "Try again"}</ButtonLink> : null}
        {isReceipt ? (
          <>
            <Button variant="secondary" onClick={() => window.print()}>
              Print receipt
            </Button>
            <a href={`/payments/${view.merchTxnId}/receipt.pdf`} download className={secondaryLink}>
              Download PDF
            </a>
            {mailsReceipts ? (
              <ActionButton
                url={`/api/payments/${encodeURIComponent(view.merchTxnId)}/receipt-again`}
                label="Send my receipt and pass again"
                pendingLabel="Sending…"
                done="Sent to your email address. It can take a minute or two to arrive."
              />
            ) : null}
          </>
        ) : null}
        {worthAskingTheBank(view.status) ? (
          <Button variant="secondary" onClick={() => ask(true)} disabled={asking} aria-busy={asking}>
            {asking ? "Checking with the bank…" : "Check again with the bank"}
          </Button>
        ) : null}
        <Link href="/me/payments" className="self-center text-sm font-semibold text-brand-700 hover:underline">
          All my payments
        </Link>
      </div>
      {view.status === "expired" ? (
        <p className="text-sm text-stone-600 print:hidden">
          If your bank shows a debit for this attempt, check again with the bank: a late payment is recorded, never lost.
        </p>
      ) : null}
    </div>
  );
}

const secondaryLink =
  "inline-flex min-h-11 items-center justify-center rounded-lg border border-stone-300 " +
  "bg-white px-4 py-2.5 text-sm font-semibold text-stone-800 hover:bg-stone-100";

/** While the bank decides: that it is deciding, that the page may be closed, and what will tell them the result. */
function Deciding({
  asking,
  lastAskedAt,
  down,
  gaveUp,
  mailsReceipts,
  saidAbove,
}: {
  asking: boolean;
  lastAskedAt: number | null;
  down: Down;
  gaveUp: boolean;
  mailsReceipts: boolean;
  saidAbove: boolean;
}) {
  return (
    <Card className="print:hidden">
      <div className="flex items-center gap-3" data-testid="deciding">
        {gaveUp ? null : (
          <span
            aria-hidden
            className="inline-block size-5 shrink-0 animate-spin rounded-full border-2 border-amber-600 border-t-transparent motion-reduce:animate-none"
          />
        )}
        <p className="font-semibold">
          {gaveUp
            ? "This page has stopped asking; we keep checking in the background."
            : asking
              ? "Asking your bank now…"
              : down
                ? gatewayDownWords(new Date(down.retryAt), new Date(), down.lastHeardAt == null ? null : new Date(down.lastHeardAt))
                : lastAskedAt
                  ? `Your bank is deciding. Last asked at ${formatISTTime(lastAskedAt)}.`
                  : "Your bank is deciding."}
        </p>
      </div>
      <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-stone-700">
        <li>This usually takes a few seconds, sometimes a few minutes. The page changes by itself when the bank decides.</li>
        <li>You can close this page: the payment is recorded on our side either way, and you never pay twice for one registration.</li>
        {/* The bank-deciding headline already says how the result will reach them. */}
        {saidAbove ? null : (
          <li>
            {mailsReceipts ? (
              "We will email you when the bank decides."
            ) : (
              <>
                The result will be in{" "}
                <Link href="/me/payments" className="font-semibold text-brand-700 underline">
                  My payments
                </Link>
                .
              </>
            )}
          </li>
        )}
      </ul>
    </Card>
  );
}

/** Each refund: how much, when, for which event and why; then when the money will be back. */
function Refunds({ refunds }: { refunds: PaymentView["refunds"] }) {
  return (
    <section aria-labelledby="refunds-h" className="mt-4 border-t border-stone-100 pt-3 text-sm" data-testid="refunds">
      <h3 id="refunds-h" className="font-semibold">
        {refunds.length === 1 ? "Refund" : "Refunds"}
      </h3>
      <ul className="mt-1 space-y-2">
        {refunds.map((r) => (
          <li key={`${r.at}-${r.eventName}`}>
            <span className="font-semibold">{formatINR(r.amountPaise)}</span> refunded for {r.eventName} on {formatIST(r.at)}.
            <span className="block text-stone-700">Reason: {r.reason}</span>
          </li>
        ))}
      </ul>
      <p className="mt-2 font-medium">{REFUND_REACHES_BANK}</p>
    </section>
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
