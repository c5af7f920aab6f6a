"use server";

// The account page's forms: profile, sign out everywhere, revoke one API token, mail the confirmation link again,
// change password, change email, delete the account.

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/db/client";
import { signIn, signOut } from "@/lib/auth/auth";
import { requireUser } from "@/lib/auth/require-user";
import { revokeToken } from "@/lib/auth/tokens";
import { ApiError } from "@/lib/errors";
import { deleteAccount } from "@/lib/privacy/delete-account";
import { changePassword, requestEmailChange } from "@/lib/users/account-changes";
import { findUserById } from "@/lib/users/accounts";
import { resendVerification, TooManyVerificationMailsError } from "@/lib/users/email-verification";
import { updateProfile } from "@/lib/users/profile";
import { changeEmailSchema, changePasswordSchema, deleteAccountSchema, profileSchema } from "@/lib/users/schemas";
import { signOutEverywhere } from "@/lib/users/session-version";

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

export type ChangeState = {
  done?: string;
  error?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  fields?: Record<string, string>;
};

/** A refusal a person can act on, said on the form; anything else is the error page's. */
function answer(error: unknown, fields?: Record<string, string>): ChangeState {
  if (error instanceof ApiError && error.status < 500)
    return { error: error.message, fieldErrors: (error.details as ChangeState["fieldErrors"]) ?? undefined, fields };
  throw error;
}

export async function changePasswordAction(_prev: ChangeState, form: FormData): Promise<ChangeState> {
  const user = await requireUser();
  const parsed = changePasswordSchema.safeParse({
    currentPassword: String(form.get("currentPassword") ?? ""),
    newPassword: String(form.get("newPassword") ?? ""),
  });
  if (!parsed.success) return { error: "Please fix the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  try {
    await changePassword(db, user.id, parsed.data);
  } catch (error) {
    return answer(error);
  }
  // Every session was signed out, this one too: sign this browser in again with the new password.
  await signIn("credentials", { email: user.email, password: parsed.data.newPassword, redirectTo: "/me/account?password=changed" });
  return {};
}

export async function changeEmailAction(_prev: ChangeState, form: FormData): Promise<ChangeState> {
  const user = await requireUser();
  const fields = { newEmail: String(form.get("newEmail") ?? "") };
  const parsed = changeEmailSchema.safeParse({ ...fields, currentPassword: String(form.get("currentPassword") ?? "") });
  if (!parsed.success)
    return { error: "Please fix the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors, fields };
  try {
    const { sentTo } = await requestEmailChange(db, user.id, parsed.data);
    return { done: `We sent a link to ${sentTo}. Open it to move your account there; until then you keep using ${user.email}.` };
  } catch (error) {
    return answer(error, fields);
  }
}

export async function deleteAccountAction(_prev: ChangeState, form: FormData): Promise<ChangeState> {
  const user = await requireUser();
  const parsed = deleteAccountSchema.safeParse({ currentPassword: String(form.get("currentPassword") ?? "") });
  if (!parsed.success)
    return { error: "Enter your password to delete your account.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  try {
    await deleteAccount(db, user.id, parsed.data.currentPassword);
  } catch (error) {
    return answer(error);
  }
  await signOut({ redirectTo: "/sign-in?accountDeleted=1" });
  return {};
}
