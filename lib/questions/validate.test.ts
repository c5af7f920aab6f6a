// The one validator of answers and the questions' definition (issue 26): each type, required, choices, lengths,
// unknown keys, and the organisers' list of questions with a message per question.
import { describe, expect, it } from "vitest";
import { answerText, type Question, questionsOf, questionsSchema } from "./definition";
import { AnswersInvalidError, assertAnswers, checkAnswers } from "./validate";

const q = (over: Partial<Question> & Pick<Question, "key" | "type">): Question => ({
  label: over.key.replace("_", " "),
  required: false,
  perMember: false,
  ...over,
});
const roll = q({ key: "roll", type: "text", required: true });
const age = q({ key: "age", type: "number" });
const year = q({ key: "year", type: "choice", choices: ["1st", "2nd", "3rd", "4th"], required: true });
const langs = q({ key: "langs", type: "choices", choices: ["C", "Rust", "Go"] });
const veg = q({ key: "veg", type: "yesno", perMember: true });
const all = [roll, age, year, langs, veg];

describe("checkAnswers", () => {
  it("takes each type in its own form and stores it normalised", () => {
    const { values, errors } = checkAnswers(all, { roll: "  2201CS01 ", age: "19", year: "2ND", langs: ["go", "C"], veg: false });
    expect(errors).toEqual({});
    // Text trimmed, a number from its text, a choice in its stored spelling, several in the question's order.
    expect(values).toEqual({ roll: "2201CS01", age: 19, year: "2nd", langs: ["C", "Go"], veg: false });
  });

  it("says what is wrong with each answer, all at once", () => {
    const { errors } = checkAnswers(all, { roll: 42, age: "nineteen", year: "5th", langs: ["C", "Java"], veg: "yes" });
    expect(errors).toEqual({
      roll: "Answer in words.",
      age: "Answer with a number, like 42.",
      year: "Choose one of: 1st, 2nd, 3rd, 4th.",
      langs: "Choose from: C, Rust, Go.",
      veg: "Answer yes or no (true or false).",
    });
  });

  it("required: missing, empty text and an empty list are no answer; stored answers count", () => {
    expect(checkAnswers(all, {}).errors).toEqual({ roll: "This question needs an answer.", year: "This question needs an answer." });
    expect(checkAnswers(all, { roll: "   ", year: "1st" }).errors).toEqual({ roll: "This question needs an answer." });
    // Already answered: a retried checkout need not send them again, but cannot take a required one back.
    expect(checkAnswers(all, {}, { roll: "A1", year: "1st" }).errors).toEqual({});
    expect(checkAnswers(all, { roll: "" }, { roll: "A1", year: "1st" }).errors).toEqual({ roll: "This question needs an answer." });
    // An optional one taken back is stored as null (removed).
    expect(checkAnswers(all, { langs: [], age: null }, { roll: "A1", year: "1st" }).values).toEqual({ langs: null, age: null });
  });

  it("lengths, control characters, huge numbers, unknown keys and a body that is not an object are refused", () => {
    const { errors } = checkAnswers(all, { roll: "x".repeat(501), age: 1e13, year: "1st", colour: "blue" });
    expect(errors).toEqual({ roll: "At most 500 characters.", age: "That number is too large.", colour: "No such question here." });
    expect(checkAnswers([roll], { roll: "a\u0000b" }).errors).toEqual({ roll: "Answer in plain text." });
    expect(checkAnswers([roll], ["x"]).errors).toEqual({ answers: "Send answers as an object: {key: value}." });
    expect(checkAnswers([age], { age: "1e3" }).errors).toEqual({ age: "Answer with a number, like 42." });
    expect(checkAnswers([langs], { langs: "C" }).errors).toEqual({ langs: "Send the choices picked as a list." });
  });

  it("assertAnswers throws a 422 with a field per question and a sentence naming each", () => {
    let caught: unknown;
    try {
      assertAnswers(all, { year: "9th" }, {}, "for Quiz");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AnswersInvalidError);
    const e = caught as AnswersInvalidError;
    expect([e.status, e.code]).toEqual([422, "validation_failed"]);
    expect(e.details).toEqual({
      "answers.roll": ["This question needs an answer."],
      "answers.year": ["Choose one of: 1st, 2nd, 3rd, 4th."],
    });
    expect(e.message).toBe(
      "Some answers for Quiz are not valid. roll: This question needs an answer. year: Choose one of: 1st, 2nd, 3rd, 4th.",
    );
  });
});

describe("questionsSchema", () => {
  it("accepts a list and fills the defaults", () => {
    const parsed = questionsSchema.parse([
      { key: "roll_number", label: " Roll number ", type: "text", required: true },
      { key: "size", label: "T-shirt size", type: "choice", choices: ["S", "M", "L"] },
    ]);
    expect(parsed).toEqual([
      { key: "roll_number", label: "Roll number", type: "text", required: true, perMember: false },
      { key: "size", label: "T-shirt size", type: "choice", choices: ["S", "M", "L"], required: false, perMember: false },
    ]);
  });

  it("names the question and the field of every problem", () => {
    const result = questionsSchema.safeParse([
      { key: "Roll Number", label: "", type: "essay" },
      { key: "size", label: "Size", type: "choice", choices: ["S"] },
      { key: "size", label: "Size again", type: "choices", choices: ["S", "s"] },
    ]);
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues).toEqual([
      ["0.key", "Question 1: A key is lower-case letters, digits and _ (up to 40), starting with a letter, like roll_number."],
      ["0.label", "Question 1: Give the question's wording."],
      ["0.type", "Question 1: Choose the type: text, number, choice, choices or yesno."],
      ["1.choices", "Question 2: A choice question needs at least 2 choices."],
      ["2.choices", "Question 3: Each choice must be different."],
    ]);
    const dup = questionsSchema.safeParse([
      { key: "a", label: "A", type: "text" },
      { key: "a", label: "B", type: "number" },
    ]);
    expect(dup.error!.issues.map((i) => i.message)).toEqual(["Question 2: the key a is used twice."]);
  });

  it("reads stored questions defensively and words answers", () => {
    expect(questionsOf(null)).toEqual([]);
    expect(questionsOf([{ nonsense: true }])).toEqual([]);
    expect([answerText(true), answerText(false), answerText(["S", "M"]), answerText(3.5), answerText(null)]).toEqual([
      "Yes",
      "No",
      "S; M",
      "3.5",
      "",
    ]);
  });
});
