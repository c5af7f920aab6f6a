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
    expect(passwordProblem("kumaravelusundaram", ["Kumaravelu Sundaram", "ks@example.com"])).toMatch(/personal/);
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
