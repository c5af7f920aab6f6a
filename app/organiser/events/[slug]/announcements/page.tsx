import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { PlainText } from "@/app/_components/plain-text";
import { Card, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { audienceSummary } from "@/lib/announcements/audience";
import { ANNOUNCEMENTS_PER_EVENT_PER_HOUR, BODY_MAX, SUBJECT_MAX } from "@/lib/announcements/input";
import { sentAnnouncements } from "@/lib/announcements/view";
import { guardPage } from "@/lib/console/page-guard";
import { scopeCovers } from "@/lib/coordinators/access";
import { getEventBySlug } from "@/lib/events/events";
import { formatIST } from "@/lib/format";
import { AnnouncementForm } from "./announcement-form";

type Props = { params: Promise<{ slug: string }> };

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Announcements · ${(await params).slug} · Organiser` };
}

export default async function AnnouncementsPage({ params }: Props) {
  const { slug } = await params;
  // Organisers, and this event's coordinators (the console's scope, lib/coordinators/access.ts).
  const { scope } = await guardPage("console", `/organiser/events/${slug}/announcements`);
  const event = await getEventBySlug(db, slug);
  if (!event) notFound();
  if (!scopeCovers(scope, event.id)) forbidden();
  const [sent, people] = await Promise.all([sentAnnouncements(db, event.id), audienceSummary(db, event.id, false)]);

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/organiser/events/${event.slug}`} className="font-medium text-brand-700 hover:underline">
          ← {event.name}
        </Link>
      </p>
      <PageTitle sub={`A mail to everyone registered for ${event.name}, and on its page for them.`}>Announcements</PageTitle>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <Card>
          <h2 className="mb-3 text-lg font-semibold">Write an announcement</h2>
          <AnnouncementForm
            slug={event.slug}
            entrants={people.entrants}
            waiting={people.waitlist}
            subjectMax={SUBJECT_MAX}
            bodyMax={BODY_MAX}
            perHour={ANNOUNCEMENTS_PER_EVENT_PER_HOUR}
          />
        </Card>
        <section aria-labelledby="sent-heading">
          <h2 id="sent-heading" className="mb-3 text-lg font-semibold">
            Sent
          </h2>
          {sent.length === 0 ? (
            <Card>
              <p className="text-stone-600">No announcements yet. What you send appears here with how its mail went.</p>
            </Card>
          ) : (
            <ul className="space-y-3" aria-label="Sent announcements">
              {sent.map((a) => (
                <li key={a.id}>
                  <Card>
                    <h3 className="font-semibold break-words">{a.subject}</h3>
                    <p className="mb-2 text-xs text-stone-500">
                      {formatIST(a.createdAt)} · by {a.author}
                      {a.includeWaitlist ? " · with the waiting list" : ""}
                    </p>
                    <details className="mb-2 text-sm text-stone-700">
                      <summary className="cursor-pointer py-1 font-medium text-brand-700">The message</summary>
                      <PlainText text={a.body} className="mt-1" />
                    </details>
                    <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4" aria-label="How its mail went">
                      <Count label="Recipients" n={a.recipients} />
                      <Count label="Delivered" n={a.delivered} />
                      <Count label="Failed" n={a.failed} tone={a.failed ? "text-red-700" : undefined} />
                      <Count label="Waiting" n={a.queued} />
                    </dl>
                    {a.failed ? (
                      <p className="mt-2 text-xs text-stone-600">
                        Failed mail can be sent again from{" "}
                        <Link href="/organiser/jobs" className="font-medium text-brand-700 underline">
                          background work
                        </Link>{" "}
                        (organisers).
                      </p>
                    ) : null}
                  </Card>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}

function Count({ label, n, tone }: { label: string; n: number; tone?: string }) {
  return (
    <div>
      <dt className="text-stone-500">{label}</dt>
      <dd className={`text-lg font-semibold tabular-nums ${tone ?? ""}`}>{n}</dd>
    </div>
  );
}
