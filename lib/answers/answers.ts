// Answers kept by a registration (issue 26): given at checkout, by a member accepting an invitation, or edited by
// their owner until the event's registration closes. Every write goes through checkAnswers (./validate.ts). An
// answer keeps the label it was asked with, so a question renamed or removed later still shows what was asked;
// removing a question never deletes its answers (they are listed after the event's current questions).
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  type AnswerValue,
  answers,
  type Event,
  type EventPrice,
  events,
  type Registration,
  registrations,
  teamMembers,
  teams,
  users,
} from "@/db/schema";
import { conflict, notFound } from "@/lib/errors";
import { notOpenReason } from "@/lib/events/events";
import { isUuid } from "@/lib/ids";
import { type Question, questionsOf } from "@/lib/questions/definition";
import { assertAnswers, type CheckedAnswers } from "@/lib/questions/validate";
import { ensureRegistration } from "@/lib/registrations/registrations";

/** The questions asked of this person in this place. A solo entrant answers both kinds; so does a team's captain. */
export function questionsFor(event: Pick<Event, "questions">, scope: "entrant" | "member"): Question[] {
  const all = questionsOf(event.questions);
  return scope === "entrant" ? all : all.filter((q) => q.perMember);
}

/** Stored answers of one registration: those asked once (userId null) and each member's. */
async function storedAnswers(db: Db | Tx, registrationId: string) {
  return db
    .select({ userId: answers.userId, key: answers.questionKey, label: answers.label, value: answers.value })
    .from(answers)
    .where(eq(answers.registrationId, registrationId))
    .orderBy(asc(answers.createdAt));
}

/** What this person's answers are now, by key: the registration's own (if they answer those) and their per-member ones. */
function valuesOf(rows: { userId: string | null; key: string; value: AnswerValue }[], questions: Question[], userId: string) {
  const out: Record<string, AnswerValue> = {};
  for (const q of questions) {
    const row = rows.find((r) => r.key === q.key && r.userId === (q.perMember ? userId : null));
    if (row) out[q.key] = row.value;
  }
  return out;
}

/** Writes checked answers: each value upserted with the label asked now, each null (left empty) removed. */
async function writeAnswers(tx: Db | Tx, registrationId: string, userId: string, questions: Question[], values: CheckedAnswers, now: Date) {
  for (const q of questions) {
    if (!Object.hasOwn(values, q.key)) continue;
    const owner = q.perMember ? userId : null;
    const value = values[q.key];
    const mine = and(
      eq(answers.registrationId, registrationId),
      eq(answers.questionKey, q.key),
      owner ? eq(answers.userId, owner) : isNull(answers.userId),
    );
    if (value == null) {
      await tx.delete(answers).where(mine);
      continue;
    }
    await tx
      .insert(answers)
      .values({ registrationId, userId: owner, questionKey: q.key, label: q.label, value, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: owner ? [answers.registrationId, answers.questionKey, answers.userId] : [answers.registrationId, answers.questionKey],
        targetWhere: owner ? sql`${answers.userId} IS NOT NULL` : sql`${answers.userId} IS NULL`,
        set: { label: q.label, value, updatedAt: now },
      });
  }
}

/**
 * Checks and keeps `given` for this person on this registration: a solo entrant or captain ("entrant") answers
 * every question, a member the per-member ones. Required is checked as the answers will be. Throws a 422 naming
 * each bad answer; writes nothing then.
 */
export async function answerOn(
  db: Db | Tx,
  event: Pick<Event, "questions" | "name">,
  registrationId: string,
  userId: string,
  scope: "entrant" | "member",
  given: unknown,
  now = new Date(),
  { requireAll = true } = {},
): Promise<void> {
  const questions = questionsFor(event, scope);
  if (!questions.length && (given == null || (typeof given === "object" && !Object.keys(given).length))) return;
  const stored = valuesOf(await storedAnswers(db, registrationId), questions, userId);
  const asked = requireAll ? questions : questions.map((q) => ({ ...q, required: false }));
  const values = assertAnswers(asked, given, stored, `for ${event.name}`);
  await writeAnswers(db, registrationId, userId, questions, values, now);
}

/**
 * Answers given at checkout for a solo event: kept on the person's live registration, made now (awaiting payment)
 * when there is none yet, as a team's is made with the team. Nothing is made for an event that asks nothing.
 */
export async function answerSoloAtCheckout(
  db: Db,
  event: Event,
  existing: Registration | null,
  userId: string,
  given: unknown,
  now: Date,
  /** The price chosen at checkout, copied onto a registration made here. */
  price?: Pick<EventPrice, "key" | "label" | "feePaise">,
): Promise<Registration | null> {
  if (!questionsOf(event.questions).length && given == null) return existing;
  // Bad answers make nothing: checked before a registration is made for them.
  if (!existing) assertAnswers(questionsFor(event, "entrant"), given, {}, `for ${event.name}`);
  const registration = existing ?? (await ensureRegistration(db, event, { userId }, now, price));
  if (registration.status === "awaiting_payment") await answerOn(db, event, registration.id, userId, "entrant", given, now);
  return registration;
}

export interface OwedAnswers {
  /** null for the questions asked once per registration; else the member who still owes answers. */
  member: { id: string; name: string } | null;
  labels: string[];
}

