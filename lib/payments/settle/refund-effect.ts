// What an accepted refund does to its registration (the moves `refund` and `refundUnpaid`). A paid item refunded in
// full: the person is no longer registered and the seat is free. A flagged item refunded in full (money that came
// for a registration that could not be paid, and has gone back): its registration ends too, unless another payment
// paid it. A part refund changes no status.
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { type PaymentItem, registrations } from "@/db/schema";
import { wakeWaitlistIfAny } from "@/lib/jobs/waitlist-wake";
import { REGISTRATION_MOVES, type RegistrationMoveName, registrationSourcesOf } from "./transitions";

export async function applyRefundToRegistration(
  tx: Tx,
  item: Pick<PaymentItem, "status" | "refundedPaise" | "amountPaise" | "registrationId">,
  now: Date,
): Promise<void> {
  if (item.refundedPaise < item.amountPaise) return;
  const move: RegistrationMoveName | null = item.status === "success" ? "refund" : item.status === "flagged" ? "refundUnpaid" : null;
  if (!move) return;
  const freed = await tx
    .update(registrations)
    .set({ status: REGISTRATION_MOVES[move].to, heldUntil: null, endedAt: now, updatedAt: now })
    .where(and(eq(registrations.id, item.registrationId), inArray(registrations.status, registrationSourcesOf(move))))
    .returning({ eventId: registrations.eventId });
  // The seat is free: the first in the event's waiting list is offered it, once this commits (issue 27).
  await wakeWaitlistIfAny(
    tx,
    freed.map((f) => f.eventId),
  );
}
