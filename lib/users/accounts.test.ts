import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "@/db/testing";
import { checkCredentials, TooManyFailedLoginsError } from "@/lib/auth/credentials";
import { issueToken, userForToken } from "@/lib/auth/tokens";
import { hit, LIMITS, peek } from "@/lib/rate-limit";
import { createAccount, EmailTakenError, signUp, TooManySignUpsError } from "./accounts";
import { signUpSchema } from "./schemas";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.dispose();
});

const input = signUpSchema.parse({
  name: "Riya Sen",
  email: " Riya@Example.com ",
  phone: "+91 98765-43210",
  college: "NIT Patna",
  password: "correct horse",
});

describe("accounts", () => {
  it("normalises sign-up input", () => {
    expect(input.email).toBe("riya@example.com");
    expect(input.phone).toBe("9876543210");
    expect(signUpSchema.safeParse({ ...input, phone: "12345" }).success).toBe(false);
    expect(signUpSchema.safeParse({ ...input, password: "short" }).success).toBe(false);
  });

  it("issues an Anwesha ID, hashes the password, and refuses a second account for the same email in any case", async () => {
    const user = await createAccount(t.db, input);
    expect(user.anweshaId).toMatch(/^ANW-[0-9A-Z]{6}$/);
    expect(user.passwordHash).not.toContain("correct horse");
    await expect(createAccount(t.db, { ...input, email: "RIYA@example.com" })).rejects.toBeInstanceOf(EmailTakenError);
  });

  it("checks credentials, case-insensitively on the email", async () => {
    expect((await checkCredentials(t.db, "RIYA@EXAMPLE.COM", "correct horse"))?.name).toBe("Riya Sen");
    expect(await checkCredentials(t.db, "riya@example.com", "wrong horse")).toBeNull();
    expect(await checkCredentials(t.db, "nobody@example.com", "correct horse")).toBeNull();
  });

  it("after 10 failed passwords for one email, even the right one is refused for a while; successes never count", async () => {
    const user = await createAccount(t.db, { ...input, email: "guessed@example.com" });
    for (let i = 0; i < 5; i++) expect(await checkCredentials(t.db, "guessed@example.com", "correct horse")).not.toBeNull();
    for (let i = 0; i < 10; i++) expect(await checkCredentials(t.db, "Guessed@example.com", `guess-${i}`)).toBeNull();
    const error = await checkCredentials(t.db, "guessed@example.com", "correct horse").catch((e) => e);
    expect(error).toBeInstanceOf(TooManyFailedLoginsError);
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    // other accounts are unaffected
    expect((await checkCredentials(t.db, "riya@example.com", "correct horse"))?.id).not.toBe(user.id);
  });

  it("sign-ups are limited per client address, counting every attempt (a taken email too)", async () => {
    for (let i = 0; i < 300; i++) await hit(t.db, "signup:192.0.2.200", LIMITS.signUpPerClient);
    await expect(signUp(t.db, { ...input, email: "blocked@example.com" }, "192.0.2.200")).rejects.toBeInstanceOf(TooManySignUpsError);
    expect((await signUp(t.db, { ...input, email: "allowed@example.com" }, "192.0.2.201"))?.email).toBe("allowed@example.com");
    expect(await signUp(t.db, { ...input, email: "allowed@example.com" }, "192.0.2.202")).toBeNull();
    expect((await peek(t.db, "signup:192.0.2.202", LIMITS.signUpPerClient)).remaining).toBe(299);
  });

  it("bearer tokens resolve to their user until they expire; only a hash is stored", async () => {
    const user = (await checkCredentials(t.db, "riya@example.com", "correct horse"))!;
    const { token, expiresAt } = await issueToken(t.db, user.id);
    expect(token).toMatch(/^anw_/);
    expect((await userForToken(t.db, token))?.id).toBe(user.id);
    expect(await userForToken(t.db, `${token}x`)).toBeUndefined();
    expect(await userForToken(t.db, token, new Date(expiresAt.getTime() + 1))).toBeUndefined();
    const stored = await t.db.query.apiTokens.findFirst();
    expect(stored?.tokenHash).not.toContain(token.slice(4));
  });
});
