// Money and India time at the edges, and only here: inside, money is integer paise and a time is a UTC instant.
// India has kept one offset, +05:30, with no daylight saving since 1945, so India time is plain arithmetic.
// No imports: client components, the check-in page (offline too) and the mail templates all use it.
// (lib/atompay keeps the gateway's own date and amount formats: it is a package of its own.)

export const INDIA_TIME_ZONE = "Asia/Kolkata";
const IST_OFFSET_MS = 330 * 60_000;

const inr = new Intl.NumberFormat("en-IN", { style: "currency", currency: "INR", minimumFractionDigits: 2 });
const ist = new Intl.DateTimeFormat("en-IN", {
  timeZone: INDIA_TIME_ZONE,
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
  hour12: true,
});
const istClock = new Intl.DateTimeFormat("en-IN", { timeZone: INDIA_TIME_ZONE, hour: "2-digit", minute: "2-digit", hour12: false });
const istDayMonth = new Intl.DateTimeFormat("en-IN", { timeZone: INDIA_TIME_ZONE, day: "numeric", month: "short" });
const istSeconds = new Intl.DateTimeFormat("en-IN", { timeZone: INDIA_TIME_ZONE, timeStyle: "medium" });

/** 125050 → "₹1,250.50" */
export function formatINR(paise: number): string {
  return inr.format(paise / 100);
}

/** "27 Nov 2026, 3:04 pm IST"; "—" for none. */
export function formatIST(date: Date | string | null | undefined): string {
  if (!date) return "—";
  return `${ist.format(new Date(date))} IST`;
}

/** "3:04:05 pm IST": a time of today, to the second. */
export function formatISTTime(date: Date | string | number): string {
  return `${istSeconds.format(new Date(date))} IST`;
}

/** "10:32 IST", or "12 Feb, 10:32 IST" when it was not today (India time). */
export function formatISTShort(date: Date | string, now = new Date()): string {
  const d = new Date(date);
  const sameDay = istDayMonth.format(d) === istDayMonth.format(now);
  return `${sameDay ? "" : `${istDayMonth.format(d)}, `}${istClock.format(d)} IST`;
}

/** The India day of an instant: "2026-11-27". */
export function istDay(date: Date): string {
  return new Date(date.getTime() + IST_OFFSET_MS).toISOString().slice(0, 10);
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Organisers type times in India time; the API and the database speak UTC instants. A `datetime-local` field's
 * value, "2026-12-01T10:00" (India time) → "2026-12-01T10:00:00+05:30"; undefined when it is not a real minute.
 */
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
