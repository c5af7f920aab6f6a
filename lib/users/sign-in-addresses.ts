// The addresses an account has signed in from (and signed up at): lib/auth/login-limits.ts lets a known address
// through when strangers have locked the account's ordinary sign-ins. Kept here, with the account, because sign-up
// records one too.
import type { Db } from "@/db/client";
import { signInAddresses } from "@/db/schema";
import { addressKey } from "@/lib/http/forwarding";

/** Marks `client` as an address this account has signed in from (also on sign-up: the account was made there). */
export async function rememberSignInAddress(db: Db, userId: string, client: string | null, now = new Date()): Promise<void> {
  const address = addressKey(client);
  if (address === "unknown") return;
  await db
    .insert(signInAddresses)
    .values({ userId, address, lastSuccessAt: now })
    .onConflictDoUpdate({ target: [signInAddresses.userId, signInAddresses.address], set: { lastSuccessAt: now } });
}
