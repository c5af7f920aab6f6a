// Substitutions (issue 27): the one change a paid team's roster allows. An organiser proposes a person in place of a
// member; nothing changes until that person accepts (answering the event's per-member questions). Then, in one
// transaction under the team's row lock: the leaving member's place, per-member answers and pass go, the new member
// joins with theirs, and the audit names the organiser and both people. The captain is never substituted (they paid
// and hold the receipt); the team's size is unchanged, so its limits still hold. The roster's own rule
// (lib/rosters/rules.ts rosterFrozen, "substitution") says when: the team has paid and registration is open.
import { and, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import {
  answers,
  checkIns,
  type Event,
  events,
  registrations,
  type Substitution,
  substitutions,
  teamMembers,
  teams,
  users,
} from "@/db/schema";
import { answerOn, questionsFor } from "@/lib/answers/answers";
import { writeAudit } from "@/lib/audit";
import type { CurrentUser } from "@/lib/auth/require-user";
import { env } from "@/lib/env";
import { ApiError, conflict, notFound, uniqueViolation } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { enqueueMail } from "@/lib/mail/outbox";
import { enqueueTeamPaidMail } from "@/lib/payments/mail";
import type { Question } from "@/lib/questions/definition";
import { LIVE_STATUSES } from "@/lib/registrations/status";
import { type LockedTeam, lockTeamRow, rosterFacts } from "@/lib/rosters/lock";
import { rosterFrozen } from "@/lib/rosters/rules";

const fieldError = (field: string, message: string) => new ApiError(422, "validation_failed", message, { [field]: [message] });

const person = z.string().trim().min(3, "Type an email or Anwesha ID.").max(254);
/** `out` and `in` each name an account by its Anwesha ID (ANW-XXXXXX) or its email address. */
export const substituteSchema = z.object({ out: person, in: person });

type Person = { id: string; name: string; email: string; anweshaId: string; deletedAt: Date | null };

async function findPerson(tx: Tx, typed: string): Promise<Person | undefined> {
  const byId = /^ANW-[0-9A-Z]{6}$/i.test(typed);
  const [u] = await tx
    .select({ id: users.id, name: users.name, email: users.email, anweshaId: users.anweshaId, deletedAt: users.deletedAt })
    .from(users)
    .where(byId ? eq(users.anweshaId, typed.toUpperCase()) : sql`lower(${users.email}) = ${typed.toLowerCase()}`);
  return u && !u.deletedAt ? u : undefined;
}

/**
 * Locks the team's row and asks the roster's rule whether a substitution may happen now: 404 for no such team, 409
 * when it has not paid or registration is closed. Returns the team, its event and its paid registration's id.
 */
async function lockForSubstitution(tx: Tx, teamId: string, now: Date): Promise<LockedTeam & { registrationId: string }> {
  const locked = await lockTeamRow(tx, teamId);
  const frozen = locked ? rosterFrozen(await rosterFacts(tx, locked, now), locked.event.name, "substitution") : null;
  if (!locked || frozen?.why === "disbanded") throw notFound("No such team.");
  if (frozen) throw conflict(frozen.message);
  // The paid registration's row is locked too, as the door's check-in and a refund lock it: a member's scan, or the
  // team's refund, and an acceptance then happen one after the other, never both on what the other has not seen.
  const [reg] = await tx
    .select({ id: registrations.id, status: registrations.status })
    .from(registrations)
    .where(and(eq(registrations.teamId, teamId), eq(registrations.status, "paid")))
    .for("no key update");
  if (!reg) throw conflict("This team's registration is no longer paid, so its roster cannot change.");
  return { ...locked, registrationId: reg.id };
}

/** 409 unless `out` may leave and `incoming` may join this paid team now; read under the team's lock. */
async function assertSubstitutable(tx: Tx, locked: LockedTeam & { registrationId: string }, out: Person, incoming: Person) {
  const { team, event, registrationId } = locked;
  const onTeam = async (userId: string) =>
    (
      await tx
        .select({ u: teamMembers.userId })
        .from(teamMembers)
        .where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.userId, userId)))
    ).length > 0;
  if (!(await onTeam(out.id))) throw fieldError("out", `${out.anweshaId} is not on team ${team.name}.`);
  if (team.captainId === out.id) {
    throw conflict("The captain cannot be substituted: they paid and hold the receipt. Substitute another member.");
  }
  const [inside] = await tx
    .select({ id: checkIns.id })
    .from(checkIns)
    .where(and(eq(checkIns.registrationId, registrationId), eq(checkIns.userId, out.id)));
  if (inside) throw conflict(`${out.anweshaId} has already been checked in, so they cannot be substituted.`);
  if (await onTeam(incoming.id)) throw conflict(`${incoming.anweshaId} is already on team ${team.name}.`);
  const [elsewhere] = await tx
    .select({ one: sql`1` })
    .from(registrations)
    .where(and(eq(registrations.eventId, event.id), eq(registrations.userId, incoming.id), inArray(registrations.status, LIVE_STATUSES)))
    .union(
      tx
        .select({ one: sql`1` })
        .from(teamMembers)
        .where(and(eq(teamMembers.eventId, event.id), eq(teamMembers.userId, incoming.id))),
    );
  if (elsewhere) throw conflict(`${incoming.anweshaId} is already registered for ${event.name} (alone or in another team).`);
}