/** The required answers a registration still lacks, per member (the captain's and solo entrant's included). */
export async function owedAnswers(
  db: Db | Tx,
  event: Pick<Event, "questions">,
  registration: Pick<Registration, "id" | "userId" | "teamId">,
) {
  const questions = questionsOf(event.questions).filter((q) => q.required);
  if (!questions.length) return [];
  const rows = await storedAnswers(db, registration.id);
  const people = registration.teamId
    ? await db
        .select({ id: users.id, name: users.name })
        .from(teamMembers)
        .innerJoin(users, eq(users.id, teamMembers.userId))
        .where(eq(teamMembers.teamId, registration.teamId))
        .orderBy(asc(teamMembers.createdAt))
    : await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, registration.userId!));
  const owed: OwedAnswers[] = [];
  const once = questions.filter((q) => !q.perMember && !rows.some((r) => r.userId === null && r.key === q.key));
  if (once.length) owed.push({ member: null, labels: once.map((q) => q.label) });
  for (const person of people) {
    const missing = questions.filter((q) => q.perMember && !rows.some((r) => r.userId === person.id && r.key === q.key));
    if (missing.length) owed.push({ member: person, labels: missing.map((q) => q.label) });
  }
  return owed;
}

/** The sentence a captain (or solo entrant) is told when required answers are missing; null when none are. */
export function owedSentence(owed: OwedAnswers[], eventName: string, viewerId: string): string | null {
  if (!owed.length) return null;
  const parts = owed.map((o) =>
    o.member === null
      ? `the registration's answers (${o.labels.join(", ")})`
      : o.member.id === viewerId
        ? `your answers (${o.labels.join(", ")})`
        : `${o.member.name}'s answers (${o.labels.join(", ")})`,
  );
  return `${eventName} needs ${parts.join(" and ")} before it can be paid for.`;
}

/** 409 when a registration still lacks required answers: nothing is paid or confirmed until they are given. */
export async function assertAnswered(db: Db | Tx, event: Pick<Event, "questions" | "name">, registration: Registration, viewerId: string) {
  const sentence = owedSentence(await owedAnswers(db, event, registration), event.name, viewerId);
  if (sentence) throw conflict(sentence);
}

/** The registration, its event and what this person answers on it; 404 for anyone who does not hold it. */
async function ownRegistration(db: Db, registrationId: string, userId: string) {
  if (!isUuid(registrationId)) throw notFound("No such registration.");
  const [row] = await db
    .select({ r: registrations, team: teams })
    .from(registrations)
    .leftJoin(teams, eq(teams.id, registrations.teamId))
    .where(eq(registrations.id, registrationId))
    .limit(1);
  if (!row) throw notFound("No such registration.");
  const { r, team } = row;
  let scope: "entrant" | "member";
  if (r.userId === userId || team?.captainId === userId) scope = "entrant";
  else if (
    team &&
    (
      await db
        .select({ u: teamMembers.userId })
        .from(teamMembers)
        .where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.userId, userId)))
    ).length
  )
    scope = "member";
  else throw notFound("No such registration.");
  return { registration: r, event: await eventOf(db, r.eventId), scope };
}

/** GET /api/registrations/{id}/answers: this person's questions on the registration, each with their answer. */
export async function myAnswers(db: Db, registrationId: string, userId: string): Promise<AnswerView[]> {
  const { event, scope } = await ownRegistration(db, registrationId, userId);
  return answersView(db, event, registrationId, userId, scope);
}

/**
 * PATCH /api/registrations/{id}/answers: the owner edits their answers until the event's registration closes (409
 * after). The solo entrant and the captain answer every question, another member their per-member ones; anyone
 * else gets 404. A cancelled or refunded registration is 409. Required stays required (422).
 */
export async function editAnswers(db: Db, registrationId: string, userId: string, given: unknown, now = new Date()) {
  const { registration: r, event, scope } = await ownRegistration(db, registrationId, userId);
  if (r.status === "cancelled" || r.status === "refunded") throw conflict("This registration has ended: its answers can no longer change.");
  const closed = notOpenReason(event, now);
  if (closed) throw conflict(`${closed} Answers can no longer change.`);
  // A payment in flight or made is fine: answers are not what was paid for.
  await db.transaction((tx) => answerOn(tx, event, r.id, userId, scope, given, now));
  return answersView(db, event, r.id, userId, scope);
}

async function eventOf(db: Db | Tx, eventId: string): Promise<Event> {
  const [event] = await db.select().from(events).where(eq(events.id, eventId)).limit(1);
  return event!;
}

/** One question with this person's answer, as pages and the API show it. */
export interface AnswerView {
  key: string;
  label: string;
  type: Question["type"] | null;
  choices: string[] | null;
  required: boolean;
  perMember: boolean;
  value: AnswerValue | null;
}

/** The questions this person answers on a registration, each with their answer (an old answer whose question was removed last). */
export async function answersView(
  db: Db | Tx,
  event: Pick<Event, "questions">,
  registrationId: string,
  userId: string,
  scope: "entrant" | "member",
) {
  const questions = questionsFor(event, scope);
  const rows = await storedAnswers(db, registrationId);
  const views: AnswerView[] = questions.map((q) => ({
    key: q.key,
    label: q.label,
    type: q.type,
    choices: q.choices ?? null,
    required: q.required,
    perMember: q.perMember,
    value: rows.find((r) => r.key === q.key && r.userId === (q.perMember ? userId : null))?.value ?? null,
  }));
  return views;
}

/** Every answer of these registrations, for the console and the CSV: registration id → rows. */
export async function answersOfRegistrations(db: Db, registrationIds: string[]) {
  const out = new Map<string, { userId: string | null; key: string; label: string; value: AnswerValue }[]>();
  if (!registrationIds.length) return out;
  const rows = await db
    .select({
      registrationId: answers.registrationId,
      userId: answers.userId,
      key: answers.questionKey,
      label: answers.label,
      value: answers.value,
    })
    .from(answers)
    .where(inArray(answers.registrationId, registrationIds))
    .orderBy(asc(answers.createdAt));
  for (const r of rows) {
    const list = out.get(r.registrationId) ?? [];
    list.push(r);
    out.set(r.registrationId, list);
  }
  return out;
}
