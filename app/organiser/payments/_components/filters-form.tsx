"use client";
// The filter bar. A GET form: every filter lands in the URL, so a view can be shared, bookmarked and reloaded.
// With JavaScript, empty fields are left out of the URL and the page updates without a full reload; without
// it, the browser submits the same form the plain way. Everything but the search folds away under "More filters"
// (on a laptop too: open, the filters would fill its first screen), so the results come first.
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { Button, ButtonLink, Field } from "@/app/_components/ui";
import type { RawFilterInput } from "@/lib/organiser/filters";
import { PAYMENT_LABELS, PAYMENT_STATUS_ORDER } from "@/lib/payments/labels";
import { Fold } from "./fold-on-phone";
import { controlClass, labelClass } from "./styles";

const SORTS: Record<string, string> = { created: "Created time", settled: "Settled time", amount: "Fee", name: "Name of who paid" };
const DIRS: Record<string, string> = { desc: "newest / largest first", asc: "oldest / smallest first" };

/**
 * The filters besides the search that are set, in words ("Event: Code Sprint"): shown beside the folded "More
 * filters (2)", so a narrowed list never passes for the whole one while the filters are out of sight.
 */
function activeFilters(raw: RawFilterInput, events: { slug: string; name: string }[]): string[] {
  const sorted = raw.sort && raw.sort !== "created";
  return [
    raw.event ? `Event: ${events.find((e) => e.slug === raw.event)?.name ?? raw.event}` : "",
    raw.kind ? `Kind: ${raw.kind === "team" ? "Team" : raw.kind === "solo" ? "Solo" : raw.kind}` : "",
    raw.method ? `Paid through: ${raw.method === "desk" ? "the desk" : raw.method === "gateway" ? "AtomPay" : raw.method}` : "",
    raw.from ? `From ${raw.from}` : "",
    raw.to ? `To ${raw.to}` : "",
    raw.pendingOver ? `Pending over ${raw.pendingOver} min` : "",
    raw.status.length ? `Status: ${raw.status.map((s) => PAYMENT_LABELS[s as keyof typeof PAYMENT_LABELS] ?? s).join(", ")}` : "",
    raw.flagged ? "Only flagged" : "",
    sorted || raw.dir
      ? `Sorted by ${(SORTS[raw.sort || "created"] ?? raw.sort).toLowerCase()}${raw.dir ? `, ${DIRS[raw.dir] ?? raw.dir}` : ""}`
      : "",
  ].filter(Boolean);
}

