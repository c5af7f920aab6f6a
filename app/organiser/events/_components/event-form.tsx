"use client";
// Create or edit an event. Sends JSON to the organisers' events API, which validates everything again; this form
// only turns what was typed (rupees, India time) into the API's units (paise, ISO 8601 instants) and shows each
// field's error beside it, with a summary that takes the focus so a screen reader hears what went wrong. Before
// sending, it runs the API's own checks (lib/events/admin-schema.ts) on what was typed, so every problem is listed
// at once rather than one round at a time.
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useRef, useState } from "react";
import { Alert, Button, Field } from "@/app/_components/ui";
import { createEventSchema, parsePrices, shapeErrors, updateEventSchema } from "@/lib/events/admin-schema";
import { categoryLabel, EVENT_CATEGORIES, type EventCategory } from "@/lib/events/categories";
import { indiaInputToIso } from "@/lib/format";
import type { Question } from "@/lib/questions/definition";
import { controlClass, labelClass } from "../../payments/_components/styles";
import { type PriceRow, PricesEditor, priceFieldId, priceFieldLabel, pricesBody } from "./prices-editor";
import { draftsOf, type QuestionErrors, QuestionsEditor, questionsBody } from "./questions-editor";

export interface EventFormValues {
  name: string;
  slug: string;
  description: string;
  kind: "solo" | "team";
  category: EventCategory;
  /** The prices (one: the plain fee field). */
  prices: PriceRow[];
  minTeamSize: string;
  maxTeamSize: string;
  /** Empty for no limit. */
  capacity: string;
  /** datetime-local values in India time; empty for none. */
  opensAt: string;
  closesAt: string;
  startsAt: string;
  venue: string;
}

type FieldName = Exclude<keyof EventFormValues, "prices">;
/** By field: this form's names, and prices.<i>.<field> for a price's. */
type Errors = Record<string, string>;

const LABELS: Record<FieldName, string> = {
  name: "Name",
  slug: "Slug",
  description: "Description",
  category: "Category",
  kind: "Solo or team",
  minTeamSize: "Smallest team",
  maxTeamSize: "Largest team",
  capacity: "Capacity (seats)",
  opensAt: "Registration opens",
  closesAt: "Registration closes",
  startsAt: "Starts at",
  venue: "Venue",
};
const ORDER = Object.keys(LABELS) as FieldName[];
/** A field's name in the error summary (one price is the plain "Fee (₹)" field), and the id of its control. */
function labelOf(k: string, listPrices: boolean): string {
  if (!listPrices && k === "prices.0.feePaise") return "Fee (₹)";
  const price = /^prices\.(\d+)\.(\w+)$/.exec(k);
  if (price) return priceFieldLabel(Number(price[1]), price[2]!);
  return k === "feePaise" ? "Fee (₹)" : (LABELS[k as FieldName] ?? k);
}
function idOf(k: string): string {
  const price = /^prices\.(\d+)\.(\w+)$/.exec(k);
  return price ? priceFieldId(Number(price[1]), price[2]!) : `f-${k}`;
}

function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
}

function wholeNumber(text: string): number | null {
  return /^\d{1,7}$/.test(text.trim()) ? Number(text.trim()) : null;
}

/** The API body from what could be read, and the fields that could not be. */
/** listPrices: send the list (several prices, or an event that had several: a bare fee would be refused). */
type Opts = { feeLocked: boolean; kindLocked: boolean; listPrices: boolean };

