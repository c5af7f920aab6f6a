// One spacing for requeries a person can cause, and the payer's requery asks the transition table which payments may still
// be paid instead of listing statuses by hand.
import { describe, expect, it } from "vitest";
import { matchesIn, matchesOutside, readSource } from "@/lib/testing/source-scan";
import { REQUERY_SPACING_MS } from "./requery-spacing";

/** A 15-second spacing, interval, gap or window defined as a number. */
const FIFTEEN_SECONDS = /\b\w*(?:INTERVAL|GAP|SPACING|LIMIT)\w*\s*=\s*(?:\{[^}]*\bwindowMs\s*:\s*)?15_?000\b|\bwindowMs\s*:\s*15_?000\b/g;
/** `p.status !== "pending" && p.status !== "failed" …`: a payment status compared by hand. */
const HAND_LISTED = /\.status\s*[!=]==?\s*"(?:pending|failed|expired|cancelled)"/g;

describe("requery spacing", () => {
  it("the check sees a 15-second spacing defined again", () => {
    expect(matchesIn("export const CHECK_AGAIN_INTERVAL_MS = 15_000;", FIFTEEN_SECONDS)).toHaveLength(1);
    expect(matchesIn("export const MIN_REQUERY_GAP_MS = 15000;", FIFTEEN_SECONDS)).toHaveLength(1);
    expect(matchesIn("const UNVERIFIED_REQUERY_LIMIT = { max: 1, windowMs: 15_000 };", FIFTEEN_SECONDS)).toHaveLength(1);
    expect(matchesIn("const REQUERY_DELAYS_MS = [8_000, 15_000, 15_000, 30_000];", FIFTEEN_SECONDS)).toEqual([]);
    expect(matchesIn("const timeoutMs = opts.timeoutMs ?? 15_000;", FIFTEEN_SECONDS)).toEqual([]);
  });

  it("is defined in lib/payments/requery-spacing.ts only, as 15 seconds", () => {
    expect(REQUERY_SPACING_MS).toBe(15_000);
    expect(matchesOutside(FIFTEEN_SECONDS, ["lib/payments/requery-spacing.ts", "lib/atompay/"])).toEqual([]);
    for (const file of ["lib/payments/payer-requery.ts", "lib/payments/watch.ts", "lib/payments/receive.ts"]) {
      expect(readSource(file), file).toMatch(/import \{ REQUERY_SPACING_MS \} from "\.\/requery-spacing";/);
    }
  });

  it("the payer's requery asks the transition table which payments a requery may still pay", () => {
    const text = readSource("lib/payments/payer-requery.ts");
    expect(matchesIn(text, HAND_LISTED)).toEqual([]);
    expect(text).toMatch(/sourcesOf\("pay"\)/);
  });
});