function Select({
  label,
  name,
  value,
  options,
  error,
}: {
  label: string;
  name: string;
  value: string;
  options: [string, string][];
  error?: string;
}) {
  const id = `f-${name}`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={value}
        className={controlClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function FiltersForm({
  raw,
  errors,
  events,
  limit,
}: {
  raw: RawFilterInput;
  errors: Record<string, string>;
  events: { slug: string; name: string }[];
  limit: number;
}) {
  const router = useRouter();
  // A folded filter with an error opens, so the message is seen.
  const hasErrors = Object.keys(errors).some((k) => k !== "q" && k !== "cursor" && k !== "page");
  const active = activeFilters(raw, events);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(e.currentTarget)) {
      const text = String(v).trim();
      if (text === "" || (k === "sort" && text === "created")) continue;
      params.append(k, text);
    }
    const query = params.toString();
    router.push(`/organiser/payments${query ? `?${query}` : ""}`);
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is newer than some phones' browsers; role=search is the same landmark
    <form
      action="/organiser/payments"
      method="get"
      onSubmit={submit}
      role="search"
      aria-label="Filter payments"
      className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm"
    >
      {/* One line from 768 px: the search, its buttons and "More filters" (folded, so the first rows of the list are
          on a laptop's first screen). On a phone: the search, then "More filters" and the buttons on one line. The
          filters in use are listed beside the search's hint while folded; opened, the filters take the whole width. */}
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2 md:items-start">
        <div className="basis-full md:basis-auto md:flex-1">
          <Field
            label="Search"
            name="q"
            type="search"
            defaultValue={raw.q}
            error={errors.q}
            aria-describedby={[errors.q ? "f-q-error" : null, "f-q-hint"].filter(Boolean).join(" ")}
            autoComplete="off"
          />
          {/* The search's hint and the filters in use share a line, so a filter set costs the list no height. */}
          <div className="mt-1 flex flex-wrap items-center justify-between gap-x-3 gap-y-1">
            <p id="f-q-hint" className="text-xs text-stone-500">
              Payer or team member: name, email, phone or Anwesha ID; a team name; or any payment id
            </p>
            {active.length ? (
              <ul aria-label="Filters in use" data-testid="active-filters" className="flex flex-wrap gap-2">
                {active.map((text) => (
                  <li key={text} className="rounded-full bg-brand-50 px-2.5 py-0.5 text-xs font-medium text-brand-800">
                    {text}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
        <FormButtons className="hidden md:flex md:pt-6" />
        <Fold
          summary={`More filters${active.length ? ` (${active.length})` : ""}`}
          open={hasErrors}
          testId="more-filters"
          className="min-w-0 flex-1 open:basis-full md:flex-none md:not-open:pt-6"
        >
          <div className="space-y-4 pt-2">
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
              <Select
                label="Event"
                name="event"
                value={raw.event}
                error={errors.event}
                options={[["", "All events"], ...events.map((e): [string, string] => [e.slug, e.name])]}
              />
              <Select
                label="Kind"
                name="kind"
                value={raw.kind}
                error={errors.kind}
                options={[
                  ["", "Solo and team"],
                  ["solo", "Solo"],
                  ["team", "Team"],
                ]}
              />
              <Select
                label="Paid through"
                name="method"
                value={raw.method}
                error={errors.method}
                options={[
                  ["", "AtomPay and the desk"],
                  ["gateway", "AtomPay"],
                  ["desk", "The desk (cash, UPI)"],
                ]}
              />
              <Field label="Created from (India time)" name="from" type="date" defaultValue={raw.from} error={errors.from} />
              <Field label="Created to (India time)" name="to" type="date" defaultValue={raw.to} error={errors.to} />
            </div>
            <div className="flex flex-wrap items-end gap-x-8 gap-y-2">
              <fieldset className="space-y-2">
                <legend className={labelClass}>Status</legend>
                <div className="flex flex-wrap gap-x-5 gap-y-2">
                  {PAYMENT_STATUS_ORDER.map((s) => (
                    <label key={s} className="inline-flex min-h-11 items-center gap-2 text-sm sm:min-h-0">
                      <input
                        type="checkbox"
                        name="status"
                        value={s}
                        defaultChecked={raw.status.includes(s)}
                        className="size-4 accent-brand-600"
                      />
                      {PAYMENT_LABELS[s]}
                    </label>
                  ))}
                </div>
                {errors.status ? <p className="text-sm text-red-700">{errors.status}</p> : null}
              </fieldset>
              <label className="inline-flex min-h-11 items-center gap-2 text-sm font-medium sm:min-h-0">
                <input type="checkbox" name="flagged" value="1" defaultChecked={raw.flagged} className="size-4 accent-brand-600" />
                Only flagged items (an organiser must look)
              </label>
            </div>
            <div className="grid gap-4 sm:grid-cols-3">
              <Field
                label="Pending for more than (minutes)"
                name="pendingOver"
                type="number"
                inputMode="numeric"
                min={0}
                defaultValue={raw.pendingOver}
                error={errors.pendingOver}
                hint="Only attempts still pending after this long (0: all pending)"
              />
              <Select
                label="Sort by"
                name="sort"
                value={raw.sort || "created"}
                error={errors.sort}
                options={[
                  ["created", "Created time"],
                  ["settled", "Settled time"],
                  ["amount", "Fee"],
                  ["name", "Name of who paid"],
                ]}
              />
              <Select
                label="Order"
                name="dir"
                value={raw.dir}
                error={errors.dir}
                options={[
                  ["", "Default"],
                  ["desc", "Newest / largest first"],
                  ["asc", "Oldest / smallest first"],
                ]}
              />
            </div>
          </div>
        </Fold>
        <FormButtons className="ml-auto flex md:hidden" />
      </div>
      {limit !== 50 ? <input type="hidden" name="limit" value={limit} /> : null}
    </form>
  );
}

/** Apply and Clear: beside the search from 768 px up, beside "More filters" on a phone (one of the two is shown). */
function FormButtons({ className }: { className: string }) {
  return (
    <div className={`flex-wrap gap-3 ${className}`}>
      <Button type="submit">Apply filters</Button>
      <ButtonLink href="/organiser/payments" variant="secondary">
        Clear
      </ButtonLink>
    </div>
  );
}
