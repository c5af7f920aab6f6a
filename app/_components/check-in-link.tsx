// "Check-in", "Desk" and "Your events" in the header: for organisers the first (the console has the rest); for a
// volunteer, the places they work (the door's check-in, or the desk's walk-ins), so a desk volunteer is not sent to a
// door page that refuses them; for an event's coordinator, their events in the console.

import { eq } from "drizzle-orm";
import Link from "next/link";
import { db } from "@/db/client";
import { volunteers } from "@/db/schema";
import { errSummary, isDatabaseUnavailable } from "@/lib/errors";
import { log } from "@/lib/log";

/** Where the account works (door, desk, coordinator); while the database is down, nowhere (the links are shortcuts, not rights). */
async function rolesOf(userId: string): Promise<Set<string>> {
  try {
    const rows = await db.selectDistinct({ role: volunteers.role }).from(volunteers).where(eq(volunteers.userId, userId));
    return new Set(rows.map((r) => r.role));
  } catch (error) {
    // The header is in the root layout: were this to throw, every page would lose its header and navigation to
    // the bare whole-document error page, even one that needs no database. The page's own error shows instead.
    if (!isDatabaseUnavailable(error)) throw error;
    log.warn({ err: errSummary(error) }, "check-in link left out: database unavailable");
    return new Set();
  }
}

const linkClass = "whitespace-nowrap py-1 text-sm font-medium hover:underline";

export async function CheckInLink({ user }: { user: { id: string; role?: string } }) {
  // Organisers reach the desk from the console's Desk tab; the header keeps one link for them (a phone's header wraps).
  const roles = user.role === "organiser" ? new Set(["door"]) : await rolesOf(user.id);
  return (
    <>
      {roles.has("door") ? (
        <Link href="/checkin" className={linkClass}>
          Check-in
        </Link>
      ) : null}
      {roles.has("desk") ? (
        <Link href="/desk" className={linkClass}>
          Desk
        </Link>
      ) : null}
      {roles.has("coordinator") ? (
        <Link href="/organiser/events" className={linkClass}>
          Your events
        </Link>
      ) : null}
    </>
  );
}
