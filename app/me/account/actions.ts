"use server";

// The account page's forms: profile, sign out everywhere, revoke one API token, mail the confirmation link again.

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/db/client";
import { signOut } from "@/lib/auth/auth";
import { requireUser } from "@/lib/auth/require-user";
import { signOutEverywhere } from "@/lib/auth/session-version";
import { revokeToken } from "@/lib/auth/tokens";
import { findUserById } from "@/lib/users/accounts";
import { resendVerification, TooManyVerificationMailsError } from "@/lib/users/email-verification";
import { updateProfile } from "@/lib/users/profile";
import { profileSchema } from "@/lib/users/schemas";

export type ProfileState = {
  saved?: boolean;
  error?: string;
  fields?: Record<string, string>;
  fieldErrors?: Record<string, string[] | undefined>;
};

export async function updateProfileAction(_prev: ProfileState, form: FormData): Promise<ProfileState> {
  const user = await requireUser();
  const fields = Object.fromEntries(["name", "phone", "college"].map((k) => [k, String(form.get(k) ?? "")]));
  const parsed = profileSchema.safeParse(fields);
  if (!parsed.success)
    return { error: "Please fix the highlighted fields.", fields, fieldErrors: z.flattenError(parsed.error).fieldErrors };
  await updateProfile(db, user.id, parsed.data);
  revalidatePath("/me", "layout");
  return { saved: true, fields: { name: parsed.data.name, phone: parsed.data.phone, college: parsed.data.college } };
}

export async function signOutEverywhereAction(): Promise<void> {
  const user = await requireUser();
  await signOutEverywhere(db, user.id);
  await signOut({ redirectTo: "/sign-in?signedOut=everywhere" });
}

export async function revokeTokenAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const id = String(form.get("id") ?? "");
  if (/^[0-9a-f-]{36}$/i.test(id)) await revokeToken(db, user.id, id);
  revalidatePath("/me/account");
}

export async function resendVerificationAction(): Promise<void> {
  const user = await findUserById(db, (await requireUser()).id);
  try {
    if (user) await resendVerification(db, user);
  } catch (error) {
    // Over the limit: the page says nothing new (the links already sent still work).
    if (!(error instanceof TooManyVerificationMailsError)) throw error;
  }
  revalidatePath("/me/account");
}
