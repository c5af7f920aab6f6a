// Hiding an event from attendees and showing it again. Hidden: not on the home page or GET /api/events, its page
// is "not found" for everyone but organisers, and it is not open for registration (isOpen), so nobody new can
// join or start paying. What already exists keeps working: paid registrations, their passes, receipts and
// check-in never look at it. One transaction with the event's row locked, audited in it.
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import type { CurrentUser } from "@/lib/auth/require-user";
import { notFound } from "@/lib/errors";
import { type OrganiserEvent, organiserEvent } from "./admin-view";
import { isEventSlug } from "./events";

/** Hides (`hidden`) or shows the event. Already so: nothing written, the event answered as it is. */
export async function setHidden(
  db: Db,
  actor: Pick<CurrentUser, "id">,
  slug: string,
  hidden: boolean,
  now = new Date(),
): Promise<OrganiserEvent> {
  if (!isEventSlug(slug)) throw notFound("No such event.");
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(events).where(eq(events.slug, slug)).for("no key update");
    if (!current) throw notFound("No such event.");
    if (hidden !== !!current.hiddenAt) {
      await tx
        .update(events)
        .set({ hiddenAt: hidden ? now : null, updatedAt: now })
        .where(eq(events.id, current.id));
      await writeAudit(tx, {
        actorId: actor.id,
        action: hidden ? "event.hidden" : "event.shown",
        eventId: current.id,
        details: hidden ? { hiddenAt: now.toISOString() } : { hiddenAt: current.hiddenAt!.toISOString() },
      });
    }
    return (await organiserEvent(tx, current.id, now))!;
  });
}
