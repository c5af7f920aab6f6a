// The hour's limit per event: counted from the announcements themselves, under the event's announcement lock
// (send.ts), so two authors sending at once cannot both take the last one.
import { and, asc, eq, gt } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { announcements } from "@/db/schema";
import { RateLimitedError } from "@/lib/errors";
import { formatISTShort } from "@/lib/format";
import { ANNOUNCEMENTS_PER_EVENT_PER_HOUR } from "./input";

const HOUR_MS = 60 * 60_000;

/** How many more this event may send now, and when the next one frees up when none (null: not limited). */
export async function hourLeft(db: Db | Tx, eventId: string, now: Date): Promise<{ left: number; nextAt: Date | null }> {
  const recent = await db
    .select({ at: announcements.createdAt })
    .from(announcements)
    .where(and(eq(announcements.eventId, eventId), gt(announcements.createdAt, new Date(now.getTime() - HOUR_MS))))
    .orderBy(asc(announcements.createdAt));
  const left = Math.max(0, ANNOUNCEMENTS_PER_EVENT_PER_HOUR - recent.length);
  // The oldest in the window leaves it an hour after it was sent: one more may go then.
  const oldest = recent[recent.length - ANNOUNCEMENTS_PER_EVENT_PER_HOUR];
  return { left, nextAt: left === 0 && oldest ? new Date(oldest.at.getTime() + HOUR_MS) : null };
}

/** Throws the one 429 (with Retry-After) when the event has sent its hour's announcements. */
export async function assertUnderLimit(tx: Tx, event: { id: string; name: string }, now: Date): Promise<void> {
  const { left, nextAt } = await hourLeft(tx, event.id, now);
  if (left > 0 || !nextAt) return;
  const seconds = Math.max(1, Math.ceil((nextAt.getTime() - now.getTime()) / 1000));
  throw new RateLimitedError(
    `${event.name} has sent ${ANNOUNCEMENTS_PER_EVENT_PER_HOUR} announcements in the last hour, the most allowed. Try again after ${formatISTShort(nextAt, now)}.`,
    seconds,
  );
}
