// Who has a certificate, and what it says. A person has one for a registration when they were checked in for it
// (lib/checkin: one row per person let in, so a member let in on their own pass has theirs and nobody else's)
// and the event has started. It is of merit when the registration has a result, of participation otherwise; that is
// read each time, so a result marked later changes the certificate and never its code. Its code is issued the first
// time it is asked for (the holder's download, the event's bundle, its mail) and kept in `certificates`.
import { and, asc, eq, gt, isNull, lte, type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { certificates, checkIns, events, registrations, results, teams, users } from "@/db/schema";
import { env } from "@/lib/env";
import { conflict, notFound } from "@/lib/errors";
import { formatIST } from "@/lib/format";
import { holdsRegistration } from "@/lib/registrations/holders";
import { certificateCode, displayCode } from "./code";
import { placeLabel } from "./places";

export interface CertificateFacts {
  /** Canonical; displayCode() prints it. */
  code: string;
  registrationId: string;
  userId: string;
  kind: "participation" | "merit";
  /** For a merit certificate, its place as written ("Winner", "Runner-up", "Best design"). */
  place: string | null;
  person: { name: string; college: string; anweshaId: string };
  team: string | null;
  event: { slug: string; name: string; startsAt: Date; venue: string };
  checkedInAt: Date;
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** The public page a certificate's QR code and printed link lead to. */
export const verifyUrl = (code: string, appUrl = env().APP_URL) => `${appUrl}/certificates/${displayCode(code)}`;

/** Check-ins (each a certificate) matching `where`, with what their certificates say; `code` null until issued. */
async function checkInRows(db: Db | Tx, where: SQL, limit = 100_000) {
  return db
    .select({
      registrationId: checkIns.registrationId,
      eventId: checkIns.eventId,
      userId: checkIns.userId,
      checkedInAt: checkIns.checkedInAt,
      code: certificates.code,
      place: results.place,
      name: users.name,
      college: users.college,
      anweshaId: users.anweshaId,
      email: users.email,
      team: teams.name,
      event: { slug: events.slug, name: events.name, startsAt: events.startsAt, venue: events.venue },
    })
    .from(checkIns)
    .innerJoin(registrations, eq(registrations.id, checkIns.registrationId))
    .innerJoin(events, eq(events.id, checkIns.eventId))
    .innerJoin(users, eq(users.id, checkIns.userId))
    .leftJoin(teams, eq(teams.id, registrations.teamId))
    .leftJoin(results, eq(results.registrationId, checkIns.registrationId))
    .leftJoin(certificates, and(eq(certificates.registrationId, checkIns.registrationId), eq(certificates.userId, checkIns.userId)))
    .where(where)
    .orderBy(sql`${results.place} is null`, asc(users.name), asc(checkIns.id))
    .limit(limit);
}
type Row = Awaited<ReturnType<typeof checkInRows>>[number];

function factsOf(row: Row, code: string): CertificateFacts {
  return {
    code,
    registrationId: row.registrationId,
    userId: row.userId,
    kind: row.place ? "merit" : "participation",
    place: row.place ? placeLabel(row.place) : null,
    person: { name: row.name, college: row.college, anweshaId: row.anweshaId },
    team: row.team,
    event: { ...row.event, startsAt: row.event.startsAt! },
    checkedInAt: row.checkedInAt,
  };
}

/**
 * Gives each row its code: the one already issued, else a new row in `certificates`. Issuing twice at once is
 * harmless: the code is the same HMAC and one insert wins. The insert ignores any conflict (naming only the
 * (registration, person) index would let a concurrent twin fail on the code's primary key instead), so the code is
 * then read back by (registration, person): one that belonged to someone else would find no row and fail loudly
 * rather than be handed out.
 */
async function issue(db: Db | Tx, rows: Row[]): Promise<CertificateFacts[]> {
  const out: CertificateFacts[] = [];
  for (const row of rows) {
    let code = row.code;
    if (!code) {
      const mine = and(eq(certificates.registrationId, row.registrationId), eq(certificates.userId, row.userId));
      await db
        .insert(certificates)
        .values({
          code: certificateCode(row.registrationId, row.userId),
          registrationId: row.registrationId,
          userId: row.userId,
          eventId: row.eventId,
        })
        .onConflictDoNothing();
      const [issued] = await db.select({ code: certificates.code }).from(certificates).where(mine).limit(1);
      if (!issued) throw new Error("a certificate code collided with another's");
      code = issued.code;
    }
    out.push(factsOf(row, code));
  }
  return out;
}

const notYet = (name: string, startsAt: Date | null) =>
  conflict(
    startsAt
      ? `Certificates for ${name} can be downloaded once it starts, on ${formatIST(startsAt)}.`
      : `Certificates for ${name} can be downloaded once it starts; its date is not announced yet.`,
  );

/**
 * GET /api/registrations/{id}/certificate: the viewer's own certificate for a registration they hold (a team
 * member's is their own, never a teammate's). 404 for anyone else, so ids cannot be probed; 409 before the event
 * starts or when they were not checked in.
 */
export async function certificateForHolder(db: Db, registrationId: string, viewerId: string, now = new Date()): Promise<CertificateFacts> {
  if (!isUuid(registrationId)) throw notFound("No such registration.");
  const [r] = await db
    .select({ id: registrations.id, eventId: registrations.eventId, name: events.name, startsAt: events.startsAt })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .where(and(eq(registrations.id, registrationId), holdsRegistration(viewerId)))
    .limit(1);
  if (!r) throw notFound("No such registration.");
  if (!r.startsAt || r.startsAt > now) throw notYet(r.name, r.startsAt);
  const rows = await checkInRows(db, and(eq(checkIns.registrationId, r.id), eq(checkIns.userId, viewerId))!);
  if (!rows.length)
    throw conflict(`You were not checked in at ${r.name}, so there is no certificate. Certificates are for people who were there.`);
  const [facts] = await issue(db, rows);
  return facts!;
}

/** Which of these registrations have a certificate for this person now (the registrations page's links). */
export async function certificateRegistrationsOf(db: Db, userId: string, now = new Date()): Promise<Set<string>> {
  const rows = await db
    .select({ registrationId: checkIns.registrationId })
    .from(checkIns)
    .innerJoin(events, eq(events.id, checkIns.eventId))
    .where(and(eq(checkIns.userId, userId), lte(events.startsAt, now)));
  return new Set(rows.map((r) => r.registrationId));
}

/** Every certificate of an event (merit first, then by name), for its organisers' one PDF. 409 before it starts. */
export async function certificatesOfEvent(
  db: Db,
  event: { id: string; name: string; startsAt: Date | null },
  now = new Date(),
): Promise<CertificateFacts[]> {
  if (!event.startsAt || event.startsAt > now) throw notYet(event.name, event.startsAt);
  const rows = await checkInRows(db, eq(checkIns.eventId, event.id));
  return issue(db, rows);
}

export type Verification = { valid: true; facts: Omit<CertificateFacts, "userId" | "registrationId"> } | { valid: false; reason: string };

/**
 * /certificates/{code}: whose certificate it is and for what, while the check-in it certifies stands. A code we
 * never issued (mistyped, altered, made up) is "not valid" like one whose check-in an organiser undid.
 */
export async function verifyCertificate(db: Db, code: string | null): Promise<Verification> {
  const none = { valid: false as const, reason: "No certificate has this code. Check it was typed as printed." };
  if (!code) return none;
  const [issued] = await db.select().from(certificates).where(eq(certificates.code, code)).limit(1);
  if (!issued) return none;
  const [row] = await checkInRows(db, and(eq(checkIns.registrationId, issued.registrationId), eq(checkIns.userId, issued.userId))!);
  if (!row) return { valid: false, reason: "This certificate was withdrawn: the attendance it certified was undone by the organisers." };
  const { userId: _u, registrationId: _r, ...facts } = factsOf(row, issued.code);
  return { valid: true, facts };
}

/**
 * Check-ins at events that started between `since` and `before` whose certificate was never mailed, of accounts
 * not deleted (lib/certificates/mail.ts).
 */
export async function certificatesToMail(db: Db, since: Date, before: Date, limit: number): Promise<Row[]> {
  const due = and(gt(events.startsAt, since), lte(events.startsAt, before), isNull(certificates.mailedAt), isNull(users.deletedAt))!;
  return checkInRows(db, due, limit);
}

export { issue as issueCertificates };
