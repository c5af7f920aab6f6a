// An event's results and certificates: who was checked in, each registration's place, and every certificate as one
// PDF. The console's guard lets its people in (organisers today; the coordinators' role widens it), and the event's
// own rule (lib/coordinators/access.ts) says whether this event is theirs.
import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { Alert, Badge, Card, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { certificateBoard } from "@/lib/certificates/board";
import { guardPage } from "@/lib/console/page-guard";
import { scopeCovers } from "@/lib/coordinators/access";
import { getEventBySlug } from "@/lib/events/events";
import { formatIST } from "@/lib/format";
import { ResultForm } from "./result-form";

type Props = { params: Promise<{ slug: string }> };

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Results and certificates · ${(await params).slug} · Organiser` };
}

export default async function EventCertificatesPage({ params }: Props) {
  const { slug } = await params;
  // Organisers, and this event's coordinators (the console's scope, lib/coordinators/access.ts).
  const { scope } = await guardPage("console", `/organiser/events/${slug}/certificates`);
  const event = await getEventBySlug(db, slug);
  if (!event) notFound();
  if (!scopeCovers(scope, event.id)) forbidden();
  const started = !!event.startsAt && event.startsAt <= new Date();
  const board = await certificateBoard(db, event.id);
  const people = board.reduce((n, r) => n + r.people.length, 0);

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/organiser/events/${event.slug}`} className="font-medium text-brand-700 hover:underline">
          ← {event.name}
        </Link>
      </p>
      <PageTitle sub="Everyone checked in gets a certificate of participation once the event starts; a place makes theirs a certificate of merit.">
        Results and certificates: {event.name}
      </PageTitle>
      <div className="space-y-4">
        {!started ? (
          <Alert tone="info">
            {event.startsAt
              ? `Results and certificates open when ${event.name} starts, on ${formatIST(event.startsAt)}.`
              : `${event.name} has no start time yet: results and certificates open once it starts.`}
          </Alert>
        ) : null}
        <Card>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm">
              {people === 1 ? "1 person" : `${people} people`} checked in, in{" "}
              {board.length === 1 ? "1 registration" : `${board.length} registrations`}.
            </p>
            {started && people ? (
              <a
                href={`/api/organiser/events/${encodeURIComponent(event.slug)}/certificates`}
                download
                className="inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white hover:bg-brand-700"
              >
                Download every certificate (PDF)
              </a>
            ) : null}
          </div>
        </Card>
        {board.length === 0 ? (
          <div className="rounded-xl border border-dashed border-stone-300 p-6 text-center text-sm text-stone-600">
            Nobody has been checked in at {event.name} yet. People appear here once they are let in at the door.
          </div>
        ) : (
          <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white" aria-label="Checked-in registrations">
            {board.map((r) => (
              <li key={r.registrationId} className="space-y-2 px-4 py-3" data-testid="result-row">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-semibold">{r.entrant}</span>
                  {r.placeLabel ? <Badge tone="amber">{r.placeLabel}</Badge> : <Badge>Participation</Badge>}
                </div>
                <p className="text-xs text-stone-600">{r.people.map((p) => `${p.name} (${p.anweshaId})`).join(", ")}</p>
                {started ? <ResultForm slug={event.slug} registrationId={r.registrationId} entrant={r.entrant} place={r.place} /> : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}
