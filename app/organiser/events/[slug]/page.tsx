import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { Alert, Badge, Card, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { guardPage } from "@/lib/console/page-guard";
import { scopeCovers } from "@/lib/coordinators/access";
import { organiserEventBySlug, registrationsLine } from "@/lib/events/admin-view";
import { toIndiaInput } from "@/lib/format";
import { auditOfEvent } from "@/lib/organiser/audit";
import { paiseToRupeesText } from "@/lib/organiser/money";
import { registrationsWithAnswers } from "@/lib/organiser/registration-answers";
import { questionsOf } from "@/lib/questions/definition";
import { lineForOrganisers } from "@/lib/waitlist/view";
import { CoordinatedEvent } from "../_components/coordinated-event";
import { EventActions } from "../_components/event-actions";
import { kindText, RegistrationBadge, registrationState, seatsText } from "../_components/event-bits";
import { EventForm } from "../_components/event-form";
import { EventHistory } from "../_components/event-history";
import { EventWaitlist } from "../_components/event-waitlist";
import { RegistrationAnswers } from "../_components/registration-answers";
import { RegistrationToggle } from "../_components/registration-toggle";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Edit ${(await params).slug} · Organiser` };
}

export default async function EditEventPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { scope, organiser } = await guardPage("console", `/organiser/events/${slug}`);
  const now = new Date();
  const found = await organiserEventBySlug(db, slug, now);
  if (!found) notFound();
  // Another event's coordinator: not theirs (issue 28).
  if (!scopeCovers(scope, found.event.id)) forbidden();
  if (!organiser) return <CoordinatedEvent found={found} now={now} />;
  const { event: e, stats, prices } = found;
  const [history, { saved, copied }, answered, line] = await Promise.all([
    auditOfEvent(db, e.id),
    searchParams,
    registrationsWithAnswers(db, e),
    lineForOrganisers(db, e.id),
  ]);
  const state = registrationState(e, now);
  const windowEnded = !!e.registrationClosesAt && now >= e.registrationClosesAt;

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/organiser/events" className="font-medium text-brand-700 hover:underline">
          ← All events
        </Link>
      </p>
      <PageTitle
        sub={
          <>
            {kindText(e)} ·{" "}
            <Link href={`/events/${e.slug}`} className="font-medium text-brand-700 hover:underline">
              public page
            </Link>{" "}
            ·{" "}
            <Link href={`/organiser/payments?event=${encodeURIComponent(e.slug)}`} className="font-medium text-brand-700 hover:underline">
              payments
            </Link>{" "}
            ·{" "}
            <Link href={`/organiser/events/${e.slug}/announcements`} className="font-medium text-brand-700 hover:underline">
              announcements
            </Link>{" "}
            ·{" "}
            <Link href={`/organiser/events/${e.slug}/certificates`} className="font-medium text-brand-700 hover:underline">
              results and certificates
            </Link>
          </>
        }
      >
        {e.name}
      </PageTitle>
      {saved ? (
        <div className="mb-4">
          <Alert tone="success" live>
            Saved. The event&apos;s address is now /events/{e.slug}.
          </Alert>
        </div>
      ) : null}
      {typeof copied === "string" ? (
        <div className="mb-4">
          <Alert tone="success" live>
            Copied from /events/{copied}, with no registrations. It is hidden from attendees: check its name, slug and dates, then choose
            “Show to attendees”.
          </Alert>
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="order-2 lg:order-1">
          <EventForm
            mode="edit"
            slug={e.slug}
            feeLocked={stats.feeLocked}
            kindLocked={stats.kindLocked}
            seatsTaken={stats.seatsTaken}
            questions={questionsOf(e.questions)}
            initial={{
              name: e.name,
              slug: e.slug,
              description: e.description,
              kind: e.kind,
              category: e.category,
              prices: prices.map((p) => ({
                key: p.key,
                label: p.label,
                fee: paiseToRupeesText(p.feePaise),
                opensAt: toIndiaInput(p.opensAt),
                closesAt: toIndiaInput(p.closesAt),
                domains: p.emailDomains.join(", "),
                codeOnly: p.codeOnly,
                capacity: p.capacity == null ? "" : String(p.capacity),
                paidFor: p.paidFor,
              })),
              minTeamSize: String(e.minTeamSize),
              maxTeamSize: String(e.maxTeamSize),
              capacity: e.capacity == null ? "" : String(e.capacity),
              opensAt: toIndiaInput(e.registrationOpensAt),
              closesAt: toIndiaInput(e.registrationClosesAt),
              startsAt: toIndiaInput(e.startsAt),
              venue: e.venue,
            }}
          />
        </div>
        <div className="order-1 space-y-4 lg:order-2">
          <Card className="space-y-3">
            <h2 className="font-semibold">Registration</h2>
            <p className="flex flex-wrap items-center gap-2 text-sm">
              <RegistrationBadge event={e} now={now} />
              <span data-testid="registration-state">{state.text}</span>
            </p>
            <RegistrationToggle slug={e.slug} name={e.name} closed={!!e.closedAt} />
            {e.closedAt && windowEnded ? (
              <p className="text-sm text-stone-600">
                The registration window has also ended: change “Registration closes” to let people register again.
              </p>
            ) : null}
          </Card>
          <Card className="space-y-3">
            <h2 className="flex flex-wrap items-center gap-2 font-semibold">
              Visibility {e.hiddenAt ? <Badge tone="amber">Hidden</Badge> : <Badge tone="green">Listed</Badge>}
            </h2>
            <p className="text-sm text-stone-600" data-testid="visibility-state">
              {e.hiddenAt
                ? "Not listed, its page is not found, and nobody can register. Paid registrations, passes and check-in still work."
                : "On the events list, with its own page."}
            </p>
            <EventActions slug={e.slug} name={e.name} hidden={!!e.hiddenAt} />
          </Card>
          <Card className="space-y-2 text-sm">
            <h2 className="font-semibold">Seats and registrations</h2>
            <p data-testid="event-seats">{seatsText(e, stats)}</p>
            <p>{registrationsLine(e, stats)}</p>
            {stats.feeLocked ? <Badge tone="amber">Fee fixed: a payment has been started</Badge> : null}
            <p>
              <a
                href={`/api/organiser/events/${encodeURIComponent(e.slug)}/registrants`}
                className="inline-flex min-h-11 items-center font-medium text-brand-700 hover:underline"
                download
              >
                Download registrants (CSV)
              </a>
            </p>
          </Card>
          <Card className="space-y-3">
            <h2 className="font-semibold">Waiting list</h2>
            <EventWaitlist slug={e.slug} name={e.name} rows={line} closedAt={e.waitlistClosedAt} />
          </Card>
          <Card className="space-y-3">
            <h2 className="font-semibold">Registrations and answers</h2>
            <RegistrationAnswers rows={answered} asks={questionsOf(e.questions).length > 0} />
          </Card>
          <Card className="space-y-3">
            <h2 className="font-semibold">Changes</h2>
            <EventHistory entries={history} />
          </Card>
        </div>
      </div>
    </>
  );
}
