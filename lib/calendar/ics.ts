// An iCalendar file (RFC 5545) for "add to calendar": the receipt mail's attachment and the download beside each
// entry pass. Written by hand because the format is small and every rule that matters is here: CRLF line ends,
// lines folded at 75 octets (never inside a UTF-8 character), text escaped, times in UTC ("…Z": no time zone
// table needed, and India time is what every calendar then shows in India), a stable UID per registration so a
// second download updates the entry instead of adding another.

export interface CalendarEntry {
  /** Stable and unique: the same registration always gives the same UID. */
  uid: string;
  start: Date;
  summary: string;
  location: string;
  description: string;
  url?: string;
}

const CRLF = "\r\n";

/** TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines. */
export function escapeText(s: string): string {
  return s
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** "20261127T093400Z": a UTC DATE-TIME. */
export function utcStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** Folds a content line at 75 octets (RFC 5545 3.1): continuation lines start with one space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, "utf8");
    // The first line holds 75 octets; a continuation's leading space takes one of its 75.
    const room = out.length === 0 ? 75 : 74;
    if (octets + size > room) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join(`${CRLF} `);
}

/** A VCALENDAR holding one VEVENT per entry; `now` is the DTSTAMP (when this file was made). */
export function calendarFile(entries: CalendarEntry[], now = new Date()): string {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Anwesha//Anwesha Payments//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
  for (const e of entries) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${e.uid}`,
      `DTSTAMP:${utcStamp(now)}`,
      `DTSTART:${utcStamp(e.start)}`,
      `SUMMARY:${escapeText(e.summary)}`,
      ...(e.location ? [`LOCATION:${escapeText(e.location)}`] : []),
      `DESCRIPTION:${escapeText(e.description)}`,
      ...(e.url ? [`URL:${e.url}`] : []),
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join(CRLF) + CRLF;
}
