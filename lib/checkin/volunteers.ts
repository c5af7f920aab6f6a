// Volunteers: accounts an organiser lets check people in at some events' doors (role `door`), or register walk-ins
// at their desks (role `desk`, lib/desk), and nothing else; and the same rows make coordinators (role
// `coordinator`, lib/coordinators), who may do both at their events. Granted and revoked by organisers (by email or
// Anwesha ID); every change goes to the audit log.
import { and, asc, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type Event, events, users, type VolunteerRole, volunteers } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { ApiError, notFound } from "@/lib/errors";

/**
 * The rows that give a role at an event: the role's own, and a coordinator's, who (issue 28) may also check people in
 * at their events and use their desks. The one place that says which roles include which.
 */
const rolesGiving = (role: VolunteerRole): VolunteerRole[] => (role === "coordinator" ? ["coordinator"] : [role, "coordinator"]);

async function isVolunteerFor(db: Db, userId: string, eventId: string, role: VolunteerRole): Promise<boolean> {
  const [row] = await db
    .select({ id: volunteers.id })
    .from(volunteers)
    .where(and(eq(volunteers.userId, userId), eq(volunteers.eventId, eventId), inArray(volunteers.role, rolesGiving(role))))
    .limit(1);
  return !!row;
}

/** Organisers do every role everywhere; anyone else only where they volunteer in that role (or coordinate). */
export async function mayVolunteer(db: Db, user: { id: string; role: string }, eventId: string, role: VolunteerRole): Promise<boolean> {
  return user.role === "organiser" || isVolunteerFor(db, user.id, eventId, role);
}

/** Organisers check in everywhere; anyone else only where they volunteer at the door. */
export async function canCheckIn(db: Db, user: { id: string; role: string }, eventId: string): Promise<boolean> {
  return mayVolunteer(db, user, eventId, "door");
}

/** The events a person may work at in this role: every event for an organiser, else those they volunteer for. */
export async function volunteerEventsOf(db: Db, user: { id: string; role: string }, role: VolunteerRole): Promise<Event[]> {
  if (user.role === "organiser") return db.select().from(events).orderBy(asc(events.startsAt), asc(events.name));
  // Distinct: a coordinator who is also the door's volunteer has two rows for the event.
  return db
    .selectDistinctOn([events.startsAt, events.name, events.id], getTableColumns(events))
    .from(events)
    .innerJoin(volunteers, eq(events.id, volunteers.eventId))
    .where(and(eq(volunteers.userId, user.id), inArray(volunteers.role, rolesGiving(role))))
    .orderBy(asc(events.startsAt), asc(events.name), asc(events.id));
}

/** The events a person may check in at. */
export const checkInEventsOf = (db: Db, user: { id: string; role: string }) => volunteerEventsOf(db, user, "door");

/** The roles granted as volunteers; a coordinator is granted by lib/coordinators through the same rows. */
const VOLUNTEER_ROLES = ["door", "desk"] as const satisfies readonly VolunteerRole[];

export const grantVolunteerSchema = z.object({
  eventSlug: z.string().trim().min(1, "Choose an event.").max(80),
  who: z.string().trim().min(3, "Type an email or Anwesha ID.").max(254),
  /** At the door (check-in, the default) or at the desk (registering walk-ins, lib/desk). */
  role: z.enum(VOLUNTEER_ROLES, 'role must be "door" or "desk".').default("door"),
});

const fieldError = (field: string, message: string) => new ApiError(422, "validation_failed", message, { [field]: [message] });

export interface VolunteerView {
  id: string;
  event: { slug: string; name: string };
  user: { id: string; anweshaId: string; name: string; email: string };
  role: VolunteerRole;
  createdAt: string;
}

/** Makes the account a volunteer for the event; granting twice is not an error (created: false). */
export function grantVolunteer(
  db: Db,
  organiserId: string,
  input: z.input<typeof grantVolunteerSchema>,
): Promise<{ volunteer: VolunteerView; created: boolean }> {
  return grantRole(db, organiserId, { ...input, role: input.role ?? "door" });
}

