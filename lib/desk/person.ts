// The person a desk registers: found by Anwesha ID, email or phone, or given a minimal account made here (email,
// name, and phone and college when told). The account has a random password nobody knows: its owner claims it by
// the sign-in link or "forgot password" sent to that email (lib/auth/sign-in-link.ts, lib/users/password-reset.ts),
// as the welcome mail says.
import { randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type User, users } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/require-user";
import { ApiError, storableText } from "@/lib/errors";
import { createAccount, EmailTakenError, findUserByEmail } from "@/lib/users/accounts";
import { emailSchema, phoneDigits } from "@/lib/users/schemas";
import { queueWelcomeMail } from "@/lib/users/welcome";

const typed = (max: number, what: string) =>
  z.string(`${what} must be text.`).trim().min(1).max(max).refine(storableText, "Contains characters that are not allowed.");

export const deskPersonSchema = z
  .object({
    email: emailSchema.optional(),
    phone: z
      .string("phone must be text.")
      .trim()
      .transform(phoneDigits)
      .pipe(z.string().regex(/^[6-9]\d{9}$/, "Enter a 10-digit Indian mobile number."))
      .optional(),
    anweshaId: z
      .string("anweshaId must be text.")
      .trim()
      .toUpperCase()
      .transform((v) => (/^ANW[0-9A-Z]{6}$/.test(v) ? `ANW-${v.slice(3)}` : v))
      .pipe(z.string().regex(/^ANW-[0-9A-Z]{6}$/, "An Anwesha ID looks like ANW-7K2Q9M."))
      .optional(),
    name: typed(100, "name").pipe(z.string().min(2, "Enter the person's full name.")).optional(),
    college: typed(150, "college").optional(),
  })
  .refine((p) => p.email || p.phone || p.anweshaId, { message: "Give the person's email, phone or Anwesha ID.", path: ["email"] });
export type DeskPersonInput = z.infer<typeof deskPersonSchema>;

const asPayer = (u: User): CurrentUser => ({
  id: u.id,
  anweshaId: u.anweshaId,
  name: u.name,
  email: u.email,
  phone: u.phone,
  college: u.college,
  role: u.role,
  emailVerifiedAt: u.emailVerifiedAt,
});

const fieldError = (field: string, message: string) => new ApiError(422, "validation_failed", message, { [`person.${field}`]: [message] });

/**
 * The account these details name, if there is one (an Anwesha ID first, then the email, then the phone). An email
 * typed is the person's word: when no account has it, a new one is made with it, never someone else's found by the
 * phone (phones are neither unique nor verified, and a stranger would get the pass and the receipt).
 */
export async function findDeskPerson(db: Db, p: DeskPersonInput): Promise<CurrentUser | null> {
  const live = isNull(users.deletedAt);
  if (p.anweshaId) {
    const [u] = await db
      .select()
      .from(users)
      .where(and(eq(users.anweshaId, p.anweshaId), live))
      .limit(1);
    if (!u) throw fieldError("anweshaId", `No account has the Anwesha ID ${p.anweshaId}.`);
    return asPayer(u);
  }
  if (p.email) {
    const u = await findUserByEmail(db, p.email);
    return u && !u.deletedAt ? asPayer(u) : null;
  }
  if (p.phone) {
    const found = await db
      .select()
      .from(users)
      .where(and(sql`${users.phone} = ${p.phone}`, live))
      .limit(2);
    if (found.length > 1) throw fieldError("phone", "Several accounts have this phone: find the person by email or Anwesha ID.");
    if (found[0]) return asPayer(found[0]);
  }
  return null;
}

/** What a minimal account needs, checked before anything is written. */
export function assertCanMakeAccount(p: DeskPersonInput): asserts p is DeskPersonInput & { email: string; name: string } {
  if (!p.email) throw fieldError("email", "No account has this phone: give the person's email to make one.");
  if (!p.name) throw fieldError("name", "No account has this email: give the person's name to make one.");
}

/** A minimal account for a walk-in, with the welcome mail (their Anwesha ID and how to sign in). */
export async function makeDeskAccount(db: Db, p: DeskPersonInput): Promise<CurrentUser> {
  assertCanMakeAccount(p);
  try {
    const user = await createAccount(
      db,
      {
        email: p.email,
        name: p.name,
        phone: p.phone ?? "",
        college: p.college ?? "",
        // Nobody knows it: the owner signs in by a link to the email, or sets a password by "forgot password".
        password: randomBytes(32).toString("base64url"),
      },
      "attendee",
      (tx, made) => queueWelcomeMail(tx, made),
    );
    return asPayer(user);
  } catch (error) {
    // Made a moment ago at another desk: it is theirs.
    if (error instanceof EmailTakenError) {
      const u = await findUserByEmail(db, p.email);
      if (u && !u.deletedAt) return asPayer(u);
      // A deleted account keeps its (anonymised) row: the desk cannot register anyone on it.
      if (u) throw fieldError("email", "This email belonged to a deleted account: give another email.");
    }
    throw error;
  }
}
