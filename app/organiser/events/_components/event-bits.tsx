// Small pieces the console's event pages share: registration's state in words, seats, team size.
import { Badge } from "@/app/_components/ui";
import type { Event } from "@/db/schema";
import type { EventStats } from "@/lib/events/admin-view";
import { formatIST } from "@/lib/format";

/** Why registration is or is not open right now, in the organisers' words. */
export function registrationState(
  e: Pick<Event, "closedAt" | "registrationOpensAt" | "registrationClosesAt"> & Partial<Pick<Event, "hiddenAt">>,
  now: Date,
): { text: string; open: boolean } {
  if (e.hiddenAt) return { text: "Nobody can register while the event is hidden", open: false };
  if (e.closedAt) return { text: `Closed by organisers since ${formatIST(e.closedAt)}`, open: false };
  if (e.registrationOpensAt && now < e.registrationOpensAt) return { text: `Opens ${formatIST(e.registrationOpensAt)}`, open: false };
  if (e.registrationClosesAt && now >= e.registrationClosesAt)
    return { text: `Window ended ${formatIST(e.registrationClosesAt)}`, open: false };
  return { text: e.registrationClosesAt ? `Open until ${formatIST(e.registrationClosesAt)}` : "Open", open: true };
}

export function RegistrationBadge({
  event,
  now,
}: {
  event: Pick<Event, "closedAt" | "registrationOpensAt" | "registrationClosesAt"> & Partial<Pick<Event, "hiddenAt">>;
  now: Date;
}) {
  const state = registrationState(event, now);
  if (state.open) return <Badge tone="green">Registration open</Badge>;
  if (!event.closedAt && event.registrationOpensAt && now < event.registrationOpensAt) return <Badge tone="blue">Not open yet</Badge>;
  return <Badge tone="neutral">Registration closed</Badge>;
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
