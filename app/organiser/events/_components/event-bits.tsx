// Small pieces the console's event pages share: registration's state in words, seats, team size.
import { Badge } from "@/app/_components/ui";
import type { Event } from "@/db/schema";
import type { EventStats } from "@/lib/events/admin-view";
import { formatIST } from "@/lib/format";

type RegistrationFacts = Pick<Event, "closedAt" | "registrationOpensAt" | "registrationClosesAt"> & Partial<Pick<Event, "hiddenAt">>;

/**
 * Why registration is or is not open right now, in the organisers' words. Hiding an event stops registration without
 * closing it: the words say so and what showing it would bring, so they agree with the "Close registration" or
 * "Reopen registration" button beside them (a hidden event once read "Registration closed" beside "Close
 * registration"). `paused`: open by its own settings, stopped only by hiding.
 */
export function registrationState(e: RegistrationFacts, now: Date): { text: string; open: boolean; paused: boolean } {
  const own = ownState(e, now);
  if (!e.hiddenAt) return { ...own, paused: false };
  if (e.closedAt) return { text: `${own.text}; the event is hidden too`, open: false, paused: false };
  const whenShown = own.open ? own.text.replace(/^Open/, "open") : own.text.replace(/^\w/, (c) => c.toLowerCase());
  return { text: `Nobody can register while the event is hidden; once shown, ${whenShown}`, open: false, paused: own.open };
}

/** The state by the event's own settings: the organisers' close and the registration window. */
function ownState(e: RegistrationFacts, now: Date): { text: string; open: boolean } {
  if (e.closedAt) return { text: `Closed by organisers since ${formatIST(e.closedAt)}`, open: false };
  if (e.registrationOpensAt && now < e.registrationOpensAt) return { text: `Opens ${formatIST(e.registrationOpensAt)}`, open: false };
  if (e.registrationClosesAt && now >= e.registrationClosesAt)
    return { text: `Window ended ${formatIST(e.registrationClosesAt)}`, open: false };
  return { text: e.registrationClosesAt ? `Open until ${formatIST(e.registrationClosesAt)}` : "Open", open: true };
}

export function RegistrationBadge({ event, now }: { event: RegistrationFacts; now: Date }) {
  const state = registrationState(event, now);
  if (state.open) return <Badge tone="green">Registration open</Badge>;
  // Not "closed": the organisers have not closed it, and "Close registration" is still offered beside it.
  if (state.paused) return <Badge tone="amber">Paused while hidden</Badge>;
  // "Registration closed" only when the organisers closed it, beside "Reopen registration".
  if (event.closedAt) return <Badge tone="neutral">Registration closed</Badge>;
  if (event.registrationOpensAt && now < event.registrationOpensAt) return <Badge tone="blue">Not open yet</Badge>;
  return <Badge tone="neutral">Window ended</Badge>;
}

export function seatsText(e: Pick<Event, "capacity">, s: Pick<EventStats, "seatsTaken" | "seatsLeft">): string {
  if (e.capacity == null) return `No limit · ${s.seatsTaken} taken`;
  return `${s.seatsLeft} of ${e.capacity} left · ${s.seatsTaken} taken`;
}

export function kindText(e: Pick<Event, "kind" | "minTeamSize" | "maxTeamSize">): string {
  return e.kind === "solo"
    ? "Solo"
    : e.minTeamSize === e.maxTeamSize
      ? `Team of ${e.minTeamSize}`
      : `Team of ${e.minTeamSize}–${e.maxTeamSize}`;
}
