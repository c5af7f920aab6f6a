"use client";
// Create or edit an event. Sends JSON to the organisers' events API, which validates everything again; this form
// only turns what was typed (rupees, India time) into the API's units (paise, ISO 8601 instants) and shows each
// field's error beside it, with a summary that takes the focus so a screen reader hears what went wrong. Before
// sending, it runs the API's own checks (lib/events/admin-schema.ts) on what was typed, so every problem is listed
// at once rather than one round at a time.
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useRef, useState } from "react";
import { Alert, Button, Field } from "@/app/_components/ui";
import { createEventSchema, shapeErrors, updateEventSchema } from "@/lib/events/admin-schema";
import { indiaInputToIso } from "@/lib/format";
import { parseRupees } from "@/lib/organiser/money";
import { controlClass, labelClass } from "../../payments/_components/styles";

export interface EventFormValues {
  name: string;
  slug: string;
  description: string;
  kind: "solo" | "team";
  /** Rupees, as typed: "250" or "199.50". */
  fee: string;
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

type FieldName = keyof EventFormValues;
type Errors = Partial<Record<FieldName, string>>;

const LABELS: Record<FieldName, string> = {
  name: "Name",
  slug: "Slug",
  description: "Description",
  kind: "Solo or team",
  fee: "Fee (₹)",
  minTeamSize: "Smallest team",
  maxTeamSize: "Largest team",
  capacity: "Capacity (seats)",
  opensAt: "Registration opens",
  closesAt: "Registration closes",
  startsAt: "Starts at",
  venue: "Venue",
};
const ORDER = Object.keys(LABELS) as FieldName[];
/** The API's names for the fields whose names differ here. */
const FROM_API: Record<string, FieldName> = { feePaise: "fee" };

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
function toBody(v: EventFormValues, opts: { feeLocked: boolean; kindLocked: boolean }): { body: Record<string, unknown>; errors: Errors } {
  const errors: Errors = {};
  const body: Record<string, unknown> = { name: v.name, slug: v.slug, description: v.description, venue: v.venue };
  if (!opts.kindLocked) body.kind = v.kind;
  if (!opts.feeLocked) {
    const paise = parseRupees(v.fee);
    if (paise === null) errors.fee = "Enter the fee in rupees, like 250 or 199.50.";
    else body.feePaise = paise;
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

/** The first message for each field, by this form's names. */
function byField(fields: Record<string, string[] | undefined>): Errors {
  const out: Errors = {};
  for (const [k, messages] of Object.entries(fields)) {
    const field = FROM_API[k] ?? (k as FieldName);
    if (field in LABELS && messages?.[0] && !out[field]) out[field] = messages[0];
  }
  return out;
}

/**
 * Every problem the API would name without its database, at once: what could not be read, each field on its own
 * (the API's schema), and the fields that must fit together (its shapeErrors).
 */
function everyProblem(v: EventFormValues, mode: "create" | "edit", opts: { feeLocked: boolean; kindLocked: boolean }) {
  const { body, errors: unread } = toBody(v, opts);
  const checked = (mode === "create" ? createEventSchema : updateEventSchema).safeParse(body);
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of checked.success ? [] : checked.error.issues) {
    const k = String(issue.path[0]);
    fieldErrors[k] = [...(fieldErrors[k] ?? []), issue.message];
  }
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
}: {
  mode: "create" | "edit";
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

  const set = (k: FieldName) => (e: { target: { value: string } }) => {
    const value = e.target.value;
    setValues((v) => ({ ...v, [k]: value, ...(k === "name" && !slugTouched ? { slug: slugify(value) } : {}) }));
    if (k === "slug") setSlugTouched(true);
  };

  function fail(next: Errors, message: string | null) {
    setErrors(next);
    setProblem(message);
    setSaved(null);
    requestAnimationFrame(() => summaryRef.current?.focus());
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { body, errors: local } = everyProblem(values, mode, { feeLocked, kindLocked });
    if (Object.keys(local).length) return fail(local, null);
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
        setProblem(null);
        if (mode === "create") return router.push(`/organiser/events?created=${encodeURIComponent(answer.event.slug)}`);
        if (answer.event.slug !== slug) return router.replace(`/organiser/events/${encodeURIComponent(answer.event.slug)}?saved=1`);
        setSaved(`Saved ${answer.event.name}.`);
        router.refresh();
        return;
      }
      const next = byField(answer?.error?.fields ?? {});
      const listed = Object.keys(next).length > 0;
      fail(next, listed && res.status === 422 ? null : (answer?.error?.message ?? `That did not work (${res.status}). Please try again.`));
    } catch {
      fail({}, "Could not reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  const listed = ORDER.filter((k) => errors[k]);
  const field = (k: FieldName, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field label={LABELS[k]} name={k} value={values[k]} onChange={set(k)} error={errors[k]} {...extra} />
  );

  return (
    <form onSubmit={submit} noValidate aria-label={mode === "create" ? "New event" : "Edit event"} className="space-y-6">
      <div ref={summaryRef} tabIndex={-1} className="outline-none" data-testid="event-form-errors">
        {listed.length || problem ? (
          <Alert tone="error">
            {problem ? (
              <p className="font-semibold">{problem}</p>
            ) : (
              <p className="font-semibold">Please fix {listed.length === 1 ? "this field" : "these fields"}:</p>
            )}
            {listed.length ? (
              <ul className="mt-1 list-disc pl-5">
                {listed.map((k) => (
                  <li key={k}>
                    <a href={`#f-${k}`} className="underline">
                      {LABELS[k]}
                    </a>
                    : {errors[k]}
                  </li>
                ))}
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
        {field("fee", {
          inputMode: "decimal",
          autoComplete: "off",
          required: !feeLocked,
          disabled: feeLocked,
          className: `${controlClass} disabled:bg-stone-100 disabled:text-stone-600`,
          hint: feeLocked
            ? "A payment for this event has been started, so the fee is fixed. Registrations keep the fee they were made with."
            : "In rupees, like 250 or 199.50; 0 makes the event free. It can change until the first payment is started.",
        })}
      </Section>

      <Section title="When (India time, IST)">
        <div className="grid gap-4 sm:grid-cols-2">
          {field("opensAt", { type: "datetime-local", hint: "Empty: open from now." })}
          {field("closesAt", { type: "datetime-local", hint: "Empty: open until an organiser closes it." })}
        </div>
        {field("startsAt", { type: "datetime-local", hint: "When the event itself begins. Empty: to be announced." })}
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