/**
 * An organiser proposes `in` in place of `out` on a paid team: a pending substitution and a mail to `in` with the
 * link to accept. A second pending one for the same member (or the same person) is refused by the database's index.
 */
export async function proposeSubstitution(
  db: Db,
  organiser: Pick<CurrentUser, "id">,
  teamId: string,
  input: z.infer<typeof substituteSchema>,
  now = new Date(),
): Promise<Substitution> {
  try {
    return await db.transaction(async (tx) => {
      const locked = await lockForSubstitution(tx, teamId, now);
      const out = await findPerson(tx, input.out);
      if (!out) throw fieldError("out", `No account for ${input.out}.`);
      const incoming = await findPerson(tx, input.in);
      if (!incoming) throw fieldError("in", `No account for ${input.in}: the new member must sign up first.`);
      if (out.id === incoming.id) throw fieldError("in", "The new member must be someone else.");
      await assertSubstitutable(tx, locked, out, incoming);
      const [row] = await tx
        .insert(substitutions)
        .values({
          teamId,
          eventId: locked.event.id,
          outUserId: out.id,
          inUserId: incoming.id,
          proposedBy: organiser.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await writeAudit(tx, {
        actorId: organiser.id,
        action: "team.substitution.proposed",
        eventId: locked.event.id,
        registrationId: locked.registrationId,
        details: { substitutionId: row!.id, teamId, out: out.anweshaId, in: incoming.anweshaId },
        createdAt: now,
      });
      await enqueueMail(tx, {
        key: `substitution-invitation:${row!.id}`,
        to: incoming.email,
        template: "substitution-invitation",
        data: {
          name: incoming.name,
          outName: out.name,
          teamName: locked.team.name,
          eventName: locked.event.name,
          acceptUrl: `${env().APP_URL}/substitutions/${row!.id}`,
        },
      });
      return row!;
    });
  } catch (error) {
    if (uniqueViolation(error)) throw conflict("A substitution for this member (or of this person) is already waiting for an answer.");
    throw error;
  }
}

export interface SubstitutionView {
  id: string;
  status: Substitution["status"];
  teamName: string;
  event: Pick<Event, "slug" | "name">;
  outName: string;
  /** The event's per-member questions, which the new member answers on accepting. */
  questions: Question[];
}

/** The substitution as its incoming person sees it; anyone else's is "not found". */
export async function substitutionFor(db: Db, user: Pick<CurrentUser, "id">, id: string): Promise<SubstitutionView> {
  if (!isUuid(id)) throw notFound("No such substitution.");
  const [row] = await db
    .select({ status: substitutions.status, teamName: teams.name, event: events, outName: users.name })
    .from(substitutions)
    .innerJoin(teams, eq(teams.id, substitutions.teamId))
    .innerJoin(events, eq(events.id, substitutions.eventId))
    .innerJoin(users, eq(users.id, substitutions.outUserId))
    .where(and(eq(substitutions.id, id), eq(substitutions.inUserId, user.id)));
  if (!row) throw notFound("No such substitution.");
  return {
    id,
    status: row.status,
    teamName: row.teamName,
    event: { slug: row.event.slug, name: row.event.name },
    outName: row.outName,
    questions: questionsFor(row.event, "member"),
  };
}

/** The incoming person's pending substitution, locked after its team's row (the order every roster change takes). */
async function lockMine(tx: Tx, user: Pick<CurrentUser, "id">, id: string): Promise<Substitution> {
  if (!isUuid(id)) throw notFound("No such substitution.");
  const [first] = await tx
    .select({ teamId: substitutions.teamId })
    .from(substitutions)
    .where(and(eq(substitutions.id, id), eq(substitutions.inUserId, user.id)));
  if (!first) throw notFound("No such substitution.");
  await lockTeamRow(tx, first.teamId);
  const [row] = await tx.select().from(substitutions).where(eq(substitutions.id, id)).for("update");
  if (row!.status !== "pending") throw conflict(`This substitution was already ${row!.status}.`);
  return row!;
}

/**
 * The incoming person accepts: in one transaction under the team's lock, the rule and every refusal asked again of
 * the roster as it is now; the leaving member and their per-member answers go (their pass stops admitting, as the
 * door asks the roster), the new member joins with their answers (the required ones must be given), the audit
 * names the organiser and both people, and both are mailed (the new member their own pass).
 */
export async function acceptSubstitution(
  db: Db,
  user: CurrentUser,
  id: string,
  given: unknown,
  now = new Date(),
): Promise<{ teamId: string }> {
  return db.transaction(async (tx) => {
    const sub = await lockMine(tx, user, id);
    const locked = await lockForSubstitution(tx, sub.teamId, now);
    const [out] = await tx
      .select({ id: users.id, name: users.name, email: users.email, anweshaId: users.anweshaId, deletedAt: users.deletedAt })
      .from(users)
      .where(eq(users.id, sub.outUserId));
    const incoming: Person = { id: user.id, name: user.name, email: user.email, anweshaId: user.anweshaId, deletedAt: null };
    await assertSubstitutable(tx, locked, out!, incoming);
    const { team, event, registrationId } = locked;
    await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.userId, out!.id)));
    // Per-member answers belong to the roster's members: the leaving member's go with their place.
    await tx.delete(answers).where(and(eq(answers.registrationId, registrationId), eq(answers.userId, out!.id)));
    try {
      await tx.transaction((sp) => sp.insert(teamMembers).values({ teamId: team.id, eventId: event.id, userId: user.id, createdAt: now }));
    } catch (error) {
      if (uniqueViolation(error)) throw conflict(`You are already in a team for ${event.name}.`);
      throw error;
    }
    await answerOn(tx, event, registrationId, user.id, "member", given ?? {}, now);
    await tx.update(substitutions).set({ status: "accepted", respondedAt: now, updatedAt: now }).where(eq(substitutions.id, sub.id));
    await writeAudit(tx, {
      // The new member's acceptance made the change; the organiser who proposed it is in the details.
      actorId: user.id,
      action: "team.substituted",
      eventId: event.id,
      registrationId,
      details: { substitutionId: sub.id, teamId: team.id, organiserId: sub.proposedBy, out: out!.anweshaId, in: user.anweshaId },
      createdAt: now,
    });
    if (!out!.deletedAt) {
      await enqueueMail(tx, {
        key: `substituted-out:${sub.id}`,
        to: out!.email,
        template: "substituted-out",
        data: { name: out!.name, inName: user.name, teamName: team.name, eventName: event.name },
      });
    }
    // "Your team is confirmed" with the new member's own pass; members already mailed are not mailed again.
    await enqueueTeamPaidMail(tx, [registrationId], team.captainId);
    return { teamId: team.id };
  });
}

