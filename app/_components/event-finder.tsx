// The home page's search and filters: a plain GET form, so the filtered list is a URL (shareable, and it works
// without JavaScript); the server filters in SQL (lib/events/finder.ts).
import Link from "next/link";
import type { EventFinder } from "@/lib/events/finder";
import { formatIndiaDay } from "@/lib/format";
import { Button, buttonStyles } from "./ui";

const control = "block min-h-11 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm focus:border-brand-600";

export function EventFinderForm({ finder, days, found }: { finder: EventFinder; days: string[]; found: number }) {
  const filtered = !!(finder.q || finder.kind || finder.day);
  return (
    <search className="mb-6" aria-label="Find events">
      <form action="/" method="get" className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_10rem_12rem_auto] sm:items-end">
        <div className="space-y-1">
          <label htmlFor="find-q" className="block text-sm font-medium text-stone-800">
            Search events
          </label>
          <input
            id="find-q"
            name="q"
            type="search"
            defaultValue={finder.q}
            maxLength={100}
            placeholder="Name or words from the description"
            className={control}
          />
        </div>
        <div className="grid grid-cols-2 gap-3 sm:contents">
          <div className="space-y-1">
            <label htmlFor="find-kind" className="block text-sm font-medium text-stone-800">
              Format
            </label>
            <select id="find-kind" name="kind" defaultValue={finder.kind ?? ""} className={control}>
              <option value="">Solo and team</option>
              <option value="solo">Solo</option>
              <option value="team">Team</option>
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="find-day" className="block text-sm font-medium text-stone-800">
              Day
            </label>
            <select id="find-day" name="day" defaultValue={finder.day ?? ""} className={control}>
              <option value="">Any day</option>
              {days.map((d) => (
                <option key={d} value={d}>
                  {formatIndiaDay(d)}
                </option>
              ))}
              {finder.day && !days.includes(finder.day) ? <option value={finder.day}>{formatIndiaDay(finder.day)}</option> : null}
            </select>
          </div>
        </div>
        <div className="flex gap-2">
          <Button type="submit" className="flex-1 sm:flex-none">
            Show events
          </Button>
          {filtered ? (
            <Link href="/" className={`${buttonStyles.secondary} flex-1 sm:flex-none`}>
              Clear
            </Link>
          ) : null}
        </div>
      </form>
      {filtered ? (
        // Said once: a screen reader hears the count; the empty state below shows itself.
        <p role="status" className={found === 0 ? "sr-only" : "mt-3 text-sm text-stone-700"} data-testid="finder-count">
          {found === 0
            ? `No events match ${describe(finder)}.`
            : `${found} ${found === 1 ? "event matches" : "events match"} ${describe(finder)}.`}
        </p>
      ) : null}
    </search>
  );
}

/** "“quiz”, team events, on Sat, 12 Dec" */
function describe(f: EventFinder): string {
  const parts = [f.q ? `“${f.q}”` : null, f.kind ? `${f.kind} events` : null, f.day ? `on ${formatIndiaDay(f.day)}` : null];
  return parts.filter(Boolean).join(", ");
}

export function NoMatch({ finder }: { finder: EventFinder }) {
  return (
    <div className="rounded-lg border border-dashed border-stone-300 p-8 text-center text-stone-700" data-testid="no-match">
      <p className="text-lg font-semibold">No events match {describe(finder)}.</p>
      <p className="mt-1">Try other words, another day, or both formats.</p>
      <Link href="/" className={`${buttonStyles.secondary} mt-4`}>
        Clear filters
      </Link>
    </div>
  );
}
