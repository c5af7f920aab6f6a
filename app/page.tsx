import Link from "next/link";
import { db } from "@/db/client";
import { Badge, PageTitle } from "./_components/ui";
import { isOpen, listEvents } from "@/lib/events/events";
import { formatINR } from "@/lib/format";

export default async function HomePage() {
  const events = await listEvents(db);
  const now = new Date();
  return (
    <>
      <PageTitle sub="Pick an event, register solo or with your team, and pay securely through AtomPay.">Anwesha events</PageTitle>
      {events.length === 0 ? (
        <p className="rounded-lg border border-dashed border-stone-300 p-8 text-center text-stone-600">
          No events are listed yet. Check back soon.
        </p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2" aria-label="Events">
          {events.map((e) => {
            const open = isOpen(e, now);
            return (
              <li key={e.id}>
                <Link
                  href={`/events/${e.slug}`}
                  className="block h-full rounded-xl border border-stone-200 bg-white p-5 shadow-sm transition hover:border-brand-600 hover:shadow"
                >
                  <div className="flex items-start justify-between gap-3">
                    <h2 className="text-lg font-semibold">{e.name}</h2>
                    <span className="whitespace-nowrap text-lg font-bold text-brand-700">{formatINR(e.feePaise)}</span>
                  </div>
                  <p className="mt-1 line-clamp-2 text-sm text-stone-600">{e.description}</p>
                  <div className="mt-3 flex flex-wrap gap-2">
                    <Badge tone="blue">{e.kind === "solo" ? "Solo" : `Team of ${e.minTeamSize}–${e.maxTeamSize}`}</Badge>
                    {open ? <Badge tone="green">Registration open</Badge> : <Badge tone="neutral">Registration closed</Badge>}
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
