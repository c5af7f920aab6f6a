// An organiser undoing a person's check-in: a volunteer scanned the wrong pass, or someone let in has to go back
// out. The check-in moves from check_ins to check_in_undos with who undid it, when and why, and is audited, in
// one transaction. Undone, the person can be checked in again by any scan made after the undo; a scan made
// before it (queued on a device that was offline, or the undone scan's own sync sent again) never re-admits
// them: checkIn asks undoAfter first. Door devices learn of undos from the bundle and mark their scan log.
import { and, asc, desc, eq, gt, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { checkIns, checkInUndos, events, registrations, users } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import type { CurrentUser } from "@/lib/auth/require-user";
import { conflict, notFound } from "@/lib/errors";
import { isEventSlug } from "@/lib/events/events";

export const undoSchema = z.object({
  anweshaId: z
    .string({ error: "Give the person's Anwesha ID, like ANW-7K3Q9P." })
    .trim()
    .toUpperCase()
    .regex(/^ANW-[0-9A-Z]{6}$/, "Give the person's Anwesha ID, like ANW-7K3Q9P."),
  reason: z
    .string({ error: "Say why the check-in is undone." })
    .trim()
    .min(3, "Say why the check-in is undone (at least 3 characters).")
    .max(300, "Keep the reason to 300 characters."),
});
export type UndoInput = z.infer<typeof undoSchema>;

export interface UndoneCheckIn {
  registrationId: string;
  anweshaId: string;
  name: string;
  checkedInAt: string;
  undoneAt: string;
  reason: string;
}

/** The latest undo of this person's check-in on this registration made after `scannedAt`, if any. */
export async function undoAfter(tx: Db | Tx, who: { registrationId: string; userId: string }, scannedAt: Date) {
  const [undo] = await tx
    .select({ undoneAt: checkInUndos.undoneAt, undoneBy: checkInUndos.undoneBy, reason: checkInUndos.reason })
    .from(checkInUndos)
    .where(
      and(eq(checkInUndos.registrationId, who.registrationId), eq(checkInUndos.userId, who.userId), gt(checkInUndos.undoneAt, scannedAt)),
    )
    .orderBy(desc(checkInUndos.undoneAt))
    .limit(1);
  return undo;
}

/**
 * Undoes the person's check-in at the event. 404 for an unknown event or Anwesha ID, 409 when they are not
 * checked in there. Takes the registration's row lock first, as a check-in does, so an undo and a sync of the
 * same pass take turns.
 */
export async function undoCheckIn(
  db: Db,
  actor: Pick<CurrentUser, "id">,
  eventSlug: string,
  input: UndoInput,
  now = new Date(),
): Promise<UndoneCheckIn[]> {
  const [event] = isEventSlug(eventSlug) ? await db.select().from(events).where(eq(events.slug, eventSlug)).limit(1) : [];
  if (!event) throw notFound("No such event.");
  const [person] = await db
    .select({ id: users.id, name: users.name, anweshaId: users.anweshaId })
    .from(users)
    .where(eq(users.anweshaId, input.anweshaId))
    .limit(1);
  if (!person) throw notFound(`No account has the Anwesha ID ${input.anweshaId}.`);
  const notIn = () => conflict(`${person.name} (${person.anweshaId}) is not checked in at ${event.name}.`);

  const found = await db
    .select({ registrationId: checkIns.registrationId })
    .from(checkIns)
    .where(and(eq(checkIns.eventId, event.id), eq(checkIns.userId, person.id)));
  if (!found.length) throw notIn();
  const regIds = [...new Set(found.map((f) => f.registrationId))].sort();

  return db.transaction(async (tx) => {
    await tx
      .select({ id: registrations.id })
      .from(registrations)
      .where(inArray(registrations.id, regIds))
      .orderBy(asc(registrations.id))
      .for("no key update");
    const rows = await tx
      .select()
      .from(checkIns)
      .where(and(eq(checkIns.eventId, event.id), eq(checkIns.userId, person.id)))
      .for("update");
    // Another organiser undid it first.
    if (!rows.length) throw notIn();
    const undone: UndoneCheckIn[] = [];
    for (const c of rows) {
      await tx.insert(checkInUndos).values({
        registrationId: c.registrationId,
        eventId: c.eventId,
        userId: c.userId,
        checkedInAt: c.checkedInAt,
        checkedInBy: c.checkedInBy,
        deviceId: c.deviceId,
        clientRef: c.clientRef,
        source: c.source,
        undoneAt: now,
        undoneBy: actor.id,
        reason: input.reason,
      });
      await tx.delete(checkIns).where(eq(checkIns.id, c.id));
      await writeAudit(tx, {
        actorId: actor.id,
        action: "checkin.undone",
        eventId: c.eventId,
        registrationId: c.registrationId,
        details: {
          anweshaId: person.anweshaId,
          reason: input.reason,
          checkIn: { at: c.checkedInAt.toISOString(), by: c.checkedInBy, deviceId: c.deviceId, source: c.source },
        },
        createdAt: now,
      });
      undone.push({
        registrationId: c.registrationId,
        anweshaId: person.anweshaId,
        name: person.name,
        checkedInAt: c.checkedInAt.toISOString(),
        undoneAt: now.toISOString(),
        reason: input.reason,
      });
    }
    return undone;
  });
}

const organiser = alias(users, "organiser");

/** An event's undone check-ins, for the door devices' bundle: which person, when undone, by whom (a name), why. */
export function undosOfEvent(db: Db, eventId: string) {
  return db
    .select({
      registrationId: checkInUndos.registrationId,
      userId: checkInUndos.userId,
      checkedInAt: checkInUndos.checkedInAt,
      undoneAt: checkInUndos.undoneAt,
      by: organiser.name,
      reason: checkInUndos.reason,
    })
    .from(checkInUndos)
    .innerJoin(organiser, eq(organiser.id, checkInUndos.undoneBy))
    .where(eq(checkInUndos.eventId, eventId))
    .orderBy(asc(checkInUndos.undoneAt));
}
