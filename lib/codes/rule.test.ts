// The one rule of codes (issue 26), pure: its window, its events, the prices it unlocks or fits, a fixed or a
// percentage discount (rounded down, never past the amount), and the case a code is typed in.
import { describe, expect, it } from "vitest";
import { pickPriceWithCode } from "./apply";
import { type CodeRules, codeOnPrice, codeRefusal, discountOf, fitsPrice, normaliseCode, unlocksOf } from "./rule";

const code = (over: Partial<CodeRules> = {}): CodeRules => ({
  code: "RIYA10",
  discountPaise: null,
  discountPercent: 10,
  unlocks: [],
  validFrom: null,
  validUntil: null,
  eventIds: [],
  ...over,
});
const event = { id: "e1", name: "Hackathon" };
const at = new Date("2026-12-01T10:00:00+05:30");
const price = (key: string, feePaise: number, over: Record<string, unknown> = {}) => ({
  key,
  label: key === "judges" ? "Judges & sponsors" : key === "early-bird" ? "Early bird" : "Standard",
  feePaise,
  opensAt: null,
  closesAt: null,
  emailDomains: [] as string[],
  codeOnly: false,
  position: 0,
  ...over,
});

describe("a code's rule", () => {
  it("its window: not before it starts, not from the moment it ends", () => {
    const c = code({ validFrom: new Date(at.getTime() + 1), validUntil: new Date(at.getTime() + 60_000) });
    expect(codeRefusal(c, event, at)).toMatch(/^The code RIYA10 can be used from .*IST\.$/);
    expect(codeRefusal(c, event, new Date(at.getTime() + 1))).toBeNull();
    expect(codeRefusal(c, event, new Date(at.getTime() + 60_000))).toMatch(/^The code RIYA10 ended on .*IST\.$/);
  });

  it("its events: every event when none is listed, else only those", () => {
    expect(codeRefusal(code(), event, at)).toBeNull();
    expect(codeRefusal(code({ eventIds: ["e1", "e2"] }), event, at)).toBeNull();
    expect(codeRefusal(code({ eventIds: ["e2"] }), event, at)).toBe("The code RIYA10 is not for Hackathon.");
  });

  it("unlocks: opens its code-only prices, and its discount then fits those prices only", () => {
    const judges = code({ discountPercent: null, unlocks: ["judges"] });
    expect(unlocksOf(judges)).toEqual({ keys: ["judges"] });
    expect(unlocksOf(null)).toEqual({ keys: [] });
    expect(fitsPrice(judges, "judges")).toBe(true);
    expect(fitsPrice(judges, "standard")).toBe(false);
    expect(fitsPrice(code(), "standard")).toBe(true);
    expect(codeOnPrice(judges, price("standard", 30_000))).toEqual({
      refusal: "The code RIYA10 does not apply to the Standard price.",
    });
    const prices = [price("standard", 30_000), price("judges", 0, { codeOnly: true, position: 1 })];
    // Without the code the judges' price is not there; with it, and no price asked for, it is the one chosen.
    expect(pickPriceWithCode(prices, "judges", null, at, null)).toMatchObject({ status: 409 });
    expect(pickPriceWithCode(prices, undefined, null, at, judges)).toMatchObject({ price: { key: "judges" }, discountPaise: 0 });
    expect(pickPriceWithCode(prices, "standard", null, at, judges)).toEqual({
      refusal: "The code RIYA10 does not apply to the Standard price.",
      status: 409,
    });
    // A discount code listing a price that is not the cheapest: without a key, the cheapest it fits.
    const vip = code({ discountPercent: 50, unlocks: ["standard"] });
    const three = [price("early-bird", 20_000), price("standard", 30_000, { position: 1 })];
    expect(pickPriceWithCode(three, undefined, null, at, vip)).toMatchObject({ price: { key: "standard" }, discountPaise: 15_000 });
  });

  it("a fixed discount: its amount, never past the price (floored at 0 to pay)", () => {
    const fixed = code({ discountPercent: null, discountPaise: 5_000 });
    expect(discountOf(fixed, 30_000)).toBe(5_000);
    expect(discountOf(fixed, 3_000)).toBe(3_000);
    expect(discountOf(fixed, 0)).toBe(0);
    expect(codeOnPrice(fixed, price("standard", 3_000))).toEqual({ discountPaise: 3_000 });
  });

  it("a percentage: floor(amount × percent / 100), 100% the whole amount, none for an unlock-only code", () => {
    expect(discountOf(code({ discountPercent: 10 }), 30_000)).toBe(3_000);
    expect(discountOf(code({ discountPercent: 10 }), 19_999)).toBe(1_999);
    expect(discountOf(code({ discountPercent: 33 }), 100)).toBe(33);
    expect(discountOf(code({ discountPercent: 15 }), 999)).toBe(149);
    expect(discountOf(code({ discountPercent: 100 }), 12_345)).toBe(12_345);
    expect(discountOf(code({ discountPercent: null }), 12_345)).toBe(0);
  });

  it("any case and stray spaces are the same code", () => {
    expect(normaliseCode("  riya10 ")).toBe("RIYA10");
    expect(normaliseCode("Riya10")).toBe(normaliseCode("RIYA10"));
  });
});
