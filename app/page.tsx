import Link from "next/link";
import { db } from "@/db/client";
import { currentUser } from "@/lib/auth/require-user";
import { categoryLabel } from "@/lib/events/categories";
import { eventsWithSeats, feeUnit, isOpen, registrationPhase } from "@/lib/events/events";
import { eventCategories, eventDays, isFiltered, parseFinder } from "@/lib/events/finder";
import { chooserOf, pricesOnOffer, shownFee } from "@/lib/events/prices";
import { formatFee, formatIST, formatISTShort } from "@/lib/format";
import { registrationsOfUser } from "@/lib/registrations/registrations";
import { EventFinderForm, NoMatch } from "./_components/event-finder";
import { Badge, PageTitle } from "./_components/ui";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function HomePage({ searchParams }: Props) {
  const raw = await searchParams;
  // A value given twice counts once (the first), as a form would send it.
  const { finder } = parseFinder({ get: (k) => [raw[k]].flat()[0] ?? null });
  const user = await currentUser();
  const now = new Date();
  const [listed, categories, days, mine] = await Promise.all([
    eventsWithSeats(db, now, finder),
    eventCategories(db),
    eventDays(db),
    user ? registrationsOfUser(db, user.id) : [],
  ]);
  // Open events first, each group in the order they happen (undated last), so the list reads like a programme.
  const when = (e: (typeof listed)[number]["event"]) => e.startsAt?.getTime() ?? Number.MAX_SAFE_INTEGER;
  const events = [...listed].sort((a, b) => Number(isOpen(b.event, now)) - Number(isOpen(a.event, now)) || when(a.event) - when(b.event));
  // Each card's fee: the cheapest price this viewer may choose now (the event page's "from", lib/events/prices.ts).
  const offers = await pricesOnOffer(
    db,
    listed.map((l) => l.event),
    chooserOf(user),
    now,
  );
  // Events the viewer is registered for (paid) or has started registering for, by slug.
  const standing = new Map(mine.filter((r) => r.status === "paid" || r.status === "awaiting_payment").map((r) => [r.event.slug, r.status]));
  return (
    <>
      <PageTitle sub="Pick an event, register solo or with your team, and pay securely through AtomPay.">Anwesha events</PageTitle>
      <EventFinderForm finder={finder} categories={categories} days={days} found={events.length} />
      {events.length === 0 && isFiltered(finder) ? (
        <NoMatch finder={finder} />
      ) : events.length === 0 ? (
        <p className="rounded-lg border border-dashed border-stone-300 p-8 text-center text-stone-600">
          No events are listed yet. Check back soon.
        </p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2" aria-label="Events">
          {events.map(({ event: e, seatsLeft }) => {
            const phase = registrationPhase(e, now);
            const mineStatus = standing.get(e.slug);
            const fee = shownFee(offers.get(e.id) ?? [], e);
            return (
              <li key={e.id}>
                <Link
                  href={`/events/${e.slug}`}
                  className="block h-full rounded-xl border border-stone-200 bg-white p-5 shadow-sm transition hover:border-brand-600 hover:shadow"
                >
                  <div className="flex items-start justify-between gap-3">
                    <h2 className="text-lg font-semibold">{e.name}</h2>
                    <span className="text-right" data-testid="event-fee">
                      <span className="block whitespace-nowrap text-lg font-bold text-brand-700">
                        {fee.from ? <span className="text-sm font-medium text-stone-700">from </span> : null}
                        {formatFee(fee.feePaise)}
                      </span>
                      {fee.feePaise === 0 ? null : (
                        <span className="block whitespace-nowrap text-xs font-medium text-stone-600">{feeUnit(e)}</span>
                      )}
                    </span>
                  </div>
                  <p className="mt-1 line-clamp-2 text-sm text-stone-600">{e.description}</p>
                  <p className="mt-2 text-sm text-stone-700">
                    {e.startsAt ? formatIST(e.startsAt) : "Date to be announced"}
                    {e.venue ? ` · ${e.venue}` : ""}
                  </p>
                  <div className="mt-3 flex flex-wrap gap-2">
                    {mineStatus === "paid" ? (
                      <Badge tone="green">You are registered</Badge>
                    ) : mineStatus ? (
                      <Badge tone="amber">Not paid yet</Badge>
                    ) : null}
                    <Badge tone="neutral">{categoryLabel(e.category)}</Badge>
                    <Badge tone="blue">{e.kind === "solo" ? "Solo" : `Team of ${e.minTeamSize}–${e.maxTeamSize}`}</Badge>
                    {phase === "open" ? (
                      <Badge tone="green">Registration open</Badge>
                    ) : phase === "not_yet" && e.registrationOpensAt ? (
                      <Badge tone="blue">{`Registration opens ${formatISTShort(e.registrationOpensAt, now)}`}</Badge>
                    ) : (
                      <Badge tone="neutral">Registration closed</Badge>
                    )}
                    {seatsLeft === null ? null : seatsLeft === 0 ? (
                      <Badge tone="red">Full</Badge>
                    ) : (
                      // A warning colour only when seats are running out; otherwise a plain count.
                      <Badge
                        tone={seatsLeft <= Math.max(5, Math.ceil((e.capacity ?? 0) / 10)) ? "amber" : "neutral"}
                      >{`${seatsLeft} ${seatsLeft === 1 ? "seat" : "seats"} left`}</Badge>
                    )}
                  </div>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
