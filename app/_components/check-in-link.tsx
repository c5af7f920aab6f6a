// "Check-in" in the header, for organisers and for accounts that volunteer at some event's door.

import { eq } from "drizzle-orm";
import Link from "next/link";
import { db } from "@/db/client";
import { volunteers } from "@/db/schema";
import { errSummary, isDatabaseUnavailable } from "@/lib/errors";
import { log } from "@/lib/log";

/** Whether the account volunteers anywhere; while the database is down, no (the link is a shortcut, not a right). */
async function volunteersSomewhere(userId: string): Promise<boolean> {
  try {
    const [row] = await db.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.userId, userId)).limit(1);
    return !!row;
  } catch (error) {
    // The header is in the root layout: were this to throw, every page would lose its header and navigation to
    // the bare whole-document error page, even one that needs no database. The page's own error shows instead.
    if (!isDatabaseUnavailable(error)) throw error;
    log.warn({ err: errSummary(error) }, "check-in link left out: database unavailable");
    return false;
  }
}

export async function CheckInLink({ user }: { user: { id: string; role?: string } }) {
  if (user.role !== "organiser" && !(await volunteersSomewhere(user.id))) return null;
  return (
    <Link href="/checkin" className="whitespace-nowrap py-1 text-sm font-medium hover:underline">
      Check-in
    </Link>
  );
}