function toBody(v: EventFormValues, opts: Opts): { body: Record<string, unknown>; errors: Errors } {
  const errors: Errors = {};
  const body: Record<string, unknown> = { name: v.name, slug: v.slug, description: v.description, venue: v.venue, category: v.category };
  if (!opts.kindLocked) body.kind = v.kind;
  const { prices, errors: priceErrors } = pricesBody(v.prices);
  if (opts.listPrices) {
    body.prices = prices;
    Object.assign(errors, priceErrors);
  } else if (!opts.feeLocked && !v.prices[0]!.paidFor) {
    // One price is the plain fee: a bare feePaise keeps the price's key and label (lib/events/admin.ts).
    if (priceErrors["prices.0.feePaise"]) errors["prices.0.feePaise"] = "Enter the fee in rupees, like 250 or 199.50.";
    else body.feePaise = prices[0]!.feePaise;
  }
  if (v.kind === "team") {
    for (const k of ["minTeamSize", "maxTeamSize"] as const) {
      const n = wholeNumber(v[k]);
      if (n === null) errors[k] = "Enter a whole number of people.";
      else body[k] = n;
    }
  }
  if (v.capacity.trim() === "") body.capacity = null;
  else {
    const n = wholeNumber(v.capacity);
    if (n === null) errors.capacity = "Enter a whole number of seats, or leave it empty for no limit.";
    else body.capacity = n;
  }
  for (const k of ["opensAt", "closesAt", "startsAt"] as const) {
    if (v[k].trim() === "") body[k] = null;
    else {
      const iso = indiaInputToIso(v[k]);
      if (!iso) errors[k] = "Enter a date and time.";
      else body[k] = iso;
    }
  }
  return { body, errors };
}

/** The first message for each field, by this form's names (a bare fee's problem is the one price's amount). */
function byField(fields: Record<string, string[] | undefined>): Errors {
  const out: Errors = {};
  for (const [k, messages] of Object.entries(fields)) {
    const field = k === "feePaise" ? "prices.0.feePaise" : k;
    if ((field in LABELS || field.startsWith("prices.")) && messages?.[0] && !out[field]) out[field] = messages[0];
  }
  return out;
}

/**
 * Every problem the API would name without its database, at once: what could not be read, each field on its own
 * (the API's schema), and the fields that must fit together (its shapeErrors).
 */
function everyProblem(v: EventFormValues, mode: "create" | "edit", opts: Opts) {
  const { body, errors: unread } = toBody(v, opts);
  const checked = (mode === "create" ? createEventSchema : updateEventSchema).safeParse(body);
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of checked.success ? [] : checked.error.issues) {
    const k = String(issue.path[0]);
    fieldErrors[k] = [...(fieldErrors[k] ?? []), issue.message];
  }
  // Each price on its own and together, as the API checks them.
  if (Array.isArray(body.prices)) Object.assign(fieldErrors, parsePrices(body.prices).errors);
  const at = (k: "opensAt" | "closesAt" | "startsAt") => (typeof body[k] === "string" ? new Date(body[k] as string) : null);
  const size = (k: "minTeamSize" | "maxTeamSize") => (typeof body[k] === "number" ? (body[k] as number) : 0);
  const team = v.kind === "team";
  const shape = shapeErrors(
    {
      kind: v.kind,
      minTeamSize: team ? size("minTeamSize") : 1,
      maxTeamSize: team ? size("maxTeamSize") : 1,
      registrationOpensAt: at("opensAt"),
      registrationClosesAt: at("closesAt"),
      startsAt: at("startsAt"),
    },
    { min: true, max: true },
  );
  // What could not be read says so in the form's own words (rupees, India time), before the API's.
  return { body, errors: { ...byField(shape), ...byField(fieldErrors), ...unread } };
}

