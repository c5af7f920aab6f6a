// An organiser closes an event's waiting list: nobody may join, and everyone still waiting leaves it (closed), so a
// freed seat is for anyone again. Offers already out stand until their deadline: those people were told the seat is
// theirs. Audited in the same transaction.
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, waitlistEntries } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { conflict, notFound } from "@/lib/errors";
import { lockEvents } from "@/lib/registrations/seats";

export async function closeWaitlist(db: Db, actorId: string, slug: string, now = new Date()): Promise<{ closed: number }> {
  return db.transaction(async (tx) => {
    const [event] = await tx.select({ id: events.id, at: events.waitlistClosedAt }).from(events).where(eq(events.slug, slug));
    if (!event) throw notFound("No such event.");
    if (event.at) throw conflict("This waiting list is already closed.");
    await lockEvents(tx, [event.id]);
    await tx.update(events).set({ waitlistClosedAt: now, updatedAt: now }).where(eq(events.id, event.id));
    const rows = await tx
      .update(waitlistEntries)
      .set({ status: "closed", endedAt: now, updatedAt: now })
      .where(and(eq(waitlistEntries.eventId, event.id), eq(waitlistEntries.status, "waiting")))
      .returning({ id: waitlistEntries.id });
    await writeAudit(tx, { actorId, action: "waitlist.closed", eventId: event.id, details: { closed: rows.length }, createdAt: now });
    return { closed: rows.length };
  });
}
