import { describe, expect, it } from "vitest";
import { indiaInputToIso, toIndiaInput } from "./format";

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
