"use client";

// The prices a person may choose for an event (lib/events/prices.ts decided which, on the server), cheapest first,
// with when each ends, and the checkout button for the chosen one. One price: a line saying what it is. Several: a
// radio group (a fieldset with a legend, so screen readers name it), the cheapest chosen at first. "Have a code?"
// asks the server again (GET /api/events/{slug}?code=, the one rule of lib/codes): the prices the code opens join
// the list and each shows what it costs after the code; the checkout sends the code, and the server charges it.
import { type KeyboardEvent, useId, useState } from "react";
import type { PriceOffer } from "@/lib/events/prices";
import { formatINR, formatIST } from "@/lib/format";
import { AddToBasket } from "./add-to-basket";
import { CheckoutButton } from "./checkout-button";
import { Button } from "./ui";

/** A price as the page shows it: with what a code takes off it (none without a code). */
type Shown = PriceOffer & { discountPaise?: number };
type Applied = { code: string; summary: string; unlocks: string[]; prices: Shown[] };

const toPay = (p: Shown) => p.feePaise - (p.discountPaise ?? 0);
const amountText = (paise: number) => (paise === 0 ? "Free" : formatINR(paise));

/** The amount of a price: struck through with the amount after the code when the code takes something off. */
function Amount({ price }: { price: Shown }) {
  if (!price.discountPaise) return <span className="font-semibold">{amountText(price.feePaise)}</span>;
  return (
    <span className="font-semibold">
      <s className="font-normal text-stone-600">
        <span className="sr-only">was </span>
        {formatINR(price.feePaise)}
      </s>{" "}
      <span className="sr-only">now </span>
      {amountText(toPay(price))}
    </span>
  );
}

export function PriceCheckout({
  eventSlug,
  teamId,
  prices: offered,
  payLabel,
  freeLabel,
  answers,
  onAnswerErrors,
  addToBasket = false,
}: {
  eventSlug: string;
  teamId?: string;
  /** Cheapest first; at least one. */
  prices: PriceOffer[];
  /** "Pay {amount}" or "Pay {amount} for the team": {amount} is replaced with the chosen price's. */
  payLabel: string;
  freeLabel: string;
  /** The event's questions answered in the same form (app/_components/answers-form.tsx), sent with the checkout. */
  answers?: Record<string, unknown>;
  onAnswerErrors?: (fields: Record<string, string[]>) => void;
  /** Offer "Add to basket" with the chosen price and the applied code. */
  addToBasket?: boolean;
}) {
  const [applied, setApplied] = useState<Applied | null>(null);
  // A code typed but not applied: the amounts shown do not include it, so paying now would quietly drop it.
  const [typed, setTyped] = useState("");
  const unapplied = !applied && typed.trim() !== "";
  const waitId = useId();
  const prices: Shown[] = applied?.prices.length ? applied.prices : offered;
  const open = prices.filter((p) => p.seatsLeft !== 0);
  const [chosen, setChosen] = useState(open[0]?.key ?? prices[0]!.key);
  const name = useId();
  const price = prices.find((p) => p.key === chosen) ?? prices[0]!;
  const free = toPay(price) === 0;
  const ends = (p: PriceOffer) => (p.closesAt ? `until ${formatIST(p.closesAt)}` : null);
  const seats = (p: PriceOffer) => (p.seatsLeft == null ? null : p.seatsLeft === 0 ? "sold out" : `${p.seatsLeft} left at this price`);
  const detail = (p: PriceOffer) => [ends(p), seats(p)].filter(Boolean).join(" · ");
  return (
    <div className="space-y-3">
      {prices.length > 1 ? (
        <fieldset className="space-y-2" data-testid="price-choice">
          <legend className="mb-1 text-sm font-semibold">Choose a price</legend>
          {prices.map((p) => (
            <label
              key={p.key}
              className="flex min-h-11 cursor-pointer items-start gap-3 rounded-lg border border-stone-200 p-3 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50 has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-60"
            >
              <input
                type="radio"
                name={name}
                value={p.key}
                checked={chosen === p.key}
                disabled={p.seatsLeft === 0}
                onChange={() => setChosen(p.key)}
                className="mt-1 size-4 accent-brand-700"
              />
              <span className="flex-1">
                <span className="flex flex-wrap justify-between gap-x-3">
                  <span className="font-medium">{p.label}</span>
                  <Amount price={p} />
                </span>
                {detail(p) ? <span className="block text-xs text-stone-600">{detail(p)}</span> : null}
              </span>
            </label>
          ))}
        </fieldset>
      ) : (
        <p className="flex flex-wrap justify-between gap-x-3 text-sm text-stone-700" data-testid="price-choice">
          <span>
            <span className="font-medium">{price.label}</span>
            {detail(price) ? <span className="text-stone-600"> · {detail(price)}</span> : null}
          </span>
          {price.discountPaise ? <Amount price={price} /> : null}
        </p>
      )}
      <CodeField
        eventSlug={eventSlug}
        typed={typed}
        onTyped={setTyped}
        applied={applied}
        onApplied={(next) => {
          setApplied(next);
          const list = next?.prices.length ? next.prices : offered;
          const open = list.filter((p) => p.seatsLeft !== 0);
          // A code listing its prices chooses the cheapest of them; otherwise the choice stays when it still can.
          const own = next?.unlocks.length ? open.find((p) => next.unlocks.includes(p.key)) : undefined;
          if (own) setChosen(own.key);
          else if (!open.some((p) => p.key === chosen)) setChosen(open[0]?.key ?? list[0]!.key);
        }}
      />
      <CheckoutButton
        key={`${price.key} ${applied?.code ?? ""}`}
        eventSlug={eventSlug}
        teamId={teamId}
        price={price.key}
        code={applied?.code}
        label={free ? freeLabel : payLabel.replace("{amount}", formatINR(toPay(price)))}
        free={free}
        answers={answers}
        onAnswerErrors={onAnswerErrors}
        heldBy={
          unapplied ? { id: waitId, reason: "Apply the code, or clear it, first: the price above does not include it yet." } : undefined
        }
      />
      {addToBasket && !unapplied ? (
        <AddToBasket
          key={price.key}
          eventSlug={eventSlug}
          price={price.key}
          priceLabel={prices.length > 1 ? price.label : undefined}
          code={applied?.code}
          answers={answers}
        />
      ) : null}
    </div>
  );
}

