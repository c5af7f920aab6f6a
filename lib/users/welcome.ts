import type { Tx } from "@/db/client";
import type { User } from "@/db/schema";
import { enqueueMail } from "@/lib/mail/outbox";

/** The welcome mail with the Anwesha ID, queued in the sign-up's own transaction (once per account). */
export async function queueWelcomeMail(tx: Tx, user: Pick<User, "id" | "email" | "name" | "anweshaId">): Promise<void> {
  await enqueueMail(tx, {
    key: `welcome:${user.id}`,
    to: user.email,
    template: "welcome",
    data: { name: user.name, anweshaId: user.anweshaId },
  });
}
