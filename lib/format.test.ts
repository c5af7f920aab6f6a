import { describe, expect, it } from "vitest";
import { clock12, formatIndiaDay, formatIST, formatISTShort, formatISTTime, indiaInputToIso, toIndiaInput } from "./format";
import { codeLines, matchesOutside } from "./testing/source-scan";

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

describe("one 12-hour clock for every time people read (issue 24, items 2 and 3)", () => {
  it("says 12:35 am for a scan at 00:35 IST, never 24:35 or 00:35", () => {
    // 00:35 IST on 28 Nov is 19:05 UTC on 27 Nov.
    const at = new Date("2026-11-27T19:05:00Z");
    expect(formatISTShort(at, at)).toBe("12:35\u00a0am\u00a0IST");
    expect(formatISTShort(at, new Date("2026-11-27T12:00:00Z"))).toBe("28\u00a0Nov, 12:35\u00a0am\u00a0IST");
    expect(formatISTShort(new Date("2026-11-28T18:29:00Z"), new Date("2026-11-28T18:29:00Z"))).toBe("11:59\u00a0pm\u00a0IST");
    expect(formatISTShort(new Date("2026-11-28T04:02:00Z"), new Date("2026-11-28T04:02:00Z"))).toBe("9:32\u00a0am\u00a0IST");
    // A year apart is not "today".
    expect(formatISTShort(at, new Date("2027-11-27T19:05:00Z"))).toBe("28\u00a0Nov, 12:35\u00a0am\u00a0IST");
  });

  it("noon and midnight on every format: the date with the time, to the second, and short", () => {
    const midnight = new Date("2026-11-27T18:30:00Z"); // 00:00 IST on 28 Nov
    const noon = new Date("2026-11-28T06:30:00Z"); // 12:00 IST
    expect(clock12(midnight)).toBe("12:00\u00a0am");
    expect(clock12(noon)).toBe("12:00\u00a0pm");
    expect(clock12(new Date("2026-11-28T07:35:09Z"), true)).toBe("1:05:09\u00a0pm");
    expect(formatIST(midnight)).toBe("28\u00a0Nov\u00a02026, 12:00\u00a0am\u00a0IST");
    expect(formatIST(new Date("2026-11-27T09:34:00Z"))).toBe("27\u00a0Nov\u00a02026, 3:04\u00a0pm\u00a0IST");
    expect(formatIST(null)).toBe("—");
    expect(formatISTTime(new Date("2026-11-27T19:05:07Z"))).toBe("12:35:07\u00a0am\u00a0IST");
  });

  it("a date or a time never breaks inside: only the comma after a date is a place to break a line (issue 24 walk)", () => {
    // "9:02 am" broke before "am" on a phone; "27 Nov 2026" broke after "Nov".
    const now = new Date("2026-11-28T03:32:00Z");
    for (const at of ["2026-11-28T03:32:00Z", "2026-11-27T19:05:07Z", "2026-12-31T18:29:00Z"].map((t) => new Date(t))) {
      for (const text of [clock12(at), clock12(at, true), formatIST(at), formatISTTime(at), formatISTShort(at, now)]) {
        // Every space but the one after a comma is a no-break space.
        expect(text.replaceAll(", ", ""), text).not.toMatch(/[ \u2000-\u200b\u202f]/);
        expect(text, text).toMatch(/\u00a0(am|pm)/);
      }
    }
    expect(formatIndiaDay("2026-12-12")).toBe("Sat,\u00a012\u00a0Dec");
  });

  it("no page, mail or receipt writes a clock of its own: Intl's hours and the 24-hour slice are lib/format.ts's", () => {
    // Data files (the CSVs' "15:04:05" columns) use indiaTimeText from lib/format.ts; the gateway's own format is
    // lib/atompay's.
    const ownClock = /hour12|hourCycle|timeStyle|\bhour:\s*["']|toLocaleTimeString\(|\.getHours\(\)/g;
    expect(matchesOutside(ownClock, ["lib/format.ts", "lib/atompay/"], codeLines)).toEqual([]);
  });
});
