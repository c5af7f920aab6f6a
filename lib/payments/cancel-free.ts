// POST /api/registrations/{id}/cancel: the holder of a free registration (the solo entrant, or the team's captain)
// gives its seat back. Only what nothing was paid for with money can be cancelled here; money goes back through an
// organiser's refund. The move itself is the one door's (lib/payments/settle/free.ts).
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Registration, registrations, teams } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { conflict, forbidden, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { wakeWaitlistIfAny } from "@/lib/jobs/waitlist-wake";
import { holdsRegistration } from "@/lib/registrations/holders";
import { cancelFreeRegistration } from "./settle/free";

/** Why a registration its holder may see cannot be cancelled, by its status. */
const WHY_NOT: Record<Registration["status"], string> = {
  paid: "Money was paid for this registration, so it cannot be cancelled here. Ask an organiser for a refund.",
  awaiting_payment: "This registration is not confirmed yet (a payment for it may be in flight), so there is nothing to cancel.",
  refunded: "This registration was refunded, so it is no longer registered.",
  cancelled: "This registration is already cancelled.",
};

export async function cancelByHolder(db: Db, registrationId: string, userId: string, now = new Date()): Promise<Registration> {
  if (!isUuid(registrationId)) throw notFound("No such registration.");
  const [found] = await db
    .select({ r: registrations, captainId: teams.captainId })
    .from(registrations)
    .leftJoin(teams, eq(teams.id, registrations.teamId))
    .where(and(eq(registrations.id, registrationId), holdsRegistration(userId)))
    .limit(1);
  // Anyone who does not hold it learns nothing about it.
  if (!found) throw notFound("No such registration.");
  if (found.r.teamId && found.captainId !== userId) throw forbidden("Only the team's captain can cancel the team's registration.");
  return db.transaction(async (tx) => {
    const cancelled = await cancelFreeRegistration(tx, registrationId, now);
    if (!cancelled) {
      const [after] = await tx.select({ status: registrations.status }).from(registrations).where(eq(registrations.id, registrationId));
      throw conflict(WHY_NOT[after?.status ?? "cancelled"]);
    }
    await writeAudit(tx, {
      actorId: userId,
      action: "registration.cancelled",
      registrationId,
      eventId: cancelled.eventId,
      createdAt: now,
    });
    await wakeWaitlistIfAny(tx, [cancelled.eventId]);
    return cancelled;
  });
}
