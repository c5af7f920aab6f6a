"use server";

// Forgot password and reset, for the pages. The domain is lib/users/password-reset.ts.

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
import { db } from "@/db/client";
import { signIn } from "@/lib/auth/auth";
import { env } from "@/lib/env";
import { isDatabaseUnavailable, UNAVAILABLE_MESSAGE } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import {
  completePasswordReset,
  InvalidResetTokenError,
  requestPasswordReset,
  TooManyResetRequestsError,
  WeakPasswordError,
} from "@/lib/users/password-reset";
import { emailSchema, newPasswordSchema } from "@/lib/users/schemas";

export type ResetState = { error?: string; sent?: boolean; email?: string; passwordError?: string };

export async function requestResetAction(_prev: ResetState, form: FormData): Promise<ResetState> {
  const email = String(form.get("email") ?? "");
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) return { error: "Enter the email you signed up with.", email };
  try {
    await requestPasswordReset(db, parsed.data, clientAddress(await headers()), env().APP_URL);
  } catch (error) {
    if (error instanceof TooManyResetRequestsError) return { error: error.message, email };
    if (isDatabaseUnavailable(error)) return { error: UNAVAILABLE_MESSAGE, email };
    throw error;
  }
  return { sent: true, email: parsed.data };
}

export async function completeResetAction(_prev: ResetState, form: FormData): Promise<ResetState> {
  const token = String(form.get("token") ?? "");
  const password = newPasswordSchema.safeParse(String(form.get("password") ?? ""));
  if (!password.success) return { passwordError: password.error.issues[0]?.message };
  let email: string;
  try {
    email = (await completePasswordReset(db, token, password.data)).email;
  } catch (error) {
    if (error instanceof WeakPasswordError) return { passwordError: error.message };
    if (error instanceof InvalidResetTokenError) return { error: error.message };
    throw error;
  }
  // Every older session is gone; this browser starts a fresh one with the new password.
  try {
    await signIn("credentials", { email, password: password.data, redirectTo: "/me?reset=1" });
  } catch (error) {
    if (error instanceof AuthError) redirect("/sign-in?reset=1");
    throw error;
  }
  return {};
}
