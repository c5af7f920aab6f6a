import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert, Badge, ButtonLink, Card, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { currentUser } from "@/lib/auth/require-user";
import { categoryLabel } from "@/lib/events/categories";
import { feeUnit, getEventBySlug, isListed, registrationPhase } from "@/lib/events/events";
import { chooserOf, pricesOnOffer, shownFee } from "@/lib/events/prices";
import { formatFee, formatIST } from "@/lib/format";
import { seatsLeftByEvent } from "@/lib/registrations/seats";
import { placesOf } from "@/lib/waitlist/view";
import { EventAnnouncements } from "./event-announcements";
import { RegisterPanel } from "./register-panel";

type Props = { params: Promise<{ slug: string }> };

/** The event, when this viewer may see its page: a hidden one only for organisers (attendees get 404). */
async function visibleEvent(slug: string) {
  const event = await getEventBySlug(db, slug);
  if (!event) return { event: undefined, user: null };
  const user = await currentUser();
  return isListed(event) || user?.role === "organiser" ? { event, user } : { event: undefined, user };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { event } = await visibleEvent((await params).slug);
  return { title: event?.name ?? "Event not found" };
}

export default async function EventPage({ params }: Props) {
  const { slug } = await params;
  const { event, user } = await visibleEvent(slug);
  if (!event) notFound();
  const now = new Date();
  const [seats, offers] = await Promise.all([seatsLeftByEvent(db, [event], now), pricesOnOffer(db, [event], chooserOf(user), now)]);
  const seatsLeft = seats.get(event.id) ?? null;
  // A seat offered to this person from the waiting list (theirs, or their team's as its captain) is theirs to take:
  // "Full" alone beside the offer's banner read as if it were not.
  const heldForYou = user ? (await placesOf(db, user.id)).find((p) => p.event.id === event.id && p.status === "offered") : undefined;
  const prices = offers.get(event.id) ?? [];
  const { feePaise: fee, from } = shownFee(prices, event);
  const phase = registrationPhase(event);
  const open = phase === "open";
  return (
    <>
      <PageTitle sub={event.description}>{event.name}</PageTitle>
      {event.hiddenAt ? (
        <div className="mb-4">
          <Alert tone="warning">
            Hidden from attendees: only organisers can open this page, and nobody can register.{" "}
            <Link href={`/organiser/events/${event.slug}`} className="font-semibold underline">
              Manage this event
            </Link>
          </Alert>
        </div>
      ) : null}
      <div className="grid gap-4 md:grid-cols-[1fr_20rem]">
        <Card>
          <dl className="grid grid-cols-2 gap-4 text-sm">
            <div>
              <dt className="text-stone-500">Fee</dt>
              <dd data-testid="event-fee">
                {from ? <span className="text-sm text-stone-700">from </span> : null}
                <span className="text-xl font-bold text-brand-700">{formatFee(fee)}</span>{" "}
                {fee === 0 ? null : <span className="text-sm font-medium whitespace-nowrap text-stone-700">{feeUnit(event)}</span>}
                {event.kind === "team" && fee > 0 ? (
                  <span className="block text-xs text-stone-600">The captain pays once for the whole team.</span>
                ) : null}
              </dd>
            </div>
            <div>
              <dt className="text-stone-500">Category</dt>
              <dd className="font-semibold" data-testid="event-category">
                {categoryLabel(event.category)}
              </dd>
            </div>
            <div>
              <dt className="text-stone-500">Format</dt>
              <dd className="font-semibold">{event.kind === "solo" ? "Solo" : `Team of ${event.minTeamSize}–${event.maxTeamSize}`}</dd>
            </div>
            <div>
              <dt className="text-stone-500">When</dt>
              <dd>{event.startsAt ? formatIST(event.startsAt) : "To be announced"}</dd>
            </div>
            <div>
              <dt className="text-stone-500">Where</dt>
              <dd>{event.venue || "To be announced"}</dd>
            </div>
            <div>
              <dt className="text-stone-500">Seats</dt>
              <dd data-testid="seats-left">
                {event.capacity == null
                  ? "No limit"
                  : seatsLeft === 0
                    ? heldForYou?.offerExpiresAt
                      ? `Full · one held for you until ${formatIST(heldForYou.offerExpiresAt)}`
                      : "Full"
                    : `${seatsLeft} of ${event.capacity} left`}
              </dd>
            </div>
            {phase === "not_yet" ? (
              <div>
                <dt className="text-stone-500">Registration opens</dt>
                <dd>{formatIST(event.registrationOpensAt)}</dd>
              </div>
            ) : null}
            <div>
              <dt className="text-stone-500">Registration closes</dt>
              <dd>
                {event.closedAt
                  ? "Closed by the organisers"
                  : event.registrationClosesAt
                    ? formatIST(event.registrationClosesAt)
                    : "When the organisers close it"}
              </dd>
            </div>
            <div>
              <dt className="text-stone-500">Status</dt>
              <dd>
                {open ? (
                  <Badge tone="green">Open</Badge>
                ) : phase === "not_yet" ? (
                  <Badge tone="blue">Not open yet</Badge>
                ) : (
                  <Badge>Closed</Badge>
                )}
              </dd>
            </div>
          </dl>
        </Card>
        <Card>
          {phase === "not_yet" ? (
            <p className="text-stone-700" data-testid="registration-not-open">
              Registration for this event opens on {formatIST(event.registrationOpensAt)}.
            </p>
          ) : !open ? (
            <p className="text-stone-700">Registration for this event has closed.</p>
          ) : !user ? (
            <div className="space-y-3">
              <p className="text-stone-700">Sign in to register and pay.</p>
              <ButtonLink href={`/sign-in?callbackUrl=/events/${event.slug}`} className="w-full">
                Sign in to register
              </ButtonLink>
            </div>
          ) : (
            <RegisterPanel event={event} user={user} seatsLeft={seatsLeft} prices={prices} />
          )}
        </Card>
      </div>
      {user ? <EventAnnouncements eventId={event.id} userId={user.id} /> : null}
    </>
  );
}
