// The sign-in form's words for a refused sign-in: wrong credentials only when Auth.js says so; a database outage
// inside authorize() says the service is unavailable; anything else is not a refusal and is rethrown.
import { CallbackRouteError } from "@auth/core/errors";
import { CredentialsSignin } from "next-auth";
import { describe, expect, it } from "vitest";
import { SIGN_IN_MESSAGES, signInFailureMessage } from "./sign-in-failure";

class RateLimited extends CredentialsSignin {
  code = "rate_limited";
}

/** How Auth.js wraps an error thrown in authorize() (the Error overload of its constructor is internal). */
const wrapped = (e: Error) => new CallbackRouteError(e as unknown as string, { provider: "credentials" } as ErrorOptions);

/** What Drizzle throws when postgres-js cannot connect: the driver's error is the cause. */
const refused = () =>
  new Error("Failed query: select ...", {
    cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", errno: -111 }),
  });

describe("signInFailureMessage", () => {
  it("wrong credentials and too many attempts, as Auth.js reports them", () => {
    expect(signInFailureMessage(new CredentialsSignin())).toBe(SIGN_IN_MESSAGES.wrong);
    expect(signInFailureMessage(new RateLimited())).toBe(SIGN_IN_MESSAGES.limited);
  });

  it("a database outage inside authorize() is not a wrong password", () => {
    expect(signInFailureMessage(wrapped(refused()))).toBe(SIGN_IN_MESSAGES.unavailable);
    // A server shutting down (57P01) whose code is only on the wrapped error itself, not on a cause.
    const shutdown = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    expect(signInFailureMessage(wrapped(shutdown))).toBe(SIGN_IN_MESSAGES.unavailable);
    expect(SIGN_IN_MESSAGES.unavailable).not.toMatch(/match/);
  });

  it("anything else is not a refusal: a bug in authorize(), or the redirect that signIn throws on success", () => {
    expect(signInFailureMessage(wrapped(new TypeError("x is undefined")))).toBeNull();
    expect(signInFailureMessage(Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/me;307;" }))).toBeNull();
    expect(signInFailureMessage(new Error("boom"))).toBeNull();
  });
});
