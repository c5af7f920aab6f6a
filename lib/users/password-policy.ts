// The password policy: at least 10 characters and "safely unguessable" to zxcvbn-ts (score 3 of 4: 10^8 guesses
// or more), judged with English and common-password dictionaries plus the person's own name and email, so
// "12345678", "password123" or one's own name are refused with a reason.
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

/** null when the password is acceptable, else a sentence saying why not and what to do. */
export function passwordProblem(password: string, personal: (string | undefined)[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  // zxcvbn's cost grows with length; beyond 100 characters it adds nothing.
  const inputs = personal.flatMap((p) => (p ? [p, ...p.toLowerCase().split(/[^a-z0-9]+/)] : [])).filter((p) => p.length >= 3);
  const result = zxcvbn().check(password.slice(0, 100), inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const why = result.feedback.warning ? `${result.feedback.warning.replace(/\.?$/, ".")} ` : "This password is easy to guess. ";
  const hint = result.feedback.suggestions[0] ?? "Add another word or two that are not related to you.";
  return `${why}${hint}`;
}
