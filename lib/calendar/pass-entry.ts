// A pass's calendar entry: what "add to calendar" says about one paid registration, for the receipt mail's .ics and
// GET /api/registrations/{id}/calendar.ics alike.
import { formatIST } from "@/lib/format";
import type { CalendarEntry } from "./ics";

/** What a calendar entry needs of an entry pass (lib/passes/pass.ts EntryPass has it). */
interface PassForCalendar {
  registrationId: string;
  holder: { kind: "user" | "member" | "team"; name: string; anweshaId?: string | null };
  event: { name: string; startsAt: string | null; venue: string };
}

/** The calendar entry of one pass, or null while the event has no start time. */
export function passCalendarEntry(pass: PassForCalendar, appUrl: string, passUrl: string): CalendarEntry | null {
  if (!pass.event.startsAt) return null;
  const who = pass.holder.kind === "team" ? `Team ${pass.holder.name}` : pass.holder.name;
  return {
    uid: `registration-${pass.registrationId}@${new URL(appUrl).hostname}`,
    start: new Date(pass.event.startsAt),
    summary: `${pass.event.name} · Anwesha`,
    location: pass.event.venue,
    description: `Entry pass for ${who}: ${passUrl}\nShow the QR code at the door.`,
    url: passUrl,
  };
}

/** The page that shows a registration's pass: the receipt page of the payment that paid it. */
export const passPageUrl = (appUrl: string, merchTxnId: string) => `${appUrl}/payments/${encodeURIComponent(merchTxnId)}`;

/** "27 Nov 2026, 3:04 pm IST · Main Auditorium", saying what is not announced yet (mail, PDF and page alike). */
export function whenAndWhere(startsAt: string | null, venue: string): string {
  return `${startsAt ? formatIST(startsAt) : "Time to be announced"} · ${venue || "Venue to be announced"}`;
}
