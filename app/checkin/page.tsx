import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { PageTitle } from "@/app/_components/ui";
import { guardPage } from "@/lib/console/page-guard";
import { formatIST } from "@/lib/format";
import { Scanner } from "./scanner";

export const metadata: Metadata = { title: "Check-in" };

export default async function CheckInPage({ searchParams }: { searchParams: Promise<{ event?: string }> }) {
  const { event: wanted } = await searchParams;
  const { user, doors } = await guardPage("volunteer", wanted ? `/checkin?event=${wanted}` : "/checkin");
  const slug = wanted ?? (doors.length === 1 ? doors[0]!.slug : undefined);
  if (!slug) {
    return (
      <div className="mx-auto max-w-md">
        <PageTitle sub="Choose the door you are at.">Check-in</PageTitle>
        <ul className="space-y-2">
          {doors.map((e) => (
            <li key={e.id}>
              <Link
                href={`/checkin?event=${e.slug}`}
                className="block rounded-xl border border-stone-200 bg-white p-4 text-lg font-semibold shadow-sm hover:bg-stone-50"
              >
                {e.name}
                <span className="block text-sm font-normal text-stone-600">
                  {[e.venue, e.startsAt ? formatIST(e.startsAt) : null].filter(Boolean).join(" · ")}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const door = doors.find((e) => e.slug === slug);
  if (!door) forbidden();
  return (
    <div>
      <div className="mx-auto mb-4 max-w-md">
        <h1 className="text-2xl font-bold tracking-tight">Check-in · {door.name}</h1>
        <p className="text-sm text-stone-600">
          {door.venue ? `${door.venue} · ` : ""}Volunteer: {user.name}
          {doors.length > 1 ? (
            <>
              {" · "}
              <Link href="/checkin" className="underline">
                Other door
              </Link>
            </>
          ) : null}
        </p>
      </div>
      <Scanner event={{ slug: door.slug, name: door.name, venue: door.venue }} volunteerName={user.name} />
    </div>
  );
}
