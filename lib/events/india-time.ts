// Organisers type times in India time; the API and the database speak UTC instants. A `datetime-local` field's
// value ("2026-12-01T10:00") is read as that minute in IST. IST has no daylight saving, so the offset is fixed.
// No imports, so the console's client components can use it too.

const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** "2026-12-01T10:00" (India time) → "2026-12-01T10:00:00+05:30"; undefined when it is not a real minute. */
export function indiaInputToIso(text: string): string | undefined {
  const m = LOCAL.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "00"].map(Number) as [number, number, number, number, number, number];
  // Reject 2026-02-30, 24:00 and the like: the calendar date must survive a round trip.
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return undefined;
  if (h > 23 || mi > 59 || s > 59) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? "00"}+05:30`;
}

/** An instant → the `datetime-local` value showing it in India time ("2026-12-01T10:00"); "" for none. */
export function toIndiaInput(at: Date | string | null | undefined): string {
  if (!at) return "";
  const t = new Date(at).getTime();
  if (!Number.isFinite(t)) return "";
  return new Date(t + IST_OFFSET_MS).toISOString().slice(0, 16);
}
