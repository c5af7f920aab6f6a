// A person's places in waiting lists on their account page: offers first, with their deadline and the event page
// to pay on; each waiting place with its number in line.
import Link from "next/link";
import { Badge, Card } from "@/app/_components/ui";
import { formatIST } from "@/lib/format";
import type { PlaceView } from "@/lib/waitlist/view";

export function WaitlistList({ places }: { places: PlaceView[] }) {
  if (!places.length) return null;
  return (
    <Card>
      <h2 id="my-waitlist" className="mb-3 text-lg font-semibold">
        Waiting lists
      </h2>
      <ul className="space-y-3 text-sm" aria-labelledby="my-waitlist" data-testid="my-waitlist">
        {places.map((p) => (
          <li key={p.id} className="flex flex-wrap items-baseline justify-between gap-2">
            <span>
              <Link href={`/events/${p.event.slug}`} className="font-semibold text-brand-700 underline">
                {p.event.name}
              </Link>
              {p.teamName ? <span className="text-stone-600"> · team {p.teamName}</span> : null}
            </span>
            {p.status === "offered" ? (
              <span>
                <Badge tone="green">Seat held</Badge> until {formatIST(p.offerExpiresAt)}: pay on the event page
              </span>
            ) : (
              <Badge tone="blue">{`#${p.place ?? 1} in line`}</Badge>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
