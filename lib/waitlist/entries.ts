// Joining and leaving an event's waiting list. A person joins alone; for a team event the captain joins for the
// team. Joining is for a full event only (or a price whose own seats are full), decided under the event's row lock
// as every seat decision is, so nobody joins a line for a seat that is free, nor is passed over by one.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type Event, type WaitlistEntry, waitlistEntries } from "@/db/schema";
import { conflict, notFound, uniqueViolation, validationError } from "@/lib/errors";
import { getEventBySlug, isListed, notOpenReason } from "@/lib/events/events";
import { pricesByEvent } from "@/lib/events/prices";
import { wakeWaitlist } from "@/lib/jobs/waitlist-wake";
import { liveRegistration } from "@/lib/registrations/registrations";
import { lockEvents, newcomerSeatsLeft } from "@/lib/registrations/seats";
import { isPaid } from "@/lib/registrations/status";
import { assertCaptain, teamView } from "@/lib/rosters/view";

export const joinSchema = z.object({
  teamId: z.uuid("teamId must be a team's id.").optional(),
  /** A price's key, to wait for that price's own seats; without it, the event's. */
  price: z.string("price must be a price's key.").trim().min(1).max(40).optional(),
});
export type JoinInput = z.infer<typeof joinSchema>;

export const leaveSchema = z.object({ teamId: z.uuid("teamId must be a team's id.").optional() });

async function listedEvent(db: Db, slug: string): Promise<Event> {
  const event = await getEventBySlug(db, slug);
  if (!event || !isListed(event)) throw notFound("No such event.");
  return event;
}

/** The team a captain acts for at this event (403 for a member who is not its captain, 404 for anyone else). */
async function teamFor(db: Db, event: Event, userId: string, teamId: string | undefined, action: string): Promise<string | null> {
  if (event.kind === "solo") {
    if (teamId)
      throw validationError(
        new z.ZodError([{ code: "custom", path: ["teamId"], message: `${event.name} is a solo event.`, input: teamId }]),
      );
    return null;
  }
  if (!teamId)
    throw validationError(
      new z.ZodError([
        { code: "custom", path: ["teamId"], message: `${event.name} is a team event: its captain joins for the team.`, input: teamId },
      ]),
    );
  const team = await teamView(db, teamId);
  if (!team || team.event.id !== event.id || !team.members.some((m) => m.id === userId)) throw notFound("No such team.");
  assertCaptain(team, userId, action);
  return team.id;
}

export async function joinWaitlist(db: Db, userId: string, slug: string, input: JoinInput, now = new Date()): Promise<WaitlistEntry> {
  const event = await listedEvent(db, slug);
  const teamId = await teamFor(db, event, userId, input.teamId, "join the waiting list for the team");
  const closed = notOpenReason(event, now);
  if (closed) throw conflict(closed);
  if (event.waitlistClosedAt) throw conflict(`The waiting list for ${event.name} is closed.`);
  const prices = (await pricesByEvent(db, [event])).get(event.id) ?? [];
  const price = input.price ? prices.find((p) => p.key === input.price) : undefined;
  if (input.price && !price?.capacity)
    throw validationError(
      new z.ZodError([
        {
          code: "custom",
          path: ["price"],
          message: `${event.name} has no price "${input.price}" with seats of its own.`,
          input: input.price,
        },
      ]),
    );
  if (event.capacity == null && !price) throw conflict(`${event.name} has no seat limit: register instead.`);
  const registration = await liveRegistration(db, event.id, teamId ? { teamId } : { userId });
  if (registration && isPaid(registration)) throw conflict(`You are already registered for ${event.name}.`);
  try {
    return await db.transaction(async (tx) => {
      await lockEvents(tx, [event.id]);
      const left = await newcomerSeatsLeft(tx, event, price ?? null, now);
      if (left != null && left > 0) throw conflict(`${event.name} has seats free: register instead of joining the waiting list.`);
      const [row] = await tx
        .insert(waitlistEntries)
        .values({ eventId: event.id, priceKey: price?.key ?? null, userId, teamId, createdAt: now, updatedAt: now })
        .returning();
      return row!;
    });
  } catch (error) {
    if (uniqueViolation(error)) throw conflict(`${teamId ? "Your team is" : "You are"} already on the waiting list for ${event.name}.`);
    throw error;
  }
}

/** Leaves the line (the person's own place, or the team's for its captain). An offer given back goes to the next. */
export async function leaveWaitlist(
  db: Db,
  userId: string,
  slug: string,
  teamId: string | undefined,
  now = new Date(),
): Promise<WaitlistEntry> {
  const event = await listedEvent(db, slug);
  const team = await teamFor(db, event, userId, teamId, "leave the waiting list for the team");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(waitlistEntries)
      .set({ status: "left", endedAt: now, updatedAt: now })
      .where(
        and(
          eq(waitlistEntries.eventId, event.id),
          team ? eq(waitlistEntries.teamId, team) : and(eq(waitlistEntries.userId, userId), isNull(waitlistEntries.teamId)),
          inArray(waitlistEntries.status, ["waiting", "offered"]),
        ),
      )
      .returning();
    if (!row) throw notFound(`${team ? "Your team is" : "You are"} not on the waiting list for ${event.name}.`);
    if (row.offeredAt) await wakeWaitlist(tx, [event.id]);
    return row;
  });
}
