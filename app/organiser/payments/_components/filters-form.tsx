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

/** How many filters besides the search are set: shown on the folded "More filters (2)". */
function activeFilters(raw: RawFilterInput): number {
  return [
    raw.event,
    raw.kind,
    raw.from,
    raw.to,
    raw.pendingOver,
    raw.status.length ? "x" : "",
    raw.flagged ? "x" : "",
    raw.sort && raw.sort !== "created" ? "x" : "",
    raw.dir,
  ].filter(Boolean).length;
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
  const active = activeFilters(raw);
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
      className="space-y-3 rounded-xl border border-stone-200 bg-white p-4 shadow-sm sm:p-5 md:space-y-4"
    >
      {/* From 768 px the buttons sit beside the search, so the results start higher; on a phone they follow the fold. */}
      <div className="md:flex md:items-start md:gap-3">
        <div className="md:flex-1">
          <Field
            label="Search"
            name="q"
            type="search"
            defaultValue={raw.q}
            error={errors.q}
            hint="Payer or team member: name, email, phone or Anwesha ID; a team name; or any payment id"
            autoComplete="off"
          />
        </div>
        <FormButtons className="hidden md:flex md:pt-6" />
      </div>
      {/* On a phone, folded, "More filters" and the buttons share a line; opened, the filters take the whole width. */}
      <div className="flex flex-wrap items-center justify-between gap-3 md:block">
        <Fold
          summary={`More filters${active ? ` (${active})` : ""}`}
          open={hasErrors}
          testId="more-filters"
          className="min-w-0 flex-1 open:basis-full"
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
        <FormButtons className="flex md:hidden" />
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
