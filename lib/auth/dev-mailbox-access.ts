// Who may read the development mailbox: env's devMailboxReaders says who (anyone under `next dev`, organisers
// when a production build opts in with DEV_MAILBOX=1, else nobody); this applies it to the person asking.
import { currentUser } from "@/lib/auth/require-user";
import { env } from "@/lib/env";

/**
 * True when the caller may read caught mail. Everyone else is answered "not found" by the page and the API, so a
 * stranger cannot tell the mailbox exists.
 */
export async function mayReadDevMailbox(req?: Request): Promise<boolean> {
  const readers = env().mail.devMailboxReaders;
  if (readers === "anyone") return true;
  if (readers !== "organisers") return false;
  // No bearer token and no cookie: nobody is signed in, so no session needs reading.
  if (req && !req.headers.get("authorization") && !req.headers.get("cookie")) return false;
  return (await currentUser(req))?.role === "organiser";
}
