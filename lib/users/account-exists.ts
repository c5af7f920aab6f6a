// Someone signed up with an address that already has an account. Sign-up answers as if it had worked, so the only
// one told is the address's owner, by mail: at most one such mail per account per hour, however often it is tried.
import type { Db } from "@/db/client";
import type { User } from "@/db/schema";
import { enqueueMail } from "@/lib/mail/outbox";

const WINDOW_MS = 60 * 60_000;

export async function mailAccountOwner(db: Db, owner: Pick<User, "id" | "name" | "email">, now = new Date()): Promise<void> {
  // The key names the hour: a second attempt within it inserts nothing (lib/mail/outbox.ts).
  const window = Math.floor(now.getTime() / WINDOW_MS);
  await enqueueMail(db, {
    key: `account-exists:${owner.id}:${window}`,
    to: owner.email,
    template: "account-exists",
    data: { name: owner.name },
  });
}
