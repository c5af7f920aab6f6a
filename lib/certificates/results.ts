// An event's results: an organiser or the event's coordinator (the route asks lib/coordinators/access.ts) places a
// registration (winner, runner-up or a named place) or clears its place, once the event has started. One
// registration has at most one place; marking it again replaces it. Audited in the same transaction.
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { type Event, registrations, results, teams, users } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { conflict, notFound } from "@/lib/errors";
import { placeLabel, placeSchema } from "./places";

export const resultSchema = z.object({
  registrationId: z.uuid("registrationId must be a registration's id."),
  /** null clears the registration's place. */
  place: placeSchema.nullable(),
});
export type ResultInput = z.infer<typeof resultSchema>;

export interface ResultView {
  registrationId: string;
  place: string;
  placeLabel: string;
  /** The solo entrant's name, or "Team …". */
  entrant: string;
}

/** POST /api/organiser/events/{slug}/results. Returns the registration's place now (null once cleared). */
export async function markResult(
  db: Db,
  actorId: string,
  event: Pick<Event, "id" | "name" | "startsAt">,
  input: ResultInput,
  now = new Date(),
): Promise<ResultView | null> {
  if (!event.startsAt || event.startsAt > now) throw conflict(`Results for ${event.name} can be marked once it has started.`);
  return db.transaction(async (tx) => {
    const [r] = await tx
      .select({ id: registrations.id, eventId: registrations.eventId, status: registrations.status })
      .from(registrations)
      .where(eq(registrations.id, input.registrationId))
      .limit(1);
    if (!r || r.eventId !== event.id) throw notFound(`No such registration for ${event.name}.`);
    if (r.status !== "paid") throw conflict("Only an entered registration (paid, or a free one confirmed) can be placed.");
    const [before] = await tx.select({ place: results.place }).from(results).where(eq(results.registrationId, r.id)).for("update");
    const previous = before?.place ?? null;
    if (input.place === null) {
      if (before) await tx.delete(results).where(eq(results.registrationId, r.id));
    } else {
      await tx
        .insert(results)
        .values({ eventId: event.id, registrationId: r.id, place: input.place, markedBy: actorId })
        .onConflictDoUpdate({ target: results.registrationId, set: { place: input.place, markedBy: actorId, updatedAt: now } });
    }
    if (previous !== input.place)
      await writeAudit(tx, {
        actorId,
        action: input.place === null ? "result.cleared" : "result.marked",
        eventId: event.id,
        registrationId: r.id,
        details: { place: input.place, previous },
        createdAt: now,
      });
    const [view] = input.place === null ? [] : await resultsOfEvent(tx, event.id, r.id);
    return view ?? null;
  });
}

/** An event's results, winners first, for the console and GET …/results. */
export async function resultsOfEvent(db: Db | Tx, eventId: string, onlyRegistrationId?: string): Promise<ResultView[]> {
  const rows = await db
    .select({ registrationId: results.registrationId, place: results.place, userName: users.name, teamName: teams.name })
    .from(results)
    .innerJoin(registrations, eq(registrations.id, results.registrationId))
    .leftJoin(users, eq(users.id, registrations.userId))
    .leftJoin(teams, eq(teams.id, registrations.teamId))
    .where(onlyRegistrationId ? eq(results.registrationId, onlyRegistrationId) : eq(results.eventId, eventId))
    .orderBy(asc(results.createdAt));
  const rank = (p: string) => (p === "winner" ? 0 : p === "runner-up" ? 1 : 2);
  return rows
    .map((r) => ({
      registrationId: r.registrationId,
      place: r.place,
      placeLabel: placeLabel(r.place),
      entrant: r.teamName ? `Team ${r.teamName}` : (r.userName ?? ""),
    }))
    .sort((a, b) => rank(a.place) - rank(b.place));
}
