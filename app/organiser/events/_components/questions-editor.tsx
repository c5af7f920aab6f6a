"use client";
// The questions an event asks at registration (issue 26), edited inside the event form: add, remove and reorder
// (Move up / Move down buttons, so the keyboard and screen readers can reorder too), each field with its own
// error. The form turns these drafts into the API's `questions` (questionsBody) and checks them with the API's own
// schema (lib/questions/definition.ts), so every problem is listed at once.
import { Button } from "@/app/_components/ui";
import { QUESTION_TYPE_WORDS, QUESTION_TYPES, type Question, type QuestionType, questionsSchema } from "@/lib/questions/definition";
import { controlClass, labelClass } from "../../payments/_components/styles";

export interface QuestionDraft {
  key: string;
  label: string;
  type: QuestionType;
  /** One choice a line, as typed. */
  choicesText: string;
  required: boolean;
  perMember: boolean;
  /** The key was typed (else it follows the wording). */
  keyTouched: boolean;
}

/** Errors by "<index>.<field>" (field: key, label, type, choices). */
export type QuestionErrors = Record<string, string>;

export const draftsOf = (questions: Question[]): QuestionDraft[] =>
  questions.map((q) => ({ ...q, choicesText: (q.choices ?? []).join("\n"), keyTouched: true }));

const keyFrom = (label: string) =>
  label
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+|_+$/g, "")
    .slice(0, 40);

const picks = (t: QuestionType) => t === "choice" || t === "choices";

/** The API's `questions` from the drafts, and each field's first problem by the API's own schema. */
export function questionsBody(drafts: QuestionDraft[]): { questions: unknown[]; errors: QuestionErrors } {
  const questions = drafts.map((d) => ({
    key: d.key.trim(),
    label: d.label,
    type: d.type,
    ...(picks(d.type)
      ? {
          choices: d.choicesText
            .split("\n")
            .map((c) => c.trim())
            .filter(Boolean),
        }
      : {}),
    required: d.required,
    perMember: d.perMember,
  }));
  const errors: QuestionErrors = {};
  const checked = questionsSchema.safeParse(questions);
  for (const issue of checked.success ? [] : checked.error.issues) {
    const at = `${String(issue.path[0])}.${String(issue.path[1] ?? "label")}`;
    errors[at] ??= issue.message.replace(/^Question \d+: /, "");
  }
  return { questions, errors };
}

