// Codes (issue 26), the pure part: "does this code apply to this item, and what does it take off or unlock" has one
// answer, asked by the event page, GET /api/events/{slug}?code=, the basket and the payment start (through
// ./apply.ts, which reads the code and its uses). A code applies inside its validity window, to its events (none
// listed: every event), and to any price of them unless it lists the prices it unlocks, then to those only. Its
// discount is a fixed amount or floor(amount × percent / 100), never more than the amount.
import type { Code, EventPrice } from "@/db/schema";
import type { Unlocks } from "@/lib/events/prices";
import { formatINR, formatIST } from "@/lib/format";

/** What the rule needs of a code: its row and the events it applies to (empty: every event). */
export type CodeRules = Pick<Code, "code" | "discountPaise" | "discountPercent" | "unlocks" | "validFrom" | "validUntil"> & {
  eventIds: readonly string[];
};

/** The sentence for a code at its limit (the start answers it with 409). */
export const USED_UP = "This code has been used up.";

/** How a code is looked up: attendees type it in any case, with stray spaces. */
export const normaliseCode = (typed: string) => typed.trim().toUpperCase();

/** Why this code cannot be used for this event at `now` (its window, its events), in words; null when it can. */
export function codeRefusal(code: CodeRules, event: { id: string; name: string }, now: Date): string | null {
  if (code.validFrom && now < code.validFrom) return `The code ${code.code} can be used from ${formatIST(code.validFrom)}.`;
  if (code.validUntil && now >= code.validUntil) return `The code ${code.code} ended on ${formatIST(code.validUntil)}.`;
  if (code.eventIds.length && !code.eventIds.includes(event.id)) return `The code ${code.code} is not for ${event.name}.`;
  return null;
}

/** The code-only prices this code opens (none without a code). */
export const unlocksOf = (code: Pick<CodeRules, "unlocks"> | null): Unlocks => ({ keys: code?.unlocks ?? [] });

/** A code listing prices applies to those only; one listing none applies to any price of its events. */
export const fitsPrice = (code: Pick<CodeRules, "unlocks">, priceKey: string): boolean =>
  code.unlocks.length === 0 || code.unlocks.includes(priceKey);

/** What the code takes off this amount: a fixed amount (at most the amount), a percentage rounded down, or nothing. */
export function discountOf(code: Pick<CodeRules, "discountPaise" | "discountPercent">, amountPaise: number): number {
  if (code.discountPaise != null) return Math.min(code.discountPaise, amountPaise);
  if (code.discountPercent != null) return Math.floor((amountPaise * code.discountPercent) / 100);
  return 0;
}

/** The price a line is charged with this code: its discount, or why the code does not fit the price (409). */
export function codeOnPrice(
  code: CodeRules,
  price: Pick<EventPrice, "key" | "label" | "feePaise">,
): { discountPaise: number } | { refusal: string } {
  if (!fitsPrice(code, price.key)) return { refusal: `The code ${code.code} does not apply to the ${price.label} price.` };
  return { discountPaise: discountOf(code, price.feePaise) };
}

/** "10% off", "₹50.00 off", or "no discount" (a code that only unlocks prices or counts who brought whom). */
export function discountWords(code: Pick<CodeRules, "discountPaise" | "discountPercent">): string {
  if (code.discountPaise != null) return `${formatINR(code.discountPaise)} off`;
  if (code.discountPercent != null) return `${code.discountPercent}% off`;
  return "no discount";
}
