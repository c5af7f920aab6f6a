// The waiting list on an event page (issue 27): when the event is full, Join (a captain joins for the team); in line,
// the place and Leave; offered, a banner with the deadline (the Pay beside it takes the held seat).
import { ActionButton } from "@/app/_components/action-button";
import { Alert } from "@/app/_components/ui";
import type { Event } from "@/db/schema";
import { formatIST } from "@/lib/format";
import type { PlaceView } from "@/lib/waitlist/view";

const ordinal = (n: number) => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th");
  return `${n}${suffix}`;
};

/** A live offer: the seat is held for this person (or team) now. */
export const holdsOffer = (place: PlaceView | null, now: Date) =>
  place?.status === "offered" && !!place.offerExpiresAt && place.offerExpiresAt > now;

export function OfferBanner({ place, event }: { place: PlaceView; event: Pick<Event, "name" | "slug"> }) {
  return (
    <div className="space-y-2" data-testid="waitlist-offer">
      <Alert tone="success">
        <strong>
          A seat at {event.name} is yours until {formatIST(place.offerExpiresAt)}.
        </strong>{" "}
        Pay before then, or it goes to the next person in line.
      </Alert>
      <ActionButton
        url={`/api/events/${event.slug}/waitlist`}
        method="DELETE"
        body={place.teamId ? { teamId: place.teamId } : undefined}
        label="I don't want the seat"
        pendingLabel="Giving it back…"
        confirm={`Give the seat at ${event.name} back? It goes to the next person in line.`}
        done="You gave the seat back."
      />
    </div>
  );
}

export function WaitlistPanel({
  event,
  place,
  teamId,
}: {
  event: Pick<Event, "slug" | "name" | "waitlistClosedAt">;
  place: PlaceView | null;
  /** The captain's team: the place is the team's. */
  teamId: string | null;
}) {
  const body = teamId ? { teamId } : undefined;
  if (place?.status === "waiting")
    return (
      <section className="space-y-3" aria-labelledby="waitlist-heading" data-testid="waitlist">
        <h2 id="waitlist-heading" className="text-lg font-semibold">
          Waiting list
        </h2>
        <Alert>
          {event.name} is full. {teamId ? "Your team is" : "You are"}{" "}
          <strong data-testid="waitlist-place">{ordinal(place.place ?? 1)} in line</strong>. When a seat frees for{" "}
          {teamId ? "your team" : "you"}, we hold it and email you; you then have a while to pay.
        </Alert>
        <ActionButton
          url={`/api/events/${event.slug}/waitlist`}
          method="DELETE"
          body={body}
          label="Leave the waiting list"
          pendingLabel="Leaving…"
          confirm={`Leave the waiting list for ${event.name}? You would lose your place in line.`}
          done="You left the waiting list."
        />
      </section>
    );
  return (
    <section className="space-y-3" aria-labelledby="waitlist-heading" data-testid="waitlist">
      <h2 id="waitlist-heading" className="text-lg font-semibold">
        {event.name} is full
      </h2>
      {event.waitlistClosedAt ? (
        <Alert tone="warning">Every seat is taken and the waiting list is closed.</Alert>
      ) : (
        <>
          <p className="text-sm text-stone-700">
            Join the waiting list: when a seat frees, the first in line gets it, held for a while, and an email.
          </p>
          <ActionButton
            url={`/api/events/${event.slug}/waitlist`}
            body={body ?? {}}
            label={teamId ? "Join the waiting list for the team" : "Join the waiting list"}
            pendingLabel="Joining…"
            variant="primary"
            done="You joined the waiting list."
          />
        </>
      )}
    </section>
  );
}
