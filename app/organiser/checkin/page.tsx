import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { Fragment } from "react";
import { buttonStyles, Card, PageTitle } from "@/app/_components/ui";
import { db } from "@/db/client";
import { checkedInPeople, type DoorFilter, doorCounts, doorList, parseDoorFilter } from "@/lib/checkin/stats";
import { listVolunteers } from "@/lib/checkin/volunteers";
import { guardPage } from "@/lib/console/page-guard";
import { scopeCovers, scopeEventIds } from "@/lib/coordinators/access";
import { listCoordinators } from "@/lib/coordinators/coordinators";
import { getEventBySlug } from "@/lib/events/events";
import { formatIST } from "@/lib/format";
import { GrantForm, RevokeGrant } from "./grants";
import { LiveCounts } from "./live-counts";
import { UndoCheckIn } from "./undo-check-in";

export const metadata: Metadata = { title: "Check-in · Organiser" };
export const dynamic = "force-dynamic";

const FILTERS: { value: DoorFilter; label: string; param?: string }[] = [
  { value: "all", label: "All" },
  { value: "in", label: "Checked in", param: "yes" },
  { value: "out", label: "Not checked in", param: "no" },
];

export default async function OrganiserCheckInPage({ searchParams }: { searchParams: Promise<{ event?: string; checkedIn?: string }> }) {
  const params = await searchParams;
  // A coordinator (issue 28) sees their events' doors and rosters; granting people and undoing are the organisers'.
  const { scope, organiser } = await guardPage("console", "/organiser/checkin");
  const [counts, volunteers, coordinators] = await Promise.all([
    doorCounts(db, scopeEventIds(scope)),
    organiser ? listVolunteers(db) : [],
    organiser ? listCoordinators(db) : [],
  ]);
  const event = params.event ? await getEventBySlug(db, params.event) : undefined;
  if (event && !scopeCovers(scope, event.id)) forbidden();
  const filter = parseDoorFilter(params.checkedIn) ?? "all";
  const [rows, people] = event ? await Promise.all([doorList(db, event.id, filter), checkedInPeople(db, event.id)]) : [[], []];

  return (
    <>
      <PageTitle sub="Who is in at each door, updated as volunteers scan; volunteers and who may check people in.">Check-in</PageTitle>
      <div className="space-y-6">
        <LiveCounts initial={counts} />

        {event ? (
          <Card>
            <div className="mb-3 flex flex-wrap items-center gap-2">
              <h2 className="mr-auto text-lg font-semibold">{event.name}</h2>
              <nav aria-label="Filter by check-in" className="flex gap-1">
                {FILTERS.map((f) => (
                  <Link
                    key={f.value}
                    href={`/organiser/checkin?event=${event.slug}${f.param ? `&checkedIn=${f.param}` : ""}`}
                    aria-current={filter === f.value ? "page" : undefined}
                    className={`rounded-full px-3 py-1 text-sm font-medium ${
                      filter === f.value ? "bg-stone-900 text-white" : "bg-stone-100 hover:bg-stone-200"
                    }`}
                  >
                    {f.label}
                  </Link>
                ))}
              </nav>
            </div>
            {rows.length ? (
              <table className="w-full text-left text-sm" aria-label={`Registrations for ${event.name}`}>
                <thead className="text-stone-600">
                  <tr>
                    <th className="py-2">Holder</th>
                    <th>People in</th>
                    <th>First check-in</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-stone-100">
                  {rows.map((r) => (
                    <Fragment key={r.registrationId}>
                      {/* A row with people in has its undo row under it, joined to it (no rule between). */}
                      <tr className={r.checkedIn ? "border-b-0" : undefined}>
                        <td className="py-2">
                          {r.team ? `Team ${r.holder}` : r.holder}{" "}
                          {r.anweshaId ? <span className="whitespace-nowrap font-mono text-xs text-stone-600">{r.anweshaId}</span> : null}
                        </td>
                        <td>
                          {r.checkedIn} / {r.people}
                        </td>
                        <td>{r.firstAt ? formatIST(r.firstAt) : "—"}</td>
                      </tr>
                      {r.checkedIn && organiser ? (
                        <tr>
                          <td colSpan={3} className="pb-2">
                            <details>
                              <summary className="min-h-11 cursor-pointer py-3 font-medium text-brand-700">
                                Undo a check-in<span className="sr-only"> of {r.team ? `team ${r.holder}` : r.holder}</span>
                              </summary>
                              <ul className="space-y-4 pb-2">
                                {people
                                  .filter((p) => p.registrationId === r.registrationId)
                                  .map((p) => (
                                    <li key={p.anweshaId} className="space-y-2">
                                      <p>
                                        {p.name} <span className="whitespace-nowrap font-mono text-xs">{p.anweshaId}</span>: in at{" "}
                                        {formatIST(p.at)} by {p.by}
                                      </p>
                                      <UndoCheckIn eventSlug={event.slug} anweshaId={p.anweshaId} name={p.name} />
                                    </li>
                                  ))}
                              </ul>
                            </details>
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="text-stone-600">No paid registrations match.</p>
            )}
          </Card>
        ) : null}

        {organiser ? (
          <>
            <Card>
              <h2 className="mb-3 text-lg font-semibold">Volunteers</h2>
              <p className="mb-3 text-sm text-stone-600">
                A volunteer can open the check-in page for their events and nothing else of the console.
              </p>
              <GrantForm kind="volunteer" events={counts.map((c) => ({ slug: c.slug, name: c.name }))} />
              {volunteers.length ? (
                <ul className="mt-4 divide-y divide-stone-100 text-sm" aria-label="Volunteers">
                  {volunteers.map((v) => (
                    <li key={v.id} className="flex items-center justify-between gap-2 py-2">
                      <span>
                        {v.user.name} <span className="whitespace-nowrap font-mono text-xs">{v.user.anweshaId}</span> · {v.event.name} ·{" "}
                        {v.role}
                      </span>
                      <RevokeGrant kind="volunteer" id={v.id} label={`${v.user.name} at ${v.event.name}'s ${v.role}`} />
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-3 text-sm text-stone-600">No volunteers yet.</p>
              )}
            </Card>
            <Card>
              <h2 className="mb-3 text-lg font-semibold">Coordinators</h2>
              <p className="mb-3 text-sm text-stone-600">
                A coordinator sees their events&apos; registrations, answers, payments (without refunding), check-ins and waiting list,
                checks people in and works the desk there; nothing of other events.
              </p>
              <GrantForm kind="coordinator" events={counts.map((c) => ({ slug: c.slug, name: c.name }))} />
              {coordinators.length ? (
                <ul className="mt-4 divide-y divide-stone-100 text-sm" aria-label="Coordinators">
                  {coordinators.map((c) => (
                    <li key={c.id} className="flex items-center justify-between gap-2 py-2">
                      <span>
                        {c.user.name} <span className="whitespace-nowrap font-mono text-xs">{c.user.anweshaId}</span> · {c.event.name}
                      </span>
                      <RevokeGrant kind="coordinator" id={c.id} label={`${c.user.name} as coordinator of ${c.event.name}`} />
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-3 text-sm text-stone-600">No coordinators yet.</p>
              )}
            </Card>
          </>
        ) : null}
        <p className="text-sm">
          <Link href="/checkin" className={buttonStyles.secondary}>
            Open the check-in page
          </Link>
        </p>
      </div>
    </>
  );
}
