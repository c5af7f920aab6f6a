import { describe, expect, it } from "vitest";
import { formatISTShort, indiaInputToIso, toIndiaInput } from "./format";

describe("India time in the console's date-time fields", () => {
  it("reads a datetime-local value as that minute in IST", () => {
    expect(indiaInputToIso("2026-12-01T10:00")).toBe("2026-12-01T10:00:00+05:30");
    expect(new Date(indiaInputToIso("2026-12-01T00:15")!).toISOString()).toBe("2026-11-30T18:45:00.000Z");
    expect(indiaInputToIso(" 2026-12-01T10:00:30 ")).toBe("2026-12-01T10:00:30+05:30");
  });

  it("refuses what is not a real minute", () => {
    for (const bad of [
      "",
      "2026-12-01",
      "2026-02-30T10:00",
      "2026-12-01T24:00",
      "2026-12-01T10:60",
      "2026-12-01 10:00",
      "10:00",
      "2026-12-01T10:00Z",
    ]) {
      expect(indiaInputToIso(bad), bad).toBeUndefined();
    }
  });

  it("shows an instant in India time, and round-trips", () => {
    expect(toIndiaInput(new Date("2026-11-30T18:45:00Z"))).toBe("2026-12-01T00:15");
    expect(toIndiaInput("2026-12-12T13:00:00.000Z")).toBe("2026-12-12T18:30");
    expect(toIndiaInput(null)).toBe("");
    expect(toIndiaInput("not a date")).toBe("");
    const at = new Date("2027-03-14T21:07:00Z");
    expect(new Date(indiaInputToIso(toIndiaInput(at))!).getTime()).toBe(at.getTime());
  });
});

describe("the check-in clock past midnight (issue 24, item 2)", () => {
  it("says 00:35 for a scan at 00:35 IST, not 24:35", () => {
    // 00:35 IST on 28 Nov is 19:05 UTC on 27 Nov.
    const at = new Date("2026-11-27T19:05:00Z");
    expect(formatISTShort(at, at)).toBe("00:35 IST");
    expect(formatISTShort(at, new Date("2026-11-27T12:00:00Z"))).toBe("28 Nov, 00:35 IST");
    expect(formatISTShort(new Date("2026-11-28T18:29:00Z"), new Date("2026-11-28T18:29:00Z"))).toBe("23:59 IST");
    expect(formatISTShort(new Date("2026-11-28T04:02:00Z"), new Date("2026-11-28T04:02:00Z"))).toBe("09:32 IST");
  });
});
