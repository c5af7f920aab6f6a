// What a check-in device keeps for one event so it can work with no network: the public key to verify passes
// with, every valid pass (holder and roster, for names and Anwesha ID look-ups; a team member's own pass is good
// while its member is on its registration's roster here), the revocation list (registrations that were paid and no
// longer are), the check-ins and duplicate scans recorded so far, and the check-ins
// organisers undid (so a device's scan log can say so).
import { and, asc, eq, inArray, isNotNull, ne } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { checkInDuplicates, checkIns, type Event, registrations, teamMembers, teams, users } from "@/db/schema";
import { passKeys } from "@/lib/passes/signing-key";
import { undosOfEvent } from "./undo";

export interface BundlePerson {
  userId: string;
  anweshaId: string;
  name: string;
}

export interface BundleScan {
  registrationId: string;
  userId: string;
  at: string;
  by: string;
  deviceId: string;
}

export interface CheckInBundle {
  event: { id: string; slug: string; name: string; venue: string; startsAt: string | null };
  keys: { kid: string; jwk: { kty: "OKP"; crv: "Ed25519"; x: string } }[];
  generatedAt: string;
  passes: {
    registrationId: string;
    holder: { kind: "user" | "team"; id: string; name: string; anweshaId: string | null };
    members: BundlePerson[];
  }[];
  revoked: { registrationId: string; status: string }[];
  checkIns: BundleScan[];
  duplicates: BundleScan[];
  /** Check-ins an organiser undid: the person, the check-in's time, when it was undone, by whom (a name) and why. */
  undone: { registrationId: string; userId: string; at: string; undoneAt: string; by: string; reason: string }[];
}

const volunteer = alias(users, "volunteer");

export async function checkInBundle(db: Db, event: Event, now = new Date()): Promise<CheckInBundle> {
  const keys = passKeys();
  const [paid, revoked, ins, dups, undos] = await Promise.all([
    db
      .select({ r: registrations, teamName: teams.name, userName: users.name, anweshaId: users.anweshaId })
      .from(registrations)
      .leftJoin(teams, eq(teams.id, registrations.teamId))
      .leftJoin(users, eq(users.id, registrations.userId))
      .where(and(eq(registrations.eventId, event.id), eq(registrations.status, "paid")))
      .orderBy(asc(registrations.paidAt)),
    db
      .select({ registrationId: registrations.id, status: registrations.status })
      .from(registrations)
      .where(and(eq(registrations.eventId, event.id), isNotNull(registrations.paidAt), ne(registrations.status, "paid"))),
    db
      .select({
        registrationId: checkIns.registrationId,
        userId: checkIns.userId,
        at: checkIns.checkedInAt,
        by: volunteer.name,
        deviceId: checkIns.deviceId,
      })
      .from(checkIns)
      .innerJoin(volunteer, eq(volunteer.id, checkIns.checkedInBy))
      .where(eq(checkIns.eventId, event.id)),
    db
      .select({
        registrationId: checkInDuplicates.registrationId,
        userId: checkInDuplicates.userId,
        at: checkInDuplicates.scannedAt,
        by: volunteer.name,
        deviceId: checkInDuplicates.deviceId,
      })
      .from(checkInDuplicates)
      .innerJoin(volunteer, eq(volunteer.id, checkInDuplicates.scannedBy))
      .where(eq(checkInDuplicates.eventId, event.id)),
    undosOfEvent(db, event.id),
  ]);
  const teamIds = paid.flatMap((p) => (p.r.teamId ? [p.r.teamId] : []));
  const members = teamIds.length
    ? await db
        .select({ teamId: teamMembers.teamId, userId: users.id, anweshaId: users.anweshaId, name: users.name })
        .from(teamMembers)
        .innerJoin(users, eq(users.id, teamMembers.userId))
        .where(inArray(teamMembers.teamId, teamIds))
        .orderBy(asc(teamMembers.createdAt))
    : [];
  const rosterOf = new Map<string, BundlePerson[]>();
  for (const m of members) {
    const list = rosterOf.get(m.teamId) ?? [];
    list.push({ userId: m.userId, anweshaId: m.anweshaId, name: m.name });
    rosterOf.set(m.teamId, list);
  }
  const scan = (s: { registrationId: string; userId: string; at: Date; by: string; deviceId: string }): BundleScan => ({
    ...s,
    at: s.at.toISOString(),
  });
  return {
    event: { id: event.id, slug: event.slug, name: event.name, venue: event.venue, startsAt: event.startsAt?.toISOString() ?? null },
    keys: [{ kid: keys.kid, jwk: keys.publicJwk }],
    generatedAt: now.toISOString(),
    passes: paid.map(({ r, teamName, userName, anweshaId }) =>
      r.teamId
        ? {
            registrationId: r.id,
            holder: { kind: "team" as const, id: r.teamId, name: teamName ?? "Team", anweshaId: null },
            members: rosterOf.get(r.teamId) ?? [],
          }
        : {
            registrationId: r.id,
            holder: { kind: "user" as const, id: r.userId!, name: userName ?? "", anweshaId },
            members: [{ userId: r.userId!, anweshaId: anweshaId ?? "", name: userName ?? "" }],
          },
    ),
    revoked,
    checkIns: ins.map(scan),
    duplicates: dups.map(scan),
    undone: undos.map((u) => ({
      registrationId: u.registrationId,
      userId: u.userId,
      at: u.checkedInAt.toISOString(),
      undoneAt: u.undoneAt.toISOString(),
      by: u.by,
      reason: u.reason,
    })),
  };
}
