import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AtomPayInputError } from "./errors";
import { formatAmount, paiseToNumber, toPaise } from "./money";

describe("formatAmount", () => {
  it("renders exactly two decimals", () => {
    expect(formatAmount(25000)).toBe("250.00");
    expect(formatAmount(100)).toBe("1.00");
    expect(formatAmount(5)).toBe("0.05");
    expect(formatAmount(0)).toBe("0.00");
    expect(formatAmount(25050)).toBe("250.50");
    expect(formatAmount(123456789012)).toBe("1234567890.12");
  });
  it("refuses non-integers, negatives, NaN", () => {
    for (const bad of [1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      expect(() => formatAmount(bad)).toThrow(AtomPayInputError);
    }
  });
});

describe("toPaise", () => {
  it("accepts the shapes the gateway uses", () => {
    expect(toPaise(250)).toBe(25000);
    expect(toPaise(250.0)).toBe(25000);
    expect(toPaise(JSON.parse("250.00") as number)).toBe(25000);
    expect(toPaise(250.5)).toBe(25050);
    expect(toPaise(0.1)).toBe(10);
    expect(toPaise(0.29)).toBe(29); // 0.29 * 100 = 28.999999999999996 in floats
    expect(toPaise(1.15)).toBe(115); // 1.15 * 100 = 114.99999999999999
    expect(toPaise("250")).toBe(25000);
    expect(toPaise("250.0")).toBe(25000);
    expect(toPaise("250.00")).toBe(25000);
    expect(toPaise("250.000")).toBe(25000);
    expect(toPaise("0.05")).toBe(5);
    expect(toPaise("007.5")).toBe(750);
  });
  it("rejects anything inexact or odd", () => {
    const bad: unknown[] = [
      -1,
      -0.01,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      0.125,
      0.1 + 0.2,
      1e300,
      "",
      " 1",
      "1 ",
      "-1",
      "+1",
      "1e3",
      "1.",
      ".5",
      "1.001",
      "1,000.00",
      "NaN",
      "0x10",
      "१२",
      null,
      undefined,
      {},
      [],
    ];
    for (const v of bad) expect(() => toPaise(v as number)).toThrow(AtomPayInputError);
  });
  it("property: paise -> text -> paise and paise -> number -> paise are exact for 0..1e9", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), (p) => {
        expect(toPaise(formatAmount(p))).toBe(p);
        expect(toPaise(paiseToNumber(p))).toBe(p);
        expect(toPaise(Number(formatAmount(p)))).toBe(p);
        // JSON round trip of the number, as the gateway's answer would arrive
        expect(toPaise(JSON.parse(JSON.stringify(paiseToNumber(p))) as number)).toBe(p);
      }),
      { numRuns: 2000 },
    );
  });
});
