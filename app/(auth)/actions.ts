"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/db/client";
import { signIn, signOut } from "@/lib/auth/auth";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { signInFailureMessage } from "@/lib/auth/sign-in-failure";
import { landingAfterSignIn } from "@/lib/console/landing";
import { isDatabaseUnavailable, UNAVAILABLE_MESSAGE } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { findUserByEmail, signUp, TooManySignUpsError } from "@/lib/users/accounts";
import { credentialsSchema, signUpSchema } from "@/lib/users/schemas";

export type FormState = {
  error?: string;
  fields?: Record<string, string>;
  fieldErrors?: Record<string, string[] | undefined>;
};

export async function signInAction(_prev: FormState, form: FormData): Promise<FormState> {
  const email = String(form.get("email") ?? "");
  const parsed = credentialsSchema.safeParse({ email, password: form.get("password") });
  if (!parsed.success) return { error: "Enter your email and password.", fields: { email } };
  try {
    // No redirect yet: where they land depends on who they turn out to be (lib/console/landing.ts).
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false });
  } catch (error) {
    // A refusal (or the database being down) is answered on the form.
    const message = signInFailureMessage(error);
    if (message) return { error: message, fields: { email } };
    throw error;
  }
  const user = await findUserByEmail(db, parsed.data.email);
  redirect(user ? await landingAfterSignIn(db, user.id, { asked: form.get("callbackUrl"), from: form.get("cameFrom") }) : "/");
}

export async function signUpAction(_prev: FormState, form: FormData): Promise<FormState> {
  const raw = Object.fromEntries(["name", "email", "phone", "college", "password"].map((k) => [k, String(form.get(k) ?? "")]));
  const { password: _omit, ...fields } = raw;
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success) {
    return { error: "Please fix the highlighted fields.", fields, fieldErrors: z.flattenError(parsed.error).fieldErrors };
  }
  try {
    await signUp(db, parsed.data, clientAddress(await headers()));
  } catch (error) {
    if (error instanceof TooManySignUpsError) return { error: error.message, fields };
    // The form keeps what was typed; an error page would lose it.
    if (isDatabaseUnavailable(error)) return { error: UNAVAILABLE_MESSAGE, fields };
    throw error;
  }
  // The same next step for a new and a taken email (lib/users/accounts.ts signUp): sign in. A callbackUrl (e.g. a
  // team invitation mailed to a new address) leads on after that.
  const next = new URLSearchParams({ signedUp: "1" });
  const callbackUrl = safeCallbackUrl(form.get("callbackUrl"), "");
  if (callbackUrl) next.set("callbackUrl", callbackUrl);
  redirect(`/sign-in?${next}`);
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
