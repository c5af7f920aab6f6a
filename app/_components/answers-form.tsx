"use client";
// The event's questions for one person (issue 26): at registration the form's button is the Register / Pay button
// itself (the answers travel with the checkout), afterwards "Save answers" (PATCH /api/registrations/{id}/answers)
// until registration closes. Each question is a labelled control; a problem the server names (lib/questions/
// validate.ts) is shown under its question, tied to it for screen readers, and the first one takes the focus.
import { useRouter } from "next/navigation";
import { type FormEvent, useCallback, useState } from "react";
import type { AnswerView } from "@/lib/answers/answers";
import type { PriceOffer } from "@/lib/events/prices";
import { CheckoutButton } from "./checkout-button";
import { PriceCheckout } from "./price-checkout";
import { Alert, Button } from "./ui";

type Draft = string | string[] | boolean | null;

const controlClass =
  "block w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base shadow-sm focus:border-brand-600 aria-[invalid]:border-red-500";

function draftOf(q: AnswerView): Draft {
  if (q.value == null) return q.type === "choices" ? [] : q.type === "yesno" ? null : "";
  if (typeof q.value === "number") return String(q.value);
  return q.value;
}

export function AnswersForm({
  questions,
  heading = "Your answers",
  registrationId,
  checkout,
  accept,
}: {
  questions: AnswerView[];
  /** Accepting a substitution (issue 27): the answers are POSTed with the acceptance, and the button says so. */
  accept?: { url: string; label: string; done: string };
  heading?: string;
  /** Saving edits an existing registration's answers. */
  registrationId?: string;
  /** At registration: the checkout button sends the answers. */
  checkout?: {
    eventSlug: string;
    teamId?: string;
    label: string;
    free: boolean;
    /** The prices this person may choose (cheapest first): the price choice sits above the button. */
    prices?: PriceOffer[];
    payLabel?: string;
    freeLabel?: string;
    /** Offer "Add to basket" beside the button, with the price and code chosen. */
    addToBasket?: boolean;
  };
}) {
  const router = useRouter();
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() => Object.fromEntries(questions.map((q) => [q.key, draftOf(q)])));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const set = (key: string, value: Draft) => {
    setDrafts((d) => ({ ...d, [key]: value }));
    setSaved(null);
  };
  // Only the questions this person answers are in the drafts; an untouched yes/no is sent as null (unanswered).
  const answers = drafts;

  const showErrors = useCallback((fields: Record<string, string[]>) => {
    const next: Record<string, string> = {};
    for (const [k, messages] of Object.entries(fields)) if (k.startsWith("answers.") && messages[0]) next[k.slice(8)] = messages[0];
    setErrors(next);
    const first = Object.keys(next)[0];
    if (first) requestAnimationFrame(() => document.getElementById(`a-${first}`)?.focus());
  }, []);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!registrationId && !accept) return;
    setPending(true);
    setProblem(null);
    setSaved(null);
    try {
      const res = await fetch(accept ? accept.url : `/api/registrations/${encodeURIComponent(registrationId!)}/answers`, {
        method: accept ? "POST" : "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ answers }),
      });
      const body = await res.json().catch(() => null);
      if (res.ok) {
        setErrors({});
        setSaved(accept ? accept.done : "Your answers are saved.");
        router.refresh();
        return;
      }
      showErrors(body?.error?.fields ?? {});
      setProblem(
        res.status === 422 ? "Please check the answers marked below." : (body?.error?.message ?? "That did not work. Please try again."),
      );
    } catch {
      setProblem("You seem to be offline. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  const describedBy = (key: string, hint?: string) => [errors[key] ? `a-${key}-error` : null, hint].filter(Boolean).join(" ") || undefined;
  const errorLine = (key: string) =>
    errors[key] ? (
      <p id={`a-${key}-error`} className="text-sm text-red-700">
        {errors[key]}
      </p>
    ) : null;
  const title = (q: AnswerView) => (
    <>
      {q.label}
      {q.required ? <span className="text-red-700"> (required)</span> : <span className="font-normal text-stone-600"> (optional)</span>}
    </>
  );

  return (
    <form
      onSubmit={save}
      noValidate
      className="space-y-4 rounded-xl border border-stone-200 p-4"
      aria-labelledby="answers-heading"
      data-testid="answers-form"
    >
      <h2 id="answers-heading" className="text-lg font-semibold">
        {heading}
      </h2>
      {questions.map((q) => {
        const v = drafts[q.key];
        const invalid = errors[q.key] ? true : undefined;
        if (q.type === "choices" || q.type === "yesno")
          return (
            <fieldset key={q.key} className="space-y-1" aria-describedby={describedBy(q.key)} aria-invalid={invalid}>
              <legend className="text-sm font-medium text-stone-800">{title(q)}</legend>
              <div className="flex flex-wrap gap-x-6">
                {q.type === "choices"
                  ? (q.choices ?? []).map((c, i) => (
                      <label key={c} className="flex min-h-11 items-center gap-2 text-sm">
                        <input
                          type="checkbox"
                          id={i === 0 ? `a-${q.key}` : undefined}
                          checked={Array.isArray(v) && v.includes(c)}
                          onChange={(e) => {
                            const list = Array.isArray(v) ? v : [];
                            set(q.key, e.target.checked ? [...list, c] : list.filter((x) => x !== c));
                          }}
                          className="size-4 accent-brand-600"
                        />
                        {c}
                      </label>
                    ))
                  : ([true, false] as const).map((b) => (
                      <label key={String(b)} className="flex min-h-11 items-center gap-2 text-sm">
                        <input
                          type="radio"
                          name={`a-${q.key}`}
                          id={b ? `a-${q.key}` : undefined}
                          checked={v === b}
                          onChange={() => set(q.key, b)}
                          className="size-4 accent-brand-600"
                        />
                        {b ? "Yes" : "No"}
                      </label>
                    ))}
              </div>
              {errorLine(q.key)}
            </fieldset>
          );
        return (
          <div key={q.key} className="space-y-1">
            <label htmlFor={`a-${q.key}`} className="block text-sm font-medium text-stone-800">
              {title(q)}
            </label>
            {q.type === "choice" ? (
              <select
                id={`a-${q.key}`}
                value={typeof v === "string" ? v : ""}
                onChange={(e) => set(q.key, e.target.value)}
                aria-invalid={invalid}
                aria-describedby={describedBy(q.key)}
                aria-required={q.required}
                className={controlClass}
              >
                <option value="">Choose…</option>
                {(q.choices ?? []).map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={`a-${q.key}`}
                value={typeof v === "string" ? v : ""}
                onChange={(e) => set(q.key, e.target.value)}
                inputMode={q.type === "number" ? "decimal" : undefined}
                maxLength={q.type === "text" ? 500 : 20}
                autoComplete="off"
                aria-invalid={invalid}
                aria-describedby={describedBy(q.key)}
                aria-required={q.required}
                className={controlClass}
              />
            )}
            {errorLine(q.key)}
          </div>
        );
      })}
      <div aria-live="polite" className="space-y-2">
        {problem ? <Alert tone="error">{problem}</Alert> : null}
        {saved ? <p className="text-sm font-medium text-emerald-800">{saved}</p> : null}
      </div>
      {checkout?.prices?.length ? (
        <PriceCheckout
          eventSlug={checkout.eventSlug}
          teamId={checkout.teamId}
          prices={checkout.prices}
          payLabel={checkout.payLabel ?? checkout.label}
          freeLabel={checkout.freeLabel ?? checkout.label}
          answers={answers}
          onAnswerErrors={showErrors}
          addToBasket={checkout.addToBasket}
        />
      ) : checkout ? (
        <CheckoutButton
          eventSlug={checkout.eventSlug}
          teamId={checkout.teamId}
          label={checkout.label}
          free={checkout.free}
          answers={answers}
          onAnswerErrors={showErrors}
        />
      ) : (
        <Button type="submit" variant={accept ? "primary" : "secondary"} disabled={pending} aria-busy={pending}>
          {pending ? "Saving…" : (accept?.label ?? "Save answers")}
        </Button>
      )}
    </form>
  );
}
