// The registration move `cancel`: a team disbanded before paying. Its registration ends and its held seat is free
// (a payment still in flight for it is decided, if money arrives, like any late success: flagged, never paid).
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { registrations } from "@/db/schema";
import { REGISTRATION_MOVES, registrationSourcesOf } from "./transitions";

export async function cancelTeamRegistration(tx: Tx, teamId: string, now: Date): Promise<void> {
  await tx
    .update(registrations)
    .set({ status: REGISTRATION_MOVES.cancel.to, heldUntil: null, endedAt: now, updatedAt: now })
    .where(and(eq(registrations.teamId, teamId), inArray(registrations.status, registrationSourcesOf("cancel"))));
}