export async function declineSubstitution(db: Db, user: CurrentUser, id: string, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const sub = await lockMine(tx, user, id);
    await tx.update(substitutions).set({ status: "declined", respondedAt: now, updatedAt: now }).where(eq(substitutions.id, sub.id));
    await writeAudit(tx, {
      actorId: user.id,
      action: "team.substitution.declined",
      eventId: sub.eventId,
      details: { substitutionId: sub.id, teamId: sub.teamId },
      createdAt: now,
    });
  });
}

/**
 * An organiser withdraws a substitution nobody has answered (the wrong person proposed, or they never reply): the
 * member stays, and the member or the person may be proposed again. 404 for no such one; 409 once answered.
 */
export async function withdrawSubstitution(db: Db, organiser: Pick<CurrentUser, "id">, id: string, now = new Date()): Promise<void> {
  if (!isUuid(id)) throw notFound("No such substitution.");
  await db.transaction(async (tx) => {
    const [first] = await tx.select({ teamId: substitutions.teamId }).from(substitutions).where(eq(substitutions.id, id));
    if (!first) throw notFound("No such substitution.");
    await lockTeamRow(tx, first.teamId);
    const [sub] = await tx.select().from(substitutions).where(eq(substitutions.id, id)).for("update");
    if (sub!.status !== "pending") throw conflict(`This substitution was already ${sub!.status}.`);
    await tx.update(substitutions).set({ status: "withdrawn", respondedAt: now, updatedAt: now }).where(eq(substitutions.id, id));
    await writeAudit(tx, {
      actorId: organiser.id,
      action: "team.substitution.withdrawn",
      eventId: sub!.eventId,
      details: { substitutionId: id, teamId: sub!.teamId },
      createdAt: now,
    });
  });
}

/** A team's substitutions still waiting for the new member's answer, for the console (who leaves, who comes, since when). */
export async function pendingSubstitutions(db: Db, teamId: string) {
  const out = alias(users, "out_user");
  const incoming = alias(users, "in_user");
  return db
    .select({
      id: substitutions.id,
      out: { name: out.name, anweshaId: out.anweshaId },
      in: { name: incoming.name, anweshaId: incoming.anweshaId },
      proposedAt: substitutions.createdAt,
    })
    .from(substitutions)
    .innerJoin(out, eq(out.id, substitutions.outUserId))
    .innerJoin(incoming, eq(incoming.id, substitutions.inUserId))
    .where(and(eq(substitutions.teamId, teamId), eq(substitutions.status, "pending")))
    .orderBy(substitutions.createdAt);
}
