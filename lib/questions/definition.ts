// What an event may ask (issue 26): the shape of one question and of the list, checked when an organiser saves the
// event (POST/PATCH /api/organiser/events) and by the console's form as it is typed. No imports but zod and the
// schema's types: the form runs in the browser.
import { z } from "zod";
import type { AnswerValue, Question, QuestionType } from "@/db/schema";

export type { AnswerValue, Question, QuestionType };

export const QUESTION_TYPES: readonly QuestionType[] = ["text", "number", "choice", "choices", "yesno"];
/** How each type is named on pages (the console's form, the CSV's help). */
export const QUESTION_TYPE_WORDS: Record<QuestionType, string> = {
  text: "Text",
  number: "Number",
  choice: "One choice",
  choices: "Several choices",
  yesno: "Yes / no",
};

const MAX_QUESTIONS = 20;
const MAX_CHOICES = 30;
/** The longest text answer: a roll number or a dietary need, not an essay. */
export const MAX_TEXT_ANSWER = 500;
const KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

const label = z
  .string({ error: "Give the question's wording." })
  .trim()
  .min(1, "Give the question's wording.")
  .max(200, "A question can be at most 200 characters.")
  .refine((s) => !CONTROL.test(s), "A question must be one line of text.");
const choice = z
  .string({ error: "Each choice must be text." })
  .trim()
  .min(1, "A choice cannot be empty.")
  .max(100, "A choice can be at most 100 characters.")
  .refine((s) => !CONTROL.test(s), "A choice must be one line of text.");

const questionSchema = z
  .object({
    key: z
      .string({ error: "Give the question a key, like roll_number." })
      .trim()
      .regex(KEY_PATTERN, "A key is lower-case letters, digits and _ (up to 40), starting with a letter, like roll_number."),
    label,
    type: z.enum(QUESTION_TYPES as [QuestionType, ...QuestionType[]], {
      error: "Choose the type: text, number, choice, choices or yesno.",
    }),
    choices: z.array(choice, "Give the choices as a list of text.").max(MAX_CHOICES, `At most ${MAX_CHOICES} choices.`).optional(),
    required: z.boolean({ error: "Send required as true or false." }).default(false),
    perMember: z.boolean({ error: "Send perMember as true or false." }).default(false),
  })
  .transform((q, ctx): Question => {
    const picks = q.type === "choice" || q.type === "choices";
    if (picks && (q.choices?.length ?? 0) < 2)
      ctx.addIssue({ code: "custom", path: ["choices"], message: "A choice question needs at least 2 choices." });
    if (picks && q.choices && new Set(q.choices.map((c) => c.toLowerCase())).size !== q.choices.length)
      ctx.addIssue({ code: "custom", path: ["choices"], message: "Each choice must be different." });
    const out: Question = { key: q.key, label: q.label, type: q.type, required: q.required, perMember: q.perMember };
    if (picks) out.choices = q.choices ?? [];
    return out;
  });

/**
 * The whole list: each question checked, and the keys different (an answer is found by its key). Each problem
 * names its question ("Question 2: …") and keeps its path ([1, "label"]), so the form puts it by its field.
 */
export const questionsSchema = z
  .array(z.unknown(), "Send questions as a list of {key, label, type, choices?, required, perMember?}.")
  .max(MAX_QUESTIONS, `At most ${MAX_QUESTIONS} questions.`)
  .transform((items, ctx): Question[] => {
    const out: Question[] = [];
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const parsed = questionSchema.safeParse(item);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          ctx.addIssue({ code: "custom", path: [i, ...issue.path], message: `Question ${i + 1}: ${issue.message}` });
        return;
      }
      if (seen.has(parsed.data.key))
        ctx.addIssue({ code: "custom", path: [i, "key"], message: `Question ${i + 1}: the key ${parsed.data.key} is used twice.` });
      seen.add(parsed.data.key);
      out.push(parsed.data);
    });
    return out;
  });

/** The questions stored on an event, read defensively (an old or hand-edited row is never trusted blindly). */
export function questionsOf(stored: unknown): Question[] {
  const parsed = questionsSchema.safeParse(stored ?? []);
  return parsed.success ? parsed.data : [];
}

/** An answer in words, for pages and the CSV: "Yes", "S; M", "42". */
export function answerText(value: AnswerValue | null | undefined): string {
  if (value == null) return "";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (Array.isArray(value)) return value.join("; ");
  return String(value);
}
