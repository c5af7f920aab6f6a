import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-policy";
import { signUpSchema } from "./schemas";

describe("password policy", () => {
  it("refuses short, common and guessable passwords with a reason", () => {
    expect(passwordProblem("12345678")).toBe("Use at least 10 characters.");
    expect(passwordProblem("1234567890")).toMatch(/frequently used password/);
    expect(passwordProblem("password123")).toMatch(/commonly used password/);
    expect(passwordProblem("qwertyuiop")).toBe("This is a frequently used password. Add more words that are less common.");
    expect(passwordProblem("anwesha2026")).not.toBeNull();
  });

  it("counts the person's own name and email against the password", () => {
    expect(passwordProblem("kumaravelusundaram")).toBeNull();
    expect(passwordProblem("kumaravelusundaram", ["Kumaravelu Sundaram", "ks@example.com"])).toMatch(/your name or email/);
  });

  it("refuses a name or email inside the password, any case, spaces removed, in plain English (issue 24, item 11)", () => {
    const riya = ["Riya Sen", "riya.sen@example.com"];
    const said = "Don't use your name or email address in your password. Choose a few words that have nothing to do with you.";
    for (const pw of ["Riyasen2027", "RIYA SEN 2027!", "2027-riya-sen", "my-riya-password", "Sen.Riya.2027x"]) {
      expect(passwordProblem(pw, riya), pw).toBe(said);
    }
    expect(passwordProblem("kettle-mango-harbour-77", ["Arjun Mehta", "thunderbolt99@example.com"])).toBeNull();
    expect(passwordProblem("Thunderbolt99!!x", ["Arjun Mehta", "thunderbolt99@example.com"])).toBe(said);
    // A short name part ("Sen") alone is not refused inside an unrelated word.
    expect(passwordProblem("sentence-orbit-plum-4", riya)).toBeNull();
    // zxcvbn's "There should not be any personal or page related data." never reaches a person.
    expect(passwordProblem("kumaravelu1", ["Kumaravelu Sundaram"])).not.toMatch(/page related/);
  });

  it("accepts a long passphrase; sign-up reports the reason on the password field", () => {
    expect(passwordProblem("plum-kettle-orbit-9")).toBeNull();
    const weak = signUpSchema.safeParse({
      name: "Riya Sen",
      email: "riya@example.com",
      phone: "9876543210",
      college: "NIT",
      password: "password123",
    });
    expect(weak.success).toBe(false);
    expect(weak.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["password", expect.stringMatching(/commonly used/)]]);
  });
});
