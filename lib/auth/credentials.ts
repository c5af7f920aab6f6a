// Checking an email and password: the sign-in form's and the token endpoint's one way to ask.
import type { Db } from "@/db/client";
import type { User } from "@/db/schema";
import { findUserByEmail } from "@/lib/users/accounts";
import { verifyPassword } from "@/lib/users/passwords";
import { admitLogin } from "./login-limits";

export { TooManyFailedLoginsError } from "./login-limits";

/**
 * The user for these credentials, or null. Takes the same time for unknown emails (dummy hash). Throws
 * TooManyFailedLoginsError when lib/auth/login-limits.ts refuses the attempt; successes never count.
 */
export async function checkCredentials(
  db: Db,
  email: string,
  password: string,
  client: string | null = null,
  /** A genuine device cookie's nonce for this account (lib/auth/device-cookie.ts). */
  device: string | null = null,
): Promise<User | null> {
  const ticket = await admitLogin(db, email, client, new Date(), device);
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!ok || !user) return null;
  await ticket.succeeded(user.id);
  return user;
}
