// The one way a route handler or page learns who is asking: a bearer token (API clients) or the Auth.js
// session cookie (the browser). The user is re-read from the database so a role change applies at once.
import { db } from "@/db/client";
import type { User } from "@/db/schema";
import { forbidden, unauthorized } from "@/lib/errors";
import { findUserById } from "@/lib/users/accounts";
import { auth } from "./auth";
import { bearerToken, tokenSession } from "./tokens";

export type CurrentUser = Pick<User, "id" | "anweshaId" | "name" | "email" | "phone" | "college" | "role"> &
  // Read by the price rule (lib/events/prices.ts: a domain counts only once the email is verified); optional so a
  // caller that never chooses a price need not carry it.
  Partial<Pick<User, "emailVerifiedAt">>;

/** What the app keeps of a signed-in person's row (tests build theirs with it too). */
export function currentUserOf(u: User): CurrentUser {
  return {
    id: u.id,
    anweshaId: u.anweshaId,
    name: u.name,
    email: u.email,
    phone: u.phone,
    college: u.college,
    role: u.role,
    emailVerifiedAt: u.emailVerifiedAt,
  };
}

export async function currentUser(req?: Request): Promise<CurrentUser | null> {
  if (req?.headers.get("authorization")) {
    const token = bearerToken(req);
    const found = token ? await tokenSession(db, token) : undefined;
    return found ? currentUserOf(found.user) : null;
  }
  const session = await auth();
  if (!session?.user?.id) return null;
  const user = await findUserById(db, session.user.id);
  return user ? currentUserOf(user) : null;
}

export async function requireUser(req?: Request): Promise<CurrentUser> {
  const user = await currentUser(req);
  if (!user) throw unauthorized();
  return user;
}

export async function requireOrganiser(req?: Request): Promise<CurrentUser> {
  const user = await requireUser(req);
  if (user.role !== "organiser") throw forbidden("Only organisers can do that.");
  return user;
}