export function QuestionsEditor({
  drafts,
  onChange,
  errors,
  kind,
}: {
  drafts: QuestionDraft[];
  onChange: (next: QuestionDraft[]) => void;
  errors: QuestionErrors;
  kind: "solo" | "team";
}) {
  const update = (i: number, patch: Partial<QuestionDraft>) =>
    onChange(
      drafts.map((d, j) => {
        if (j !== i) return d;
        const next = { ...d, ...patch };
        if (patch.label !== undefined && !d.keyTouched) next.key = keyFrom(patch.label);
        return next;
      }),
    );
  const move = (i: number, by: -1 | 1) => {
    const next = [...drafts];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    onChange(next);
    requestAnimationFrame(() => document.getElementById(`q-${i + by}-${by < 0 ? "up" : "down"}`)?.focus());
  };
  const add = () => {
    onChange([...drafts, { key: "", label: "", type: "text", choicesText: "", required: false, perMember: false, keyTouched: false }]);
    requestAnimationFrame(() => document.getElementById(`q-${drafts.length}-label`)?.focus());
  };
  const err = (i: number, f: string) => errors[`${i}.${f}`];
  const described = (i: number, f: string) => (err(i, f) ? { "aria-invalid": true, "aria-describedby": `q-${i}-${f}-error` } : {});
  const message = (i: number, f: string) =>
    err(i, f) ? (
      <p id={`q-${i}-${f}-error`} className="text-sm text-red-700">
        {err(i, f)}
      </p>
    ) : null;

  return (
    <div className="space-y-4" data-testid="questions-editor">
      <p className="text-sm text-stone-600">
        Asked when someone registers{kind === "team" ? "; a per-member question is asked of each member when they accept" : ""}. Answers
        already given are kept when you change or remove a question, with the wording they were asked with.
      </p>
      {drafts.length === 0 ? <p className="text-sm text-stone-600">No questions: registering asks nothing more.</p> : null}
      <ol className="space-y-4">
        {drafts.map((d, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: drafts have no id of their own until saved; the index is their place
          <li key={i} className="space-y-3 rounded-lg border border-stone-200 p-3" aria-label={`Question ${i + 1}`}>
            <p className="text-sm font-semibold">Question {i + 1}</p>
            <div className="space-y-1">
              <label htmlFor={`q-${i}-label`} className={labelClass}>
                Wording
              </label>
              <input
                id={`q-${i}-label`}
                value={d.label}
                maxLength={200}
                autoComplete="off"
                onChange={(e) => update(i, { label: e.target.value })}
                className={controlClass}
                {...described(i, "label")}
              />
              {message(i, "label")}
            </div>
            <div className="grid gap-3 sm:grid-cols-2">
              <div className="space-y-1">
                <label htmlFor={`q-${i}-key`} className={labelClass}>
                  Key <span className="font-normal text-stone-600">(the CSV and the API name it by this)</span>
                </label>
                <input
                  id={`q-${i}-key`}
                  value={d.key}
                  maxLength={40}
                  autoComplete="off"
                  autoCapitalize="none"
                  spellCheck={false}
                  onChange={(e) => update(i, { key: e.target.value, keyTouched: true })}
                  className={`${controlClass} font-mono`}
                  {...described(i, "key")}
                />
                {message(i, "key")}
              </div>
              <div className="space-y-1">
                <label htmlFor={`q-${i}-type`} className={labelClass}>
                  Type
                </label>
                <select
                  id={`q-${i}-type`}
                  value={d.type}
                  onChange={(e) => update(i, { type: e.target.value as QuestionType })}
                  className={controlClass}
                  {...described(i, "type")}
                >
                  {QUESTION_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {QUESTION_TYPE_WORDS[t]}
                    </option>
                  ))}
                </select>
                {message(i, "type")}
              </div>
            </div>
            {picks(d.type) ? (
              <div className="space-y-1">
                <label htmlFor={`q-${i}-choices`} className={labelClass}>
                  Choices <span className="font-normal text-stone-600">(one a line)</span>
                </label>
                <textarea
                  id={`q-${i}-choices`}
                  rows={4}
                  value={d.choicesText}
                  onChange={(e) => update(i, { choicesText: e.target.value })}
                  className={controlClass}
                  {...described(i, "choices")}
                />
                {message(i, "choices")}
              </div>
            ) : null}
            <div className="flex flex-wrap gap-x-6">
              <label className="flex min-h-11 items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={d.required}
                  onChange={(e) => update(i, { required: e.target.checked })}
                  className="size-4 accent-brand-600"
                />
                Required
              </label>
              {kind === "team" ? (
                <label className="flex min-h-11 items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={d.perMember}
                    onChange={(e) => update(i, { perMember: e.target.checked })}
                    className="size-4 accent-brand-600"
                  />
                  Ask each member
                </label>
              ) : null}
            </div>
            <div className="flex flex-wrap gap-2">
              <Button
                type="button"
                variant="secondary"
                id={`q-${i}-up`}
                disabled={i === 0}
                onClick={() => move(i, -1)}
                className="min-h-9 px-2 py-1"
              >
                Move up<span className="sr-only"> question {i + 1}</span>
              </Button>
              <Button
                type="button"
                variant="secondary"
                id={`q-${i}-down`}
                disabled={i === drafts.length - 1}
                onClick={() => move(i, 1)}
                className="min-h-9 px-2 py-1"
              >
                Move down<span className="sr-only"> question {i + 1}</span>
              </Button>
              <Button
                type="button"
                variant="danger"
                onClick={() => onChange(drafts.filter((_, j) => j !== i))}
                className="min-h-9 px-2 py-1"
              >
                Remove<span className="sr-only"> question {i + 1}</span>
              </Button>
            </div>
          </li>
        ))}
      </ol>
      <Button type="button" variant="secondary" onClick={add}>
        Add a question
      </Button>
    </div>
  );
}
