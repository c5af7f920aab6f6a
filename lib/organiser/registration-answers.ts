// An event's registrations with their answers, for the console's event page (issue 26): one entry per
// registration that is not cancelled (the list), each with every answer, per member where asked per member (its
// detail). Questions in the event's order, then answers to questions since removed, under the wording they were
// asked with. An event has at most some thousands of registrations; the page shows the newest 200.
import { and, desc, eq, inArray, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type AnswerValue, type Event, type RegistrationStatus, registrations, teamMembers, teams, users } from "@/db/schema";
import { answersOfRegistrations } from "@/lib/answers/answers";
import { questionsOf } from "@/lib/questions/definition";

export interface AnsweredRegistration {
  id: string;
  status: RegistrationStatus;
  createdAt: Date;
  team: string | null;
  people: { id: string; name: string; anweshaId: string }[];
  /** Each question asked (and each removed one answered), with the registration's answer or each member's. */
  answers: {
    key: string;
    label: string;
    removed: boolean;
    once: AnswerValue | null;
    perMember: { name: string; value: AnswerValue | null }[] | null;
  }[];
}

const LIMIT = 200;

export async function registrationsWithAnswers(db: Db, event: Pick<Event, "id" | "questions">): Promise<AnsweredRegistration[]> {
  const regs = await db
    .select({
      id: registrations.id,
      status: registrations.status,
      createdAt: registrations.createdAt,
      userId: registrations.userId,
      teamId: registrations.teamId,
      team: teams.name,
    })
    .from(registrations)
    .leftJoin(teams, eq(teams.id, registrations.teamId))
    .where(and(eq(registrations.eventId, event.id), ne(registrations.status, "cancelled")))
    .orderBy(desc(registrations.createdAt))
    .limit(LIMIT);
  if (!regs.length) return [];
  const teamIds = regs.flatMap((r) => (r.teamId ? [r.teamId] : []));
  const soloIds = regs.flatMap((r) => (r.userId ? [r.userId] : []));
  const [members, solos, given] = await Promise.all([
    teamIds.length
      ? db
          .select({ teamId: teamMembers.teamId, id: users.id, name: users.name, anweshaId: users.anweshaId })
          .from(teamMembers)
          .innerJoin(users, eq(users.id, teamMembers.userId))
          .where(inArray(teamMembers.teamId, teamIds))
          .orderBy(teamMembers.createdAt)
      : [],
    soloIds.length
      ? db.select({ id: users.id, name: users.name, anweshaId: users.anweshaId }).from(users).where(inArray(users.id, soloIds))
      : [],
    answersOfRegistrations(
      db,
      regs.map((r) => r.id),
    ),
  ]);
  const asked = questionsOf(event.questions);
  return regs.map((r) => {
    const people = r.teamId ? members.filter((m) => m.teamId === r.teamId) : solos.filter((s) => s.id === r.userId);
    const rows = given.get(r.id) ?? [];
    const removed = [...new Map(rows.filter((a) => !asked.some((q) => q.key === a.key)).map((a) => [a.key, a])).values()];
    const columns = [
      ...asked.map((q) => ({ key: q.key, label: q.label, perMember: q.perMember, removed: false })),
      ...removed.map((a) => ({ key: a.key, label: a.label, perMember: a.userId !== null, removed: true })),
    ];
    return {
      id: r.id,
      status: r.status,
      createdAt: r.createdAt,
      team: r.team,
      people: people.map(({ id, name, anweshaId }) => ({ id, name, anweshaId })),
      answers: columns.map((c) => ({
        key: c.key,
        label: c.label,
        removed: c.removed,
        once: c.perMember ? null : (rows.find((a) => a.key === c.key && a.userId === null)?.value ?? null),
        perMember: c.perMember
          ? people.map((p) => ({ name: p.name, value: rows.find((a) => a.key === c.key && a.userId === p.id)?.value ?? null }))
          : null,
      })),
    };
  });
}
