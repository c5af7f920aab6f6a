/**
 * Dates the gateway reads and writes are India Standard Time wall-clock text (pitfall 7: not UTC, not the
 * server's local zone). India has been a fixed UTC+05:30 with no daylight saving since 1945, so a constant
 * offset is exact for every date we will ever see and needs no ICU time-zone data.
 */

const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** The UTC fields of `date` shifted by +05:30 are India's wall-clock fields. */
function istParts(date: Date) {
  const t = date.getTime();
  if (!Number.isFinite(t)) throw new RangeError("invalid Date");
  const d = new Date(t + IST_OFFSET_MS);
  return {
    y: d.getUTCFullYear(),
    mo: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    h: d.getUTCHours(),
    mi: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
  };
}

/** "YYYY-MM-DD HH:mm:ss" in Asia/Kolkata: AUTH merchTxnDate. */
export function merchTxnDate(date: Date): string {
  const p = istParts(date);
  return `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`;
}

/** "YYYY-MM-DD" in Asia/Kolkata: the status API's merchTxnDate (the day of the original AUTH). */
export function merchTxnDay(date: Date): string {
  return merchTxnDate(date).slice(0, 10);
}

/** "YYYY-MM-DDTHH:mm:ss" in Asia/Kolkata: how the gateway echoes merchTxnDate in return messages. */
export function gatewayEchoDate(date: Date): string {
  return merchTxnDate(date).replace(" ", "T");
}

const GATEWAY_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3})\d*)?$/;

/**
 * "2026-11-27 15:04:06" or "2026-11-27T15:04:05" (optionally with fractional seconds), read as India time.
 * Returns null for anything else, including impossible dates like 2026-02-30 or 24:00:00.
 */
export function parseGatewayDate(s: unknown): Date | null {
  if (typeof s !== "string") return null;
  const m = GATEWAY_DATE_RE.exec(s.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) => Number(x)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = m[7] ? Number(m[7].padEnd(3, "0")) : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  // Date.UTC silently rolls 02-30 over to 03-02; a round trip through the fields catches that.
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return new Date(utc - IST_OFFSET_MS);
}
