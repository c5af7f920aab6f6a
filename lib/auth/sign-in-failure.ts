// What the sign-in form says when Auth.js refuses a sign-in. Only Auth.js's own "no such credentials"
// (CredentialsSignin, which authorize() returning null becomes) means the email and password are wrong. A
// database outage inside authorize() arrives as an AuthError too (CallbackRouteError wrapping the driver's error),
// and must not tell a person that their password is wrong, nor make them try it again and again.
import { CredentialsSignin } from "next-auth";
import { isDatabaseUnavailable, UNAVAILABLE_MESSAGE } from "@/lib/errors";

export const SIGN_IN_MESSAGES = {
  wrong: "That email and password don't match an account.",
  limited: "Too many sign-in attempts. Please wait a little and try again.",
  unavailable: `We could not check your password just now. ${UNAVAILABLE_MESSAGE}`,
} as const;

/** The form's message for a failed sign-in, or null for an error that is not a refusal (rethrow it). */
export function signInFailureMessage(error: unknown): string | null {
  if (isDatabaseUnavailable(error)) return SIGN_IN_MESSAGES.unavailable;
  // RateLimitedSignIn (lib/auth/auth.ts) is a CredentialsSignin with its own code.
  if (error instanceof CredentialsSignin) return error.code === "rate_limited" ? SIGN_IN_MESSAGES.limited : SIGN_IN_MESSAGES.wrong;
  return null;
}
