import { z } from "zod";
import { storableText } from "@/lib/errors";
import { passwordProblem } from "./password-policy";

/** Text a person typed: trimmed, and nothing Postgres cannot store (NUL, lone surrogates). */
const text = () => z.string().trim().refine(storableText, "Contains characters that are not allowed.");

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.").max(254));

/** A phone as we store it: spaces, dashes and a leading +91 or 0 removed ("+91 98765-43210" → "9876543210"). */
export function phoneDigits(typed: string): string {
  return typed
    .trim()
    .replace(/[\s-]/g, "")
    .replace(/^(\+91|0)/, "");
}

const profileFields = {
  name: text().pipe(z.string().min(2, "Enter your full name.").max(100)),
  phone: z
    .string()
    .trim()
    .transform(phoneDigits)
    .pipe(z.string().regex(/^[6-9]\d{9}$/, "Enter a 10-digit Indian mobile number.")),
  college: text().pipe(z.string().min(2, "Enter your college.").max(150)),
};

/** A password being set (sign-up, reset): the policy itself is checked with the person's name and email. */
export const newPasswordSchema = z
  .string()
  .max(200, "Use at most 200 characters.")
  .refine(storableText, "Contains characters that are not allowed.");

export const signUpSchema = z.object({ ...profileFields, email: emailSchema, password: newPasswordSchema }).superRefine((v, ctx) => {
  const problem = passwordProblem(v.password, [v.name, v.email]);
  if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const credentialsSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(200),
});

/** The account page's editable part. */
export const profileSchema = z.object(profileFields);
export type ProfileInput = z.infer<typeof profileSchema>;

export const resetRequestSchema = z.object({ email: emailSchema });
export const resetCompleteSchema = z.object({ token: z.string().min(1).max(200), password: newPasswordSchema });

/** Changing the password while signed in: the current one, and the new one (the policy is checked with the person's name). */
export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(200),
  newPassword: newPasswordSchema,
});

/** Moving the account to another address: the new address, and the current password. */
export const changeEmailSchema = z.object({
  newEmail: emailSchema,
  currentPassword: z.string().min(1, "Enter your current password.").max(200),
});

/** Deleting the account: the password again, so a session left open cannot do it. */
export const deleteAccountSchema = z.object({ currentPassword: z.string().min(1, "Enter your password.").max(200) });
