"use server";

// Sign-in by a mailed link, for the pages. The domain is lib/auth/sign-in-link.ts.

import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { db } from "@/db/client";
import { signIn } from "@/lib/auth/auth";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { requestSignInLink, TooManySignInLinksError } from "@/lib/auth/sign-in-link";
import { env } from "@/lib/env";
import { isDatabaseUnavailable, UNAVAILABLE_MESSAGE } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { emailSchema } from "@/lib/users/schemas";

export type LinkState = { error?: string; sent?: boolean; email?: string };

export async function requestSignInLinkAction(_prev: LinkState, form: FormData): Promise<LinkState> {
  const email = String(form.get("email") ?? "");
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) return { error: "Enter the email you signed up with.", email };
  try {
    await requestSignInLink(db, parsed.data, clientAddress(await headers()), env().APP_URL);
  } catch (error) {
    if (error instanceof TooManySignInLinksError) return { error: error.message, email };
    if (isDatabaseUnavailable(error)) return { error: UNAVAILABLE_MESSAGE, email };
    throw error;
  }
  return { sent: true, email: parsed.data };
}

export async function signInWithLinkAction(_prev: LinkState, form: FormData): Promise<LinkState> {
  try {
    await signIn("sign-in-link", { token: String(form.get("token") ?? ""), redirectTo: safeCallbackUrl(form.get("callbackUrl"), "/me") });
  } catch (error) {
    // signIn redirects by throwing; only a refusal is answered on the page.
    if (error instanceof AuthError) return { error: "This sign-in link has expired or was already used. Ask for a new one." };
    throw error;
  }
  return {};
}
