// Where a person lands after signing in when the page they asked for is not known: someone with team invitations
// waiting sees them (on /me), an organiser the console, an event's coordinator their events, anyone else the page they came from, or the events.
// A page that sent them to sign in (callbackUrl) always wins: they asked for it.
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { consoleScopeOf } from "@/lib/coordinators/access";
import { openInvitationCount } from "@/lib/teams/invitations";

export const LANDINGS = { invitations: "/me", console: "/organiser/payments", coordinator: "/organiser/events", home: "/" } as const;

/** Pages it makes no sense to come back to after signing in: the ways in themselves. */
const WAYS_IN = ["/sign-in", "/sign-up", "/forgot-password", "/reset-password", "/verify-email"];

/**
 * The page a Referer names, as a same-site path, when it is on this site (`host`, the request's own) and not a way
 * in; null otherwise. An open redirect is a phishing tool, so anything else is dropped.
 */
export function cameFrom(referer: string | null | undefined, host: string | null | undefined): string | null {
  if (!referer || !host) return null;
  let url: URL;
  try {
    url = new URL(referer);
  } catch {
    return null;
  }
  if (url.host !== host || (url.protocol !== "http:" && url.protocol !== "https:")) return null;
  if (WAYS_IN.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`))) return null;
  const path = safeCallbackUrl(`${url.pathname}${url.search}`, "");
  return path || null;
}

/** Where to go once `userId` has signed in. `asked`: the callbackUrl the form carried; `from`: cameFrom's answer. */
export async function landingAfterSignIn(db: Db, userId: string, opts: { asked?: unknown; from?: unknown }): Promise<string> {
  const asked = safeCallbackUrl(opts.asked, "");
  if (asked) return asked;
  const [user] = await db.select({ id: users.id, email: users.email, role: users.role }).from(users).where(eq(users.id, userId));
  if (user && (await openInvitationCount(db, user)) > 0) return LANDINGS.invitations;
  if (user?.role === "organiser") return LANDINGS.console;
  // An event's coordinator (issue 28) lands on their events.
  if (user && (await consoleScopeOf(db, user))) return LANDINGS.coordinator;
  return safeCallbackUrl(opts.from, LANDINGS.home);
}
