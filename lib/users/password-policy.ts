// The password policy: at least 10 characters and "safely unguessable" to zxcvbn-ts (score 3 of 4: 10^8 guesses
// or more), judged with English and common-password dictionaries plus the person's own name and email, so
// "12345678", "password123" or one's own name are refused with a reason. The person's name and email are also
// looked for inside the password directly ("Riyasen2027" for Riya Sen), since zxcvbn can score a name with a few
// digits as strong enough.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

const MIN_PASSWORD_LENGTH = 10;
const MIN_PASSWORD_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary, festival: ["anwesha", "festival", "iitpatna", "patna"] },
  });
  return factory;
}

/** Parts of a name or email this long or longer are looked for in the password ("sen" is in too many words). */
const MIN_PERSONAL_PART = 4;
const PERSONAL = "Don't use your name or email address in your password. Choose a few words that have nothing to do with you.";

/** Letters and digits only, lower case: "Riya Sen" → "riyasen". */
const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

/**
 * What of a person a password must not contain: each word of their name, their whole name without spaces, and
 * their email's local part and its words ("riya.sen@…" → "riyasen", "riya", "sen"); only the long enough ones.
 */
function personalParts(personal: (string | undefined)[]): string[] {
  const parts = personal.flatMap((p) => {
    if (!p) return [];
    const text = p.includes("@") ? p.slice(0, p.lastIndexOf("@")) : p;
    return [squash(text), ...text.split(/[^\p{L}\p{N}]+/u).map(squash)];
  });
  return [...new Set(parts)].filter((p) => p.length >= MIN_PERSONAL_PART);
}

/** null when the password is acceptable, else a sentence saying why not and what to do. */
export function passwordProblem(password: string, personal: (string | undefined)[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  const squashed = squash(password);
  if (personalParts(personal).some((part) => squashed.includes(part))) return PERSONAL;
  // zxcvbn's cost grows with length; beyond 100 characters it adds nothing.
  const inputs = personal.flatMap((p) => (p ? [p, ...p.toLowerCase().split(/[^a-z0-9]+/)] : [])).filter((p) => p.length >= 3);
  const result = zxcvbn().check(password.slice(0, 100), inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  // zxcvbn's own words for "it contains your details" are not English a person writes: ours instead.
  if (result.feedback.warning === en.translations.warnings.userInputs) return PERSONAL;
  const why = result.feedback.warning ? `${result.feedback.warning.replace(/\.?$/, ".")} ` : "This password is easy to guess. ";
  const hint = result.feedback.suggestions[0] ?? "Add another word or two that are not related to you.";
  return `${why}${hint}`;
}
