import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { paiseToRupeesText, parseRupees } from "./money";

describe("rupee text", () => {
  it("paise to two-decimal rupees, without floating point", () => {
    expect(paiseToRupeesText(0)).toBe("0.00");
    expect(paiseToRupeesText(5)).toBe("0.05");
    expect(paiseToRupeesText(25000)).toBe("250.00");
    expect(paiseToRupeesText(125050)).toBe("1250.50");
    expect(paiseToRupeesText(-150)).toBe("-1.50");
    expect(paiseToRupeesText(900719925474099)).toBe("9007199254740.99");
    expect(() => paiseToRupeesText(1.5)).toThrow();
  });

  it("what an organiser types", () => {
    expect(parseRupees("250")).toBe(25000);
    expect(parseRupees("250.5")).toBe(25050);
    expect(parseRupees("250.05")).toBe(25005);
    expect(parseRupees("1,250.00")).toBe(125000);
    expect(parseRupees(" ₹ 99.99 ")).toBe(9999);
    expect(parseRupees("Rs. 10")).toBe(1000);
    for (const bad of ["", "-5", "1.234", "1e3", "abc", "12.", ".5", "0x10", "1 2.3.4"]) expect(parseRupees(bad), bad).toBeNull();
  });

  it("round-trips every amount", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (p) => parseRupees(paiseToRupeesText(p)) === p));
  });
});
