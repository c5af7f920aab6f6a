// Rupee text at the edges of the organisers' console, without floating point: "1,250.50" ↔ 125050 paise.
// No imports, so client components (the refund form) can use it too.

/** 125050 → "1250.50": the CSV's and the form's plain two-decimal text. */
export function paiseToRupeesText(paise: number): string {
  if (!Number.isSafeInteger(paise)) throw new RangeError("paise must be a safe integer");
  const sign = paise < 0 ? "-" : "";
  const abs = Math.abs(paise);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * What an organiser types as an amount in rupees → paise, or null when it is not a plain amount.
 * Accepts "250", "250.5", "250.50", "1,250.00", "₹ 250"; refuses negatives, three decimals, exponents.
 */
export function parseRupees(text: string): number | null {
  const t = text.replace(/[₹,\s]/g, "").replace(/^Rs\.?/i, "");
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const paise = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(paise) ? paise : null;
}
