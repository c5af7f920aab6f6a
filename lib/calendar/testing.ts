// For tests that read calendar files the app makes.
import { expect } from "vitest";

/** What RFC 5545 asks of every content line: CRLF ends, at most 75 octets, continuation lines start with a space. */
export function expectValidIcs(ics: string) {
  expect(ics.endsWith("\r\n")).toBe(true);
  expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/); // no bare CR or LF
  for (const line of ics.split("\r\n").slice(0, -1)) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
  const unfolded = ics.replace(/\r\n /g, "");
  expect(unfolded).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\nPRODID:[^\r]+\r\n/);
  expect(unfolded.trimEnd().endsWith("END:VCALENDAR")).toBe(true);
  const events = unfolded.split("BEGIN:VEVENT").slice(1);
  for (const e of events) {
    expect(e).toMatch(/\r\nUID:[^\r]+@[^\r]+\r\n/);
    expect(e).toMatch(/\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
    expect(e).toMatch(/\r\nDTSTART:\d{8}T\d{6}Z\r\n/);
  }
  return { unfolded, events: events.length };
}
