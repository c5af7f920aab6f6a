import { describe, expect, it } from "vitest";
import { calendarFile, escapeText, foldLine, utcStamp } from "./ics";
import { expectValidIcs } from "./testing";

describe("iCalendar files", () => {
  it("escapes text, writes UTC times and folds long lines without splitting a character", () => {
    expect(escapeText("Hall 2, Block A; bring ID\\card\nand pen")).toBe("Hall 2\\, Block A\\; bring ID\\\\card\\nand pen");
    expect(utcStamp(new Date("2026-12-01T19:00:00+05:30"))).toBe("20261201T133000Z");
    const long = `DESCRIPTION:${"अ".repeat(60)}`; // 3 octets each
    const folded = foldLine(long);
    for (const part of folded.split("\r\n")) expect(Buffer.byteLength(part, "utf8")).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, "")).toBe(long);
  });

  it("makes a valid calendar with one event per entry", () => {
    const ics = calendarFile(
      [
        {
          uid: "registration-1@pay.anwesha.test",
          start: new Date("2026-12-01T13:30:00Z"),
          summary: "Robo Wars, finals · Anwesha",
          location: "Arena; behind the Sports Complex",
          description: `Entry pass for Team Iron Giants: https://pay.anwesha.test/payments/${"X".repeat(80)}\nShow the QR code.`,
          url: "https://pay.anwesha.test/payments/ANW1",
        },
        {
          uid: "registration-2@pay.anwesha.test",
          start: new Date("2026-12-02T04:30:00Z"),
          summary: "Quiz",
          location: "",
          description: "d",
        },
      ],
      new Date("2026-11-27T09:34:05.123Z"),
    );
    const { unfolded, events } = expectValidIcs(ics);
    expect(events).toBe(2);
    expect(unfolded).toContain("SUMMARY:Robo Wars\\, finals · Anwesha\r\n");
    expect(unfolded).toContain("LOCATION:Arena\\; behind the Sports Complex\r\n");
    expect(unfolded).toContain("DTSTAMP:20261127T093405Z\r\n");
    expect(unfolded).toContain("DTSTART:20261202T043000Z\r\n");
    expect(unfolded).not.toContain("LOCATION:\r\n"); // an empty venue is left out, not written empty
  });
});