const AUDIT = {
  grant: (role: VolunteerRole) => (role === "coordinator" ? "coordinator.grant" : "volunteer.grant"),
  revoke: (role: VolunteerRole) => (role === "coordinator" ? "coordinator.revoke" : "volunteer.revoke"),
} as const;

/** Gives the account (an email or an Anwesha ID) the role at the event; audited; twice is not an error. */
export async function grantRole(
  db: Db,
  organiserId: string,
  input: { eventSlug: string; who: string; role: VolunteerRole },
): Promise<{ volunteer: VolunteerView; created: boolean }> {
  const [event] = await db.select().from(events).where(eq(events.slug, input.eventSlug.toLowerCase())).limit(1);
  if (!event) throw fieldError("eventSlug", "No such event.");
  const who = input.who.trim();
  const byId = /^ANW-[0-9A-Z]{6}$/i.test(who);
  const [user] = await db
    .select()
    .from(users)
    .where(byId ? eq(users.anweshaId, who.toUpperCase()) : sql`lower(${users.email}) = ${who.toLowerCase()}`)
    .limit(1);
  if (!user) throw fieldError("who", `No account for ${who}.`);
  const role = input.role;
  return db.transaction(async (tx) => {
    const [made] = await tx
      .insert(volunteers)
      .values({ userId: user.id, eventId: event.id, grantedBy: organiserId, role })
      .onConflictDoNothing()
      .returning();
    if (made) {
      await writeAudit(tx, {
        actorId: organiserId,
        action: AUDIT.grant(role),
        eventId: event.id,
        details: { userId: user.id, anweshaId: user.anweshaId, role },
      });
    }
    const row =
      made ??
      (
        await tx
          .select()
          .from(volunteers)
          .where(and(eq(volunteers.userId, user.id), eq(volunteers.eventId, event.id), eq(volunteers.role, role)))
      )[0]!;
    return {
      created: !!made,
      volunteer: {
        id: row.id,
        event: { slug: event.slug, name: event.name },
        user: { id: user.id, anweshaId: user.anweshaId, name: user.name, email: user.email },
        role: row.role,
        createdAt: row.createdAt.toISOString(),
      },
    };
  });
}

export const revokeVolunteer = (db: Db, organiserId: string, volunteerId: string) =>
  revokeRole(db, organiserId, volunteerId, VOLUNTEER_ROLES, "No such volunteer.");

/** Ends one grant of one of `roles` (another role's row is not found here); audited. */
export async function revokeRole(db: Db, organiserId: string, id: string, roles: readonly VolunteerRole[], missing: string): Promise<void> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound(missing);
  await db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(volunteers)
      .where(and(eq(volunteers.id, id), inArray(volunteers.role, [...roles])))
      .returning();
    if (!gone) throw notFound(missing);
    await writeAudit(tx, {
      actorId: organiserId,
      action: AUDIT.revoke(gone.role),
      eventId: gone.eventId,
      details: { userId: gone.userId, role: gone.role },
    });
  });
}

export const listVolunteers = (db: Db) => listRoles(db, VOLUNTEER_ROLES);

/** Every grant of one of `roles`, by event and name. */
export async function listRoles(db: Db, roles: readonly VolunteerRole[]): Promise<VolunteerView[]> {
  const rows = await db
    .select({ v: volunteers, event: events, user: users })
    .from(volunteers)
    .innerJoin(events, eq(events.id, volunteers.eventId))
    .innerJoin(users, eq(users.id, volunteers.userId))
    .where(inArray(volunteers.role, [...roles]))
    .orderBy(asc(events.name), asc(users.name))
    .limit(1000);
  return rows.map(({ v, event, user }) => ({
    id: v.id,
    event: { slug: event.slug, name: event.name },
    user: { id: user.id, anweshaId: user.anweshaId, name: user.name, email: user.email },
    role: v.role,
    createdAt: v.createdAt.toISOString(),
  }));
}
