// Money and India time at the edges, and only here: inside, money is integer paise and a time is a UTC instant.
// India has kept one offset, +05:30, with no daylight saving since 1945, so India time is plain arithmetic.
// The app's one India time: its offset, day, input reader and formats are here, its SQL in lib/format-sql.ts
// (lib/india-time.test.ts fails on another definition elsewhere).
// No imports: client components, the check-in page (offline too) and the mail templates all use it.
// (lib/atompay keeps the gateway's own date and amount formats: it is a package of its own.)

export const INDIA_TIME_ZONE = "Asia/Kolkata";
/** India's offset from UTC in minutes: everything below, and the SQL in lib/format-sql.ts, is made from it. */
export const INDIA_OFFSET_MINUTES = 330;
const INDIA_OFFSET_MS = INDIA_OFFSET_MINUTES * 60_000;
const two = (n: number) => String(n).padStart(2, "0");
/**
 * Between the words of one date or time ("27 Nov 2026", "9:02 am", "pm IST"): a line may break after a date's comma,
 * never inside a date or a time, so "am" is never left alone at the start of a line. Every formatter below uses it,
 * so pages, mail and the PDF need no rule of their own.
 */
const NBSP = "\u00a0";
/** Intl's words joined by NBSP, whatever space Intl put between them. */
const unbroken = (text: string) => text.replace(/\s/g, NBSP);
/** "+05:30", as ISO 8601 writes the offset. */
const INDIA_OFFSET = `+${two(Math.floor(INDIA_OFFSET_MINUTES / 60))}:${two(INDIA_OFFSET_MINUTES % 60)}`;

/** An instant's India wall clock as ISO text without a zone: "2026-11-27T15:04:05.123". */
function indiaClock(at: Date | string | number): string {
  return new Date(new Date(at).getTime() + INDIA_OFFSET_MS).toISOString().slice(0, 23);
}

const inr = new Intl.NumberFormat("en-IN", { style: "currency", currency: "INR", minimumFractionDigits: 2 });
// The day and month in words come from Intl; the clock is ours (clock12), so every time people read is on the one
// 12-hour clock: en-IN's `hour12: false` writes the first hour after midnight as "24:35", and a mix of 24-hour and
// am/pm across pages reads as two different times.
const istDate = new Intl.DateTimeFormat("en-IN", { timeZone: INDIA_TIME_ZONE, day: "numeric", month: "short", year: "numeric" });
const istDayMonth = new Intl.DateTimeFormat("en-IN", { timeZone: INDIA_TIME_ZONE, day: "numeric", month: "short" });

/**
 * The one clock every time shown to people is written on: India time, 12-hour, lower-case am/pm, "12:35 am" for
 * the first hour after midnight and "12:05 pm" for the first after noon; with `seconds`, "3:04:05 pm".
 */
export function clock12(at: Date | string | number, seconds = false): string {
  const clock = indiaClock(at);
  const hour = Number(clock.slice(11, 13));
  return `${hour % 12 || 12}:${clock.slice(14, seconds ? 19 : 16)}${NBSP}${hour < 12 ? "am" : "pm"}`;
}

const andList = new Intl.ListFormat("en-IN", { style: "long", type: "conjunction" });

/** ["Code Sprint", "Solo Singing", "Quiz"] → "Code Sprint, Solo Singing and Quiz" (Indian English: no serial comma). */
export function formatList(items: readonly string[]): string {
  return andList.format(items);
}

/** 125050 → "₹1,250.50" */
export function formatINR(paise: number): string {
  return inr.format(paise / 100);
}

/** An event's or a registration's fee: "Free" for 0 (a free event), else the amount. */
export function formatFee(paise: number): string {
  return paise === 0 ? "Free" : formatINR(paise);
}

/** "27 Nov 2026, 3:04 pm IST" (the spaces inside the date and the time are NBSP); "—" for none. */
export function formatIST(date: Date | string | null | undefined): string {
  if (!date) return "—";
  const d = new Date(date);
  return `${unbroken(istDate.format(d))}, ${clock12(d)}${NBSP}IST`;
}

/** "3:04:05 pm IST": a time of today, to the second. */
export function formatISTTime(date: Date | string | number): string {
  return `${clock12(date, true)}${NBSP}IST`;
}

/** "10:32 am IST", or "12 Feb, 12:35 am IST" when it was not today (India time). */
export function formatISTShort(date: Date | string, now = new Date()): string {
  const d = new Date(date);
  const sameDay = istDay(d) === istDay(now);
  return `${sameDay ? "" : `${unbroken(istDayMonth.format(d))}, `}${clock12(d)}${NBSP}IST`;
}

const istLongDate = new Intl.DateTimeFormat("en-IN", { timeZone: INDIA_TIME_ZONE, day: "numeric", month: "long", year: "numeric" });

/** "12 December 2026": an instant's India day in full words, as a certificate states it. */
export function formatIndiaLongDate(date: Date | string): string {
  return istLongDate.format(new Date(date));
}

/** The India day of an instant: "2026-11-27". */
export function istDay(date: Date): string {
  return indiaClock(date).slice(0, 10);
}

const dayName = new Intl.DateTimeFormat("en-IN", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" });

/** An India day as people say it: "2026-12-12" → "Sat, 12 Dec" (the day itself, whatever the zone). */
export function formatIndiaDay(day: string): string {
  return unbroken(dayName.format(new Date(`${day}T00:00:00Z`)));
}

/** "2026-11-27 15:04:05" in India time, plain arithmetic (no Intl per CSV cell); "" for none. */
export function indiaTimeText(date: Date | null): string {
  if (!date) return "";
  const clock = indiaClock(date);
  return `${clock.slice(0, 10)} ${clock.slice(11, 19)}`;
}

/** The instant an India day ("2026-11-27") begins. */
export function startOfIndiaDay(day: string): Date {
  return new Date(`${day}T00:00:00${INDIA_OFFSET}`);
}

const INDIA_INPUT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * The one reader of what organisers type in India time: a day, "2026-11-27", or a minute, "2026-11-27T15:04"
 * (seconds allowed) → that moment as ISO 8601 with India's offset ("2026-11-27T15:04:00+05:30"; a day is its
 * midnight) and whether only a day was given; undefined when no such day or minute exists (2026-02-30, 24:00).
 */
export function parseIndiaInput(text: string): { iso: string; dayOnly: boolean; year: number } | undefined {
  const m = INDIA_INPUT.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // The calendar date must survive a round trip.
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return undefined;
  const dayOnly = m[4] === undefined;
  const [h, mi, s] = dayOnly ? ["00", "00", "00"] : [m[4]!, m[5]!, m[6] ?? "00"];
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  return { iso: `${m[1]}-${m[2]}-${m[3]}T${h}:${mi}:${s}${INDIA_OFFSET}`, dayOnly, year: y };
}

/**
 * Organisers type times in India time; the API and the database speak UTC instants. A `datetime-local` field's
 * value, "2026-12-01T10:00" (India time) → "2026-12-01T10:00:00+05:30"; undefined when it is not a real minute.
 */
export function indiaInputToIso(text: string): string | undefined {
  const read = parseIndiaInput(text.trim());
  return read && !read.dayOnly ? read.iso : undefined;
}

/** An instant → the `datetime-local` value showing it in India time ("2026-12-01T10:00"); "" for none. */
export function toIndiaInput(at: Date | string | null | undefined): string {
  if (!at) return "";
  const t = new Date(at).getTime();
  if (!Number.isFinite(t)) return "";
  return indiaClock(t).slice(0, 16);
}
