"use client";

// Several events can be paid for in one checkout from the basket: this line keeps the price chosen on the event's
// page, any code applied there and the answers given (the basket checks all again by the same rules).
import Link from "next/link";
import { ActionButton } from "./action-button";

export function AddToBasket({
  eventSlug,
  price,
  priceLabel,
  code,
  answers,
}: {
  eventSlug: string;
  price?: string;
  /** Named on the button when the event has several prices, so the line added is the one chosen. */
  priceLabel?: string;
  code?: string;
  /** The event's questions answered in the same form: kept on the registration, so the basket owes none. */
  answers?: Record<string, unknown>;
}) {
  const at = priceLabel ? ` at ${priceLabel}` : "";
  return (
    <p className="flex flex-wrap items-center gap-3 text-sm">
      <ActionButton
        url="/api/basket"
        body={{ eventSlug, ...(price ? { price } : {}), ...(code ? { code } : {}), ...(answers ? { answers } : {}) }}
        label={`Add to basket${at}`}
        pendingLabel="Adding…"
        done={`Added to your basket${at}.`}
      />
      <Link href="/basket" className="font-medium text-brand-700 hover:underline">
        Open the basket
      </Link>
    </p>
  );
}
