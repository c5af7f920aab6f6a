// The home page's search and filters: a plain GET form, so the filtered list is a URL (shareable, and it works
// without JavaScript); the server filters in SQL (lib/events/finder.ts).
import Link from "next/link";
import { categoryLabel, type EventCategory } from "@/lib/events/categories";
import { type EventFinder, finderQuery, isFiltered } from "@/lib/events/finder";
import { formatIndiaDay } from "@/lib/format";
import { Button, buttonStyles } from "./ui";

const control = "block min-h-11 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm focus:border-brand-600";

export function EventFinderForm({
  finder,
  categories,
  days,
  found,
}: {
  finder: EventFinder;
  /** The categories listed events have: a choice that would find nothing is not offered. */
  categories: EventCategory[];
  days: string[];
  found: number;
}) {
  const filtered = isFiltered(finder);
  const categoryChoices = finder.category && !categories.includes(finder.category) ? [...categories, finder.category] : categories;
  return (
    <search className="mb-6" aria-label="Find events">
      {/* Keyed by the filter: a link to another filter ("Clear filters") gives fields showing it, not the last typed. */}
      <form
        key={finderQuery(finder)}
        action="/"
        method="get"
        className="grid gap-3 lg:grid-cols-[minmax(0,1fr)_10rem_10rem_10rem_auto] lg:items-end"
      >
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
            placeholder="Name or description"
            className={control}
          />
        </div>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:contents">
          <div className="space-y-1">
            <label htmlFor="find-category" className="block text-sm font-medium text-stone-800">
              Category
            </label>
            <select id="find-category" name="category" defaultValue={finder.category ?? ""} className={control}>
              <option value="">All categories</option>
              {categoryChoices.map((c) => (
                <option key={c} value={c}>
                  {categoryLabel(c)}
                </option>
              ))}
            </select>
          </div>
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
          <div className="col-span-2 space-y-1 sm:col-span-1">
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

/** "“quiz”, Literary team events on Sat, 12 Dec" */
function describe(f: EventFinder): string {
  const sort = [f.category ? categoryLabel(f.category) : null, f.kind].filter(Boolean).join(" ");
  const what = [f.q ? `“${f.q}”` : null, sort ? `${sort} events` : null].filter(Boolean).join(", ");
  return [what, f.day ? `on ${formatIndiaDay(f.day)}` : null].filter(Boolean).join(" ");
}

export function NoMatch({ finder }: { finder: EventFinder }) {
  return (
    <div className="rounded-lg border border-dashed border-stone-300 p-8 text-center text-stone-700" data-testid="no-match">
      <p className="text-lg font-semibold">No events match {describe(finder)}.</p>
      <p className="mt-1">Try other words, another category or day, or both formats.</p>
      <Link href="/" className={`${buttonStyles.secondary} mt-4`}>
        Clear filters
      </Link>
    </div>
  );
}
