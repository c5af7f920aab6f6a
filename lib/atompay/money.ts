/**
 * Money is integer paise everywhere. The gateway speaks rupees: "250.00" strings in requests, JSON numbers
 * (250.00 / 250.0 / 250) in answers. These helpers are the only place rupees and paise meet, and they never
 * compare or add floats: numbers are rendered to text first and the text is parsed as integers.
 */
import { AtomPayInputError } from "./errors";

/** Above any real ticket price; keeps every intermediate comfortably inside Number.MAX_SAFE_INTEGER. */
export const MAX_PAISE = 100_000_000_000_000; // 1e14 paise = ₹1e12

function assertPaise(paise: number, field: string): void {
  if (!Number.isSafeInteger(paise) || paise < 0 || paise > MAX_PAISE) {
    throw new AtomPayInputError(field, `${field} must be a non-negative integer number of paise`);
  }
}

/** 25000 -> "250.00", 5 -> "0.05". String arithmetic, so no float rounding can creep in. */
export function formatAmount(paise: number): string {
  assertPaise(paise, "paise");
  const digits = String(paise).padStart(3, "0");
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

const AMOUNT_TEXT_RE = /^(\d+)(?:\.(\d+))?$/;

/**
 * Exact rupees -> paise. Accepts a JSON number (250, 250.5, 250.05) or a decimal string ("250", "250.00",
 * "250.000"). Rejects NaN, infinities, negatives, exponents, signs, whitespace, and anything with real
 * precision beyond 2 decimals ("250.001", 0.125). Throws AtomPayInputError.
 */
export function toPaise(value: number | string): number {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) throw new AtomPayInputError("amount", "amount must be a finite non-negative number");
    if (value > MAX_PAISE / 100) throw new AtomPayInputError("amount", "amount is too large");
    // toFixed(2) prints the double's exact value rounded to 2 places; if that text does not parse back to the
    // very same double, the number had more than 2 decimals of precision (0.125, 0.1 + 0.2) and is refused.
    text = value.toFixed(2);
    if (Number(text) !== value) throw new AtomPayInputError("amount", "amount has more than 2 decimal places");
  } else if (typeof value === "string") {
    text = value;
  } else {
    throw new AtomPayInputError("amount", "amount must be a number or a string");
  }

  const m = AMOUNT_TEXT_RE.exec(text);
  if (!m) throw new AtomPayInputError("amount", "amount is not a plain decimal");
  const whole = m[1] ?? "";
  const frac = m[2] ?? "";
  if (/[^0]/.test(frac.slice(2))) throw new AtomPayInputError("amount", "amount has more than 2 decimal places");
  const wholeDigits = whole.replace(/^0+(?=\d)/, "");
  if (wholeDigits.length > 13) throw new AtomPayInputError("amount", "amount is too large");
  const paise = Number.parseInt(wholeDigits, 10) * 100 + Number.parseInt(frac.slice(0, 2).padEnd(2, "0"), 10);
  assertPaise(paise, "amount");
  return paise;
}

/** Paise -> rupees as a JSON number, for messages that carry amounts as numbers (the gateway side). */
export function paiseToNumber(paise: number): number {
  return Number(formatAmount(paise));
}
