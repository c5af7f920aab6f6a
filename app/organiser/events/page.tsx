import type { Metadata } from "next";
import Link from "next/link";
import { Alert, Badge, ButtonLink, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { guardPage } from "@/lib/console/page-guard";
import { scopeEventIds } from "@/lib/coordinators/access";
import { organiserEvents, registrationsLine } from "@/lib/events/admin-view";
import { categoryLabel } from "@/lib/events/categories";
import { formatFee, formatIST } from "@/lib/format";
import { kindText, RegistrationBadge, registrationState, seatsText } from "./_components/event-bits";

export const metadata: Metadata = { title: "Events · Organiser" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function OrganiserEventsPage({ searchParams }: Props) {
  // A coordinator (issue 28) sees the events they coordinate, to open, not to change.
  const { scope, organiser } = await guardPage("console", "/organiser/events");
  const { created } = await searchParams;
  const now = new Date();
  const rows = await organiserEvents(db, now, scopeEventIds(scope));
  const justMade = typeof created === "string" ? rows.find((r) => r.event.slug === created) : undefined;

  return (
    <>
      <PageTitle
        sub={
          organiser
            ? "Create, change, copy and hide events, and close or reopen registration. Times are India time (IST)."
            : "The events you coordinate: their registrations, answers, payments and check-ins. Times are India time (IST)."
        }
      >
        {organiser ? "Events" : "Your events"}
      </PageTitle>
      <div className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-stone-600" data-testid="event-count">
            {rows.length === 1 ? "1 event" : `${rows.length} events`}, soonest first.
          </p>
          {organiser ? <ButtonLink href="/organiser/events/new">New event</ButtonLink> : null}
        </div>
        {justMade ? (
          <Alert tone="success" live>
            Created {justMade.event.name}. It is on the public events page now.
          </Alert>
        ) : null}
        {rows.length === 0 ? (
          <p className="rounded-lg border border-dashed border-stone-300 p-8 text-center text-stone-600">
            No events yet. Create the first one.
          </p>
        ) : (
          <ul className="grid gap-4 md:grid-cols-2" aria-label="Events">
            {rows.map(({ event: e, stats }) => (
              <li key={e.id} className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm sm:p-5" data-testid={`event-${e.slug}`}>
                <article aria-labelledby={`ev-${e.id}`} className="space-y-3">
                  <div className="flex flex-wrap items-start justify-between gap-2">
                    <h2 id={`ev-${e.id}`} className="text-lg font-semibold">
                      {e.name}
                    </h2>
                    <span className="text-lg font-bold whitespace-nowrap text-brand-700">{formatFee(e.feePaise)}</span>
                  </div>
                  <div className="flex flex-wrap gap-2">
                    <Badge tone="neutral">{categoryLabel(e.category)}</Badge>
                    <Badge tone="blue">{kindText(e)}</Badge>
                    {e.hiddenAt ? <Badge tone="amber">Hidden from attendees</Badge> : null}
                    <RegistrationBadge event={e} now={now} />
                    {e.capacity != null && stats.seatsLeft === 0 ? <Badge tone="red">Full</Badge> : null}
                  </div>
                  <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1.5 text-sm">
                    <dt className="text-stone-600">Seats</dt>
                    <dd data-testid="event-seats">{seatsText(e, stats)}</dd>
                    <dt className="text-stone-600">Registrations</dt>
                    <dd>{registrationsLine(e, stats)}</dd>
                    <dt className="text-stone-600">Starts</dt>
                    <dd>{e.startsAt ? <time dateTime={e.startsAt.toISOString()}>{formatIST(e.startsAt)}</time> : "To be announced"}</dd>
                    <dt className="text-stone-600">Venue</dt>
                    <dd className="break-words">{e.venue || "To be announced"}</dd>
                    <dt className="text-stone-600">Registration</dt>
                    <dd>{registrationState(e, now).text}</dd>
                  </dl>
                  <div className="flex flex-wrap gap-x-4 gap-y-2 text-sm font-medium">
                    <Link href={`/organiser/events/${e.slug}`} className="inline-flex min-h-11 items-center text-brand-700 hover:underline">
                      {organiser ? "Edit" : "Registrations"}
                      <span className="sr-only"> {organiser ? e.name : `for ${e.name}`}</span>
                    </Link>
                    <Link
                      href={`/organiser/payments?event=${encodeURIComponent(e.slug)}`}
                      className="inline-flex min-h-11 items-center text-brand-700 hover:underline"
                    >
                      Payments<span className="sr-only"> for {e.name}</span>
                    </Link>
                    <Link href={`/events/${e.slug}`} className="inline-flex min-h-11 items-center text-brand-700 hover:underline">
                      Public page<span className="sr-only"> of {e.name}</span>
                    </Link>
                    <a
                      href={`/api/organiser/events/${encodeURIComponent(e.slug)}/registrants`}
                      download
                      className="inline-flex min-h-11 items-center text-brand-700 hover:underline"
                    >
                      Registrants CSV<span className="sr-only"> of {e.name}</span>
                    </a>
                  </div>
                </article>
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}