/**
 * "Have a code?": a disclosure (keyboard and screen readers know it) with a labelled field. Applying asks the server;
 * its refusal is shown under the field and tied to it, and what the code does is announced.
 */
function CodeField({
  eventSlug,
  typed,
  onTyped: setTyped,
  applied,
  onApplied,
}: {
  eventSlug: string;
  typed: string;
  onTyped: (typed: string) => void;
  applied: Applied | null;
  onApplied: (applied: Applied | null) => void;
}) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function apply() {
    const code = typed.trim();
    if (!code) {
      setError("Type the code first.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/events/${encodeURIComponent(eventSlug)}?code=${encodeURIComponent(code)}`, { cache: "no-store" });
      const body = await res.json().catch(() => null);
      if (!res.ok) setError(body?.error?.message ?? "That code could not be checked. Try again.");
      else
        onApplied({ code: body.code.code, summary: body.code.summary, unlocks: body.code.unlocks ?? [], prices: body.event.prices ?? [] });
    } catch {
      setError("You seem to be offline. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    // Enter applies the code (this field may sit inside the answers' form, which must not be sent by it).
    if (e.key === "Enter") {
      e.preventDefault();
      void apply();
    }
  }

  return (
    <details className="rounded-lg border border-stone-200 p-3" open={applied ? true : undefined} data-testid="code-field">
      <summary className="cursor-pointer text-sm font-semibold text-brand-700">Have a code?</summary>
      <div className="mt-3 space-y-2">
        <p aria-live="polite" className="text-sm text-emerald-800" data-testid="code-applied">
          {applied ? `Code ${applied.code} applied: ${applied.summary}.` : null}
        </p>
        {applied ? (
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              onApplied(null);
              setTyped("");
            }}
          >
            Remove the code
          </Button>
        ) : (
          <>
            <label htmlFor={`${id}-code`} className="block text-sm font-medium text-stone-800">
              Code
            </label>
            <div className="flex flex-wrap gap-2">
              <input
                id={`${id}-code`}
                value={typed}
                onChange={(e) => {
                  // Shown as it is looked up: codes are the same in any case.
                  setTyped(e.target.value.toUpperCase());
                  setError(null);
                }}
                onKeyDown={onKeyDown}
                autoCapitalize="characters"
                autoComplete="off"
                spellCheck={false}
                maxLength={40}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
                className="block min-h-11 min-w-0 flex-1 rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base shadow-sm focus:border-brand-600 aria-[invalid]:border-red-500"
              />
              <Button type="button" variant="secondary" onClick={() => void apply()} disabled={busy} aria-busy={busy}>
                {busy ? "Checking…" : "Apply"}
              </Button>
            </div>
            {error ? (
              <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
                {error}
              </p>
            ) : null}
          </>
        )}
      </div>
    </details>
  );
}
