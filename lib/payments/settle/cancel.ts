// The registration move `cancel`: a team disbanded before paying. Its registration ends and its held seat is free
// (a payment still in flight for it is decided, if money arrives, like any late success: flagged, never paid).
// Later, a disbanded team that never had money move is forgotten altogether (forgetAbandonedTeams).
import { and, eq, exists, inArray, lt, ne, notExists, or, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { auditLog, basketItems, checkIns, paymentItems, registrations, teams } from "@/db/schema";
import { REGISTRATION_MOVES, registrationSourcesOf } from "./transitions";

export async function cancelTeamRegistration(tx: Tx, teamId: string, now: Date): Promise<void> {
  await tx
    .update(registrations)
    .set({ status: REGISTRATION_MOVES.cancel.to, heldUntil: null, endedAt: now, updatedAt: now })
    .where(and(eq(registrations.teamId, teamId), inArray(registrations.status, registrationSourcesOf("cancel"))));
}

/**
 * The same move for a person's own unpaid solo registrations, when they delete their account (lib/users/
 * delete-account.ts): nobody is left to pay for them. Deletion is refused while a payment for one is in flight.
 */
export async function cancelSoloRegistrations(tx: Tx, userId: string, now: Date): Promise<void> {
  await tx
    .update(registrations)
    .set({ status: REGISTRATION_MOVES.cancel.to, heldUntil: null, endedAt: now, updatedAt: now })
    .where(and(eq(registrations.userId, userId), inArray(registrations.status, registrationSourcesOf("cancel"))));
}

/**
 * Forgets teams disbanded before `before` that never had money move: none of its registrations in a payment (a
 * payment names its team only through its items), an audit entry or a check-in. Their registrations (cancelled), basket lines, members
 * and invitations go with them, so a create-and-disband loop leaves nothing behind for long. Returns how many.
 */
export async function forgetAbandonedTeams(db: Db, before: Date, batch = 500): Promise<number> {
  return db.transaction(async (tx) => {
    const gone = await tx
      .select({ id: teams.id })
      .from(teams)
      .where(
        and(
          lt(teams.disbandedAt, before),
          notExists(
            tx
              .select({ one: sql`1` })
              .from(registrations)
              .where(
                and(
                  eq(registrations.teamId, teams.id),
                  or(
                    ne(registrations.status, REGISTRATION_MOVES.cancel.to),
                    exists(tx.select({ one: sql`1` }).from(paymentItems).where(eq(paymentItems.registrationId, registrations.id))),
                    exists(tx.select({ one: sql`1` }).from(auditLog).where(eq(auditLog.registrationId, registrations.id))),
                    exists(tx.select({ one: sql`1` }).from(checkIns).where(eq(checkIns.registrationId, registrations.id))),
                  ),
                ),
              ),
          ),
        ),
      )
      .limit(batch)
      .for("update", { skipLocked: true });
    const ids = gone.map((g) => g.id);
    if (!ids.length) return 0;
    await tx.delete(basketItems).where(inArray(basketItems.teamId, ids));
    await tx.delete(registrations).where(inArray(registrations.teamId, ids));
    await tx.delete(teams).where(inArray(teams.id, ids)); // members and invitations cascade
    return ids.length;
  });
}
