// Waking an event's waiting list: a job added in the transaction that freed a seat (a refund, a cancel, a capacity
// raised, a place left), so the offer follows the change exactly when it commits, and survives a restart. The queue
// is "stately" (db/job-queue.ts): a burst of frees at one event makes one more run, never a run per free.
import { and, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { waitlistEntries } from "@/db/schema";
import { sendInTransaction } from "@/lib/jobs/send";

export async function wakeWaitlist(tx: Tx | Db, eventIds: string[]): Promise<void> {
  for (const eventId of new Set(eventIds))
    await sendInTransaction(tx, "waitlist-offers", { eventId }, { singletonKey: `waitlist:${eventId}` });
}

/** Wakes those of these events whose line has someone in it (most frees are at events nobody waits for). */
export async function wakeWaitlistIfAny(tx: Tx | Db, eventIds: string[]): Promise<void> {
  if (!eventIds.length) return;
  const lined = await tx
    .selectDistinct({ eventId: waitlistEntries.eventId })
    .from(waitlistEntries)
    .where(and(inArray(waitlistEntries.eventId, [...new Set(eventIds)]), inArray(waitlistEntries.status, ["waiting", "offered"])));
  await wakeWaitlist(
    tx,
    lined.map((l) => l.eventId),
  );
}

/** A run at `at` (an offer's deadline) to pass a lapsed offer on; keyed by the moment, so it never blocks a wake. */
export async function wakeWaitlistAt(tx: Tx | Db, eventId: string, at: Date): Promise<void> {
  await sendInTransaction(tx, "waitlist-offers", { eventId }, { singletonKey: `waitlist:${eventId}:${at.toISOString()}`, startAfter: at });
}
