// The one validator of answers (issue 26): at checkout, on accepting an invitation, and when an owner edits them.
// Pure, so the same rules could run anywhere; the server's word is final. An answer is checked against its
// question's type, choices and length; "required" is checked against what the answers will be after the change
// (those stored, with the given ones over them), so a retried checkout need not send them again.
import { ApiError } from "@/lib/errors";
import { type AnswerValue, MAX_TEXT_ANSWER, type Question } from "./definition";

/** Given answers as they will be stored: a value, or null for an answer taken back (left empty). */
export type CheckedAnswers = Record<string, AnswerValue | null>;
export type AnswerErrors = Record<string, string>;

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const NUMBER_TEXT = /^-?\d{1,12}(\.\d{1,6})?$/;
const MAX_NUMBER = 1e12;

const empty = (v: unknown) => v == null || (typeof v === "string" && v.trim() === "") || (Array.isArray(v) && v.length === 0);

/** One answer: its stored value, null when left empty, or a sentence saying what is wrong. */
function checkOne(q: Question, raw: unknown): { value: AnswerValue | null } | { error: string } {
  if (empty(raw)) return { value: null };
  switch (q.type) {
    case "text": {
      if (typeof raw !== "string") return { error: "Answer in words." };
      const text = raw.trim();
      if (text.length > MAX_TEXT_ANSWER) return { error: `At most ${MAX_TEXT_ANSWER} characters.` };
      if (CONTROL.test(text)) return { error: "Answer in plain text." };
      return { value: text };
    }
    case "number": {
      const n = typeof raw === "number" ? raw : typeof raw === "string" && NUMBER_TEXT.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
      if (!Number.isFinite(n)) return { error: "Answer with a number, like 42." };
      if (Math.abs(n) > MAX_NUMBER) return { error: "That number is too large." };
      return { value: n };
    }
    case "yesno": {
      if (typeof raw !== "boolean") return { error: "Answer yes or no (true or false)." };
      return { value: raw };
    }
    case "choice": {
      const picked = typeof raw === "string" ? pick(q, raw) : null;
      return picked ? { value: picked } : { error: `Choose one of: ${q.choices!.join(", ")}.` };
    }
    case "choices": {
      if (!Array.isArray(raw) || raw.some((v) => typeof v !== "string")) return { error: "Send the choices picked as a list." };
      const picked = (raw as string[]).map((v) => pick(q, v));
      if (picked.some((p) => p === null)) return { error: `Choose from: ${q.choices!.join(", ")}.` };
      // The question's order, each once.
      return { value: q.choices!.filter((c) => picked.includes(c)) };
    }
  }
}

/** The stored spelling of a choice, matched without regard to case or surrounding spaces. */
function pick(q: Question, typed: string): string | null {
  const t = typed.trim().toLowerCase();
  return q.choices?.find((c) => c.toLowerCase() === t) ?? null;
}

/**
 * Checks `given` (what the client sent: {key: value}) against `questions` (those asked in this place: once per
 * registration, or per member). `stored` is what is already kept, for "required". Returns the values to store
 * and, per key, what is wrong; a key no question has is an error too (a typo must not be dropped silently).
 */
export function checkAnswers(
  questions: Question[],
  given: unknown,
  stored: Record<string, AnswerValue> = {},
): { values: CheckedAnswers; errors: AnswerErrors } {
  const values: CheckedAnswers = {};
  const errors: AnswerErrors = {};
  if (given != null && (typeof given !== "object" || Array.isArray(given))) {
    return { values, errors: { answers: "Send answers as an object: {key: value}." } };
  }
  const sent = (given ?? {}) as Record<string, unknown>;
  const byKey = new Map(questions.map((q) => [q.key, q]));
  for (const q of questions) {
    if (Object.hasOwn(sent, q.key)) {
      const checked = checkOne(q, sent[q.key]);
      if ("error" in checked) {
        errors[q.key] = checked.error;
        continue;
      }
      values[q.key] = checked.value;
    }
    const will = Object.hasOwn(values, q.key) ? values[q.key] : stored[q.key];
    if (q.required && will == null) errors[q.key] = "This question needs an answer.";
  }
  // After the questions' own, in the form's order.
  for (const key of Object.keys(sent)) if (!byKey.has(key)) errors[key] = "No such question here.";
  return { values, errors };
}

/** A 422 naming each question's problem, as `answers.<key>` fields (the API's field errors). */
export class AnswersInvalidError extends ApiError {
  constructor(
    public readonly errors: AnswerErrors,
    questions: Question[],
    whose = "",
  ) {
    const labels = new Map(questions.map((q) => [q.key, q.label]));
    const sentences = Object.entries(errors).map(([key, message]) => `${labels.get(key) ?? key}: ${message}`);
    super(
      422,
      "validation_failed",
      `Some answers${whose ? ` ${whose}` : ""} are not valid. ${sentences.join(" ")}`,
      Object.fromEntries(Object.entries(errors).map(([key, message]) => [`answers.${key}`, [message]])),
    );
  }
}

/** checkAnswers, throwing AnswersInvalidError when anything is wrong. */
export function assertAnswers(questions: Question[], given: unknown, stored: Record<string, AnswerValue> = {}, whose = ""): CheckedAnswers {
  const { values, errors } = checkAnswers(questions, given, stored);
  if (Object.keys(errors).length) throw new AnswersInvalidError(errors, questions, whose);
  return values;
}
