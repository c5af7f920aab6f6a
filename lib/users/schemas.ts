import { z } from "zod";
import { storableText } from "@/lib/errors";

/** Text a person typed: trimmed, and nothing Postgres cannot store (NUL, lone surrogates). */
const text = () => z.string().trim().refine(storableText, "Contains characters that are not allowed.");

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address.").max(254));

export const signUpSchema = z.object({
  name: text().pipe(z.string().min(2, "Enter your full name.").max(100)),
  email: emailSchema,
  phone: z
    .string()
    .trim()
    .transform((v) => v.replace(/[\s-]/g, "").replace(/^(\+91|0)/, ""))
    .pipe(z.string().regex(/^[6-9]\d{9}$/, "Enter a 10-digit Indian mobile number.")),
  college: text().pipe(z.string().min(2, "Enter your college.").max(150)),
  password: z.string().min(8, "Use at least 8 characters.").max(200).refine(storableText, "Contains characters that are not allowed."),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const credentialsSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(200),
});
