// One event as its coordinator sees it (issue 28): the registrations with their answers, the seats, the waiting list
// and the registrants' CSV, with links to its payments and its door. Read-only: the form, registration's toggle,
// visibility and closing the line are the organisers' (app/organiser/events/[slug]/page.tsx shows them those).
import Link from "next/link";
import { Card, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { type OrganiserEvent, registrationsLine } from "@/lib/events/admin-view";
import { registrationsWithAnswers } from "@/lib/organiser/registration-answers";
import { questionsOf } from "@/lib/questions/definition";
import { lineForOrganisers } from "@/lib/waitlist/view";
import { kindText, RegistrationBadge, registrationState, seatsText } from "./event-bits";
import { EventWaitlist } from "./event-waitlist";
import { RegistrationAnswers } from "./registration-answers";

const linkClass = "inline-flex min-h-11 items-center font-medium text-brand-700 hover:underline";

export async function CoordinatedEvent({ found, now }: { found: OrganiserEvent; now: Date }) {
  const { event: e, stats } = found;
  const [answered, line] = await Promise.all([registrationsWithAnswers(db, e), lineForOrganisers(db, e.id)]);
  const slug = encodeURIComponent(e.slug);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/organiser/events" className="font-medium text-brand-700 hover:underline">
          ← Your events
        </Link>
      </p>
      <PageTitle sub={`${kindText(e)} · you coordinate this event`}>{e.name}</PageTitle>
      <div className="grid gap-4 lg:grid-cols-[1fr_20rem]">
        <Card className="order-2 space-y-3 lg:order-1">
          <h2 className="font-semibold">Registrations and answers</h2>
          <RegistrationAnswers rows={answered} asks={questionsOf(e.questions).length > 0} />
        </Card>
        <div className="order-1 space-y-4 lg:order-2">
          <Card className="space-y-2 text-sm">
            <h2 className="font-semibold">Seats and registrations</h2>
            <p className="flex flex-wrap items-center gap-2">
              <RegistrationBadge event={e} now={now} />
              <span data-testid="registration-state">{registrationState(e, now).text}</span>
            </p>
            <p data-testid="event-seats">{seatsText(e, stats)}</p>
            <p>{registrationsLine(e, stats)}</p>
            <nav aria-label={`${e.name}: more`} className="flex flex-wrap gap-x-4">
              <Link href={`/organiser/payments?event=${slug}`} className={linkClass}>
                Payments
              </Link>
              <Link href={`/organiser/checkin?event=${slug}`} className={linkClass}>
                Check-ins
              </Link>
              <a href={`/api/organiser/events/${slug}/registrants`} className={linkClass} download>
                Registrants (CSV)
              </a>
              <Link href={`/organiser/events/${slug}/announcements`} className={linkClass}>
                Announcements
              </Link>
              <Link href={`/organiser/events/${slug}/certificates`} className={linkClass}>
                Results and certificates
              </Link>
            </nav>
          </Card>
          <Card className="space-y-3">
            <h2 className="font-semibold">Waiting list</h2>
            <EventWaitlist slug={e.slug} name={e.name} rows={line} closedAt={e.waitlistClosedAt} canClose={false} />
          </Card>
        </div>
      </div>
    </>
  );
}