export function EventForm({
  mode,
  slug,
  initial,
  feeLocked = false,
  kindLocked = false,
  seatsTaken = 0,
  questions = [],
}: {
  mode: "create" | "edit";
  /** What the event asks at registration (issue 26). */
  questions?: Question[];
  /** The event's current slug (edit only). */
  slug?: string;
  initial: EventFormValues;
  feeLocked?: boolean;
  kindLocked?: boolean;
  seatsTaken?: number;
}) {
  const router = useRouter();
  const summaryRef = useRef<HTMLDivElement>(null);
  const [values, setValues] = useState(initial);
  const [slugTouched, setSlugTouched] = useState(mode === "edit");
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [drafts, setDrafts] = useState(() => draftsOf(questions));
  const [questionErrors, setQuestionErrors] = useState<QuestionErrors>({});
  const listPrices = values.prices.length > 1 || initial.prices.length > 1;

  const set = (k: FieldName) => (e: { target: { value: string } }) => {
    const value = e.target.value;
    setValues((v) => ({ ...v, [k]: value, ...(k === "name" && !slugTouched ? { slug: slugify(value) } : {}) }));
    if (k === "slug") setSlugTouched(true);
  };

  function fail(next: Errors, message: string | null, asked: QuestionErrors = {}) {
    setErrors(next);
    setQuestionErrors(asked);
    setProblem(message);
    setSaved(null);
    requestAnimationFrame(() => summaryRef.current?.focus());
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { body, errors: local } = everyProblem(values, mode, { feeLocked, kindLocked, listPrices });
    const asked = questionsBody(drafts);
    body.questions = asked.questions;
    if (Object.keys(local).length || Object.keys(asked.errors).length) return fail(local, null, asked.errors);
    setPending(true);
    try {
      const res = await fetch(mode === "create" ? "/api/organiser/events" : `/api/organiser/events/${encodeURIComponent(slug!)}`, {
        method: mode === "create" ? "POST" : "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = (await res.json().catch(() => null)) as {
        event?: { slug: string; name: string };
        error?: { message?: string; fields?: Record<string, string[]> };
      } | null;
      if (res.ok && answer?.event) {
        setErrors({});
        setQuestionErrors({});
        setProblem(null);
        if (mode === "create") return router.push(`/organiser/events?created=${encodeURIComponent(answer.event.slug)}`);
        if (answer.event.slug !== slug) return router.replace(`/organiser/events/${encodeURIComponent(answer.event.slug)}?saved=1`);
        setSaved(`Saved ${answer.event.name}.`);
        router.refresh();
        return;
      }
      const next = byField(answer?.error?.fields ?? {});
      const listed = Object.keys(next).length > 0;
      // The questions' own problems name their question ("Question 2: …"): said as the summary's sentence.
      const asked = answer?.error?.fields?.questions;
      fail(
        next,
        asked?.length
          ? asked.join(" ")
          : listed && res.status === 422
            ? null
            : (answer?.error?.message ?? `That did not work (${res.status}). Please try again.`),
      );
    } catch {
      fail({}, "Could not reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  const listed = [
    ...ORDER.filter((k) => errors[k]),
    ...Object.keys(errors)
      .filter((k) => k.startsWith("prices."))
      .sort(),
  ];
  const askedListed = Object.entries(questionErrors);
  const field = (k: FieldName, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field label={LABELS[k]} name={k} value={values[k]} onChange={set(k)} error={errors[k]} {...extra} />
  );

  return (
    <form onSubmit={submit} noValidate aria-label={mode === "create" ? "New event" : "Edit event"} className="space-y-6">
      <div ref={summaryRef} tabIndex={-1} className="outline-none" data-testid="event-form-errors">
        {listed.length || askedListed.length || problem ? (
          <Alert tone="error">
            {problem ? (
              <p className="font-semibold">{problem}</p>
            ) : (
              <p className="font-semibold">Please fix {listed.length + askedListed.length === 1 ? "this field" : "these fields"}:</p>
            )}
            {listed.length ? (
              <ul className="mt-1 list-disc pl-5">
                {listed.map((k) => (
                  <li key={k}>
                    <a href={`#${idOf(k)}`} className="underline">
                      {labelOf(k, listPrices)}
                    </a>
                    : {errors[k]}
                  </li>
                ))}
              </ul>
            ) : null}
            {askedListed.length ? (
              <ul className="mt-1 list-disc pl-5">
                {askedListed.map(([at, message]) => {
                  const [i, f] = at.split(".");
                  return (
                    <li key={at}>
                      <a href={`#q-${i}-${f}`} className="underline">
                        Question {Number(i) + 1}, {f === "label" ? "wording" : f}
                      </a>
                      : {message}
                    </li>
                  );
                })}
              </ul>
            ) : null}
          </Alert>
        ) : null}
      </div>

      <Section title="What it is">
        {field("name", { required: true, maxLength: 120, autoComplete: "off" })}
        {field("slug", {
          required: true,
          maxLength: 80,
          autoComplete: "off",
          autoCapitalize: "none",
          spellCheck: false,
          hint: `Lower-case letters, digits and hyphens: the event's address, /events/${values.slug || "…"}`,
        })}
        <div className="space-y-1">
          <label htmlFor="f-description" className={labelClass}>
            {LABELS.description}
          </label>
          <textarea
            id="f-description"
            name="description"
            rows={3}
            maxLength={2000}
            value={values.description}
            onChange={set("description")}
            aria-invalid={errors.description ? true : undefined}
            aria-describedby={errors.description ? "f-description-error" : undefined}
            className={controlClass}
          />
          {errors.description ? (
            <p id="f-description-error" className="text-sm text-red-700">
              {errors.description}
            </p>
          ) : null}
        </div>
        {field("venue", { maxLength: 200, autoComplete: "off" })}
        <div className="space-y-1">
          <label htmlFor="f-category" className={labelClass}>
            {LABELS.category}
          </label>
          <select
            id="f-category"
            name="category"
            value={values.category}
            onChange={(e) => setValues((v) => ({ ...v, category: e.target.value as EventCategory }))}
            aria-invalid={errors.category ? true : undefined}
            aria-describedby={errors.category ? "f-category-error f-category-hint" : "f-category-hint"}
            className={controlClass}
          >
            {EVENT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {categoryLabel(c)}
              </option>
            ))}
          </select>
          <p id="f-category-hint" className="text-xs text-stone-500">
            Attendees filter the events list by it.
          </p>
          {errors.category ? (
            <p id="f-category-error" className="text-sm text-red-700">
              {errors.category}
            </p>
          ) : null}
        </div>
      </Section>

      <Section title="Who takes part">
        <fieldset className="space-y-2" aria-describedby={kindLocked ? "f-kind-locked" : errors.kind ? "f-kind-error" : undefined}>
          <legend className={labelClass}>{LABELS.kind}</legend>
          <div className="flex flex-wrap gap-x-6">
            {(["solo", "team"] as const).map((k) => (
              <label key={k} className="flex min-h-11 items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="kind"
                  value={k}
                  id={k === "solo" ? "f-kind" : undefined}
                  checked={values.kind === k}
                  onChange={() => setValues((v) => ({ ...v, kind: k }))}
                  disabled={kindLocked}
                  className="size-4 accent-brand-600"
                />
                {k === "solo" ? "Solo (one person)" : "Team"}
              </label>
            ))}
          </div>
          {kindLocked ? (
            <p id="f-kind-locked" className="text-xs text-stone-600">
              People have registered or made teams, so solo or team can no longer change.
            </p>
          ) : null}
          {errors.kind ? (
            <p id="f-kind-error" className="text-sm text-red-700">
              {errors.kind}
            </p>
          ) : null}
        </fieldset>
        {values.kind === "team" ? (
          <div className="grid gap-4 sm:grid-cols-2">
            {field("minTeamSize", { inputMode: "numeric", autoComplete: "off", hint: "People, the captain included (2 or more)." })}
            {field("maxTeamSize", { inputMode: "numeric", autoComplete: "off", hint: "People, the captain included." })}
          </div>
        ) : null}
        {field("capacity", {
          inputMode: "numeric",
          autoComplete: "off",
          hint:
            "Leave empty for no limit." +
            (mode === "edit"
              ? ` ${seatsTaken} ${seatsTaken === 1 ? "seat is" : "seats are"} taken now (paid, or held while a payment is live).`
              : ""),
        })}
      </Section>

      <Section title="Money">
        <PricesEditor
          rows={values.prices}
          onChange={(prices) => setValues((v) => ({ ...v, prices }))}
          errors={errors}
          feeLocked={feeLocked}
          list={listPrices}
        />
      </Section>

      <Section title="When (India time, IST)">
        <div className="grid gap-4 sm:grid-cols-2">
          {field("opensAt", { type: "datetime-local", hint: "Empty: open from now." })}
          {field("closesAt", { type: "datetime-local", hint: "Empty: open until an organiser closes it." })}
        </div>
        {field("startsAt", { type: "datetime-local", hint: "When the event itself begins. Empty: to be announced." })}
      </Section>

      <Section title="Questions at registration">
        <QuestionsEditor drafts={drafts} onChange={setDrafts} errors={questionErrors} kind={values.kind} />
      </Section>

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending} aria-busy={pending}>
          {pending ? "Saving…" : mode === "create" ? "Create event" : "Save changes"}
        </Button>
        <span role="status" aria-live="polite" className="text-sm font-medium text-emerald-800" data-testid="event-form-saved">
          {saved}
        </span>
      </div>
    </form>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-4 rounded-xl border border-stone-200 bg-white p-4 shadow-sm sm:p-5">
      <legend className="px-1 text-base font-semibold">{title}</legend>
      {children}
    </fieldset>
  );
}
