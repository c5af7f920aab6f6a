// Letting people in at the door. One function for a scan made online and for a scan queued on a device and synced
// later: the pass is checked (signature, event, the registration's current status), then each person on it is
// recorded once: the solo entrant; a team's members not yet in for a team's pass; one member for a member's own
// pass or their Anwesha ID, while they are on the roster. "Once" is the database's word (unique index on registration + person). When two devices scanned
// the same pass, the earlier scan (by the device's clock) keeps the check-in and the other is kept as a duplicate,
// so both devices can be told. A queued scan made before an organiser undid the person's check-in never admits
// them again (lib/checkin/undo.ts).
import { and, asc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { checkInDuplicates, checkIns, events, registrations, teamMembers, users } from "@/db/schema";
import { checkPassToken } from "@/lib/passes/sign";
import { type CheckInResult, sentences } from "./sentences";
import { type PassState, passState, registrationOfPerson } from "./state";
import { undoAfter } from "./undo";

export type CheckInTarget = { token: string; anweshaId?: undefined } | { anweshaId: string; token?: undefined };

export interface ScanInput {
  /** The event whose door this is. */
  door: { id: string; name: string };
  target: CheckInTarget;
  /** When the pass was scanned: now for an online scan, the device's clock (clamped, see clampScanTime) offline. */
  scannedAt: Date;
  byUserId: string;
  deviceId: string;
  /** The device's id for a queued scan: a sync sent twice is answered the same and recorded once. */
  clientRef?: string | null;
  source: "online" | "offline";
}

export interface CheckInOutcome {
  result: CheckInResult;
  /** One sentence for the volunteer. */
  reason: string;
  /** For already_checked_in: the first check-in. */
  at?: string;
  by?: string;
  /** Anwesha IDs of the people this scan let in. */
  admitted: string[];
  /** When this scan was earlier than one already recorded from another device: that other scan, now a duplicate. */
  supersedes: { at: string; by: string; deviceId: string }[];
  pass: PassState | null;
  /** The one person the scan was about (a member's own pass, or an Anwesha ID), so the door can see it is them. */
  person: { name: string; anweshaId: string } | null;
}

/** An undo that outranks a queued scan: when, by whom (a user id) and why. */
interface Undone {
  at: Date;
  by: string;
  reason: string;
}

const fail = (result: CheckInResult, reason: string, pass: PassState | null = null): CheckInOutcome => ({
  result,
  reason,
  admitted: [],
  supersedes: [],
  pass,
  person: null,
});

/** A device's clock may be wrong: a scan is never later than when we hear of it, nor more than a week earlier. */
export function clampScanTime(claimed: Date, now: Date): Date | null {
  if (Number.isNaN(claimed.getTime())) return null;
  if (claimed.getTime() < now.getTime() - 7 * 24 * 3600_000) return null;
  return claimed > now ? now : claimed;
}

/** Which registration a scan is about, and who on it to let in (null: everyone on the pass), or why not. */
async function resolve(db: Db, input: ScanInput): Promise<CheckInOutcome | { registrationId: string; only: string | null }> {
  const { door, target } = input;
  if (target.token !== undefined) {
    const check = checkPassToken(target.token);
    if (!check.ok) return check.reason === "not_a_pass" ? fail("not_a_pass", sentences.notAPass()) : fail("forged", sentences.forged());
    const { claims } = check;
    if (claims.eventId !== door.id) {
      const [theirs] = await db.select({ name: events.name }).from(events).where(eq(events.id, claims.eventId)).limit(1);
      return fail("other_event", sentences.otherEvent(theirs?.name ?? "another event", door.name));
    }
    const [r] = await db
      .select({ id: registrations.id, userId: registrations.userId, teamId: registrations.teamId })
      .from(registrations)
      .where(eq(registrations.id, claims.registrationId));
    // Signed by us but unknown here (another deployment's database): as good as forged for this door.
    const holderMatches =
      r &&
      (claims.holder.kind === "team"
        ? r.teamId === claims.holder.id
        : claims.holder.kind === "member"
          ? r.teamId !== null
          : r.userId === claims.holder.id);
    if (!holderMatches) return fail("forged", sentences.forged());
    // A member's own pass lets in that member alone; whether they are still on the roster is asked under the lock.
    return { registrationId: r.id, only: claims.holder.kind === "member" ? claims.holder.id : null };
  }
  const anweshaId = target.anweshaId.trim().toUpperCase();
  const [person] = await db.select({ id: users.id }).from(users).where(eq(users.anweshaId, anweshaId)).limit(1);
  const reg = person ? await registrationOfPerson(db, door.id, person.id) : null;
  if (!person || !reg) return fail("not_registered", sentences.notRegistered(anweshaId, door.name));
  return { registrationId: reg.id, only: person.id };
}

export async function checkIn(db: Db, input: ScanInput): Promise<CheckInOutcome> {
  const resolved = await resolve(db, input);
  if ("result" in resolved) return resolved;
  const outcome = await admit(db, input, resolved);
  return resolved.only ? { ...outcome, person: await personOf(db, outcome.pass, resolved.only) } : outcome;
}

/** Lets in who the scan names, under the registration's row lock, and says what happened. */
async function admit(
  db: Db,
  input: ScanInput,
  { registrationId, only }: { registrationId: string; only: string | null },
): Promise<CheckInOutcome> {
  const outcome = await db.transaction(async (tx) => {
    // FOR NO KEY UPDATE: a refund (which updates this row) waits for the check-in, or the check-in sees the refund;
    // and two scans of one pass take turns, so a team pass scanned at two doors at once is admitted by one scan,
    // never split between them.
    const [r] = await tx.select().from(registrations).where(eq(registrations.id, registrationId)).for("no key update");
    if (r?.status !== "paid") return { revoked: r?.status ?? "cancelled", offRoster: false, admitted: [], supersedes: [], undone: [] };
    // A member's pass (or Anwesha ID) admits them while they are on the team: one taken off the roster has no pass.
    if (only && r.teamId && !(await onRoster(tx, r.teamId, only))) {
      return { revoked: null, offRoster: true, admitted: [], supersedes: [], undone: [] };
    }
    const people = only
      ? [only]
      : r.teamId
        ? (
            await tx
              .select({ userId: teamMembers.userId })
              .from(teamMembers)
              .where(eq(teamMembers.teamId, r.teamId))
              .orderBy(asc(teamMembers.userId))
          ).map((m) => m.userId)
        : [r.userId!];
    // Same order on every device's request, so two concurrent scans of a team pass never deadlock.
    people.sort();
    const admitted: string[] = [];
    const supersedes: CheckInOutcome["supersedes"] = [];
    const undone: Undone[] = [];
    for (const userId of people) {
      const won = await admitOne(tx, { registrationId: r.id, eventId: r.eventId, userId }, input);
      if (won.admitted) admitted.push(userId);
      if (won.supersedes) supersedes.push(won.supersedes);
      if (won.undone) undone.push(won.undone);
    }
    return { revoked: null, offRoster: false, admitted, supersedes, undone };
  });

  const pass = await passState(db, registrationId);
  if (outcome.revoked) return fail("revoked", sentences.revoked(outcome.revoked), pass);
  if (outcome.offRoster) return fail("revoked", sentences.offRoster(pass?.holder.name ?? ""), pass);
  const members = pass?.members ?? [];
  const anweshaOf = (userId: string) => members.find((m) => m.userId === userId)?.anweshaId ?? userId;
  if (outcome.admitted.length) {
    const withNames = await Promise.all(
      outcome.supersedes.map(async (s) => ({ ...s, by: (await nameOf(db, s.by)) ?? "another volunteer" })),
    );
    return {
      result: "admitted" as const,
      reason: sentences.admitted(
        only ? (members.find((m) => m.userId === only)?.name ?? "") : (pass?.holder.name ?? ""),
        outcome.admitted.length,
      ),
      admitted: outcome.admitted.map(anweshaOf),
      supersedes: withNames,
      pass,
      person: null,
    };
  }
  const undo = outcome.undone[0];
  if (undo) {
    const by = (await nameOf(db, undo.by)) ?? "an organiser";
    return {
      ...fail("undone", sentences.undone(undo.at.toISOString(), by, undo.reason), pass),
      at: undo.at.toISOString(),
      by,
    };
  }
  const relevant = members
    .filter((m) => (only ? m.userId === only : true) && m.checkedIn)
    .sort((a, b) => a.checkedIn!.at.localeCompare(b.checkedIn!.at));
  const first = relevant[0]?.checkedIn;
  if (!first) {
    // A team with nobody on its roster any more: nothing to let in.
    return fail("revoked", "Not valid: nobody is on this team's roster.", pass);
  }
  return {
    result: "already_checked_in" as const,
    reason: sentences.alreadyIn(first.at, first.by),
    at: first.at,
    by: first.by,
    admitted: [],
    supersedes: [],
    pass,
    person: null,
  };
}

async function onRoster(tx: Tx, teamId: string, userId: string): Promise<boolean> {
  const [m] = await tx
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
  return !!m;
}

/** The one person a member's pass or an Anwesha ID names: from the door's roster, or their account once off it. */
async function personOf(db: Db, pass: PassState | null, userId: string): Promise<CheckInOutcome["person"]> {
  const listed = pass?.members.find((m) => m.userId === userId);
  if (listed) return { name: listed.name, anweshaId: listed.anweshaId };
  const [u] = await db.select({ name: users.name, anweshaId: users.anweshaId }).from(users).where(eq(users.id, userId)).limit(1);
  return u ?? null;
}

async function nameOf(db: Db, userId: string): Promise<string | undefined> {
  const [u] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId)).limit(1);
  return u?.name;
}

/**
 * Records one person's check-in, or decides it was not the first. Returns whether this scan now holds the
 * check-in, and, when it displaced a later scan from another device, that scan (`by` is a user id here).
 */
async function admitOne(
  tx: Tx,
  who: { registrationId: string; eventId: string; userId: string },
  input: ScanInput,
): Promise<{ admitted: boolean; supersedes?: { at: string; by: string; deviceId: string }; undone?: Undone }> {
  // A scan queued before an organiser undid this person's check-in: the undo stands (and a resent sync of the very
  // scan that was undone is one of these). Checked first, so it can never take the place of a later check-in
  // either. An online scan is made now, after every undo.
  if (input.source === "offline") {
    const undo = await undoAfter(tx, who, input.scannedAt);
    if (undo) return { admitted: false, undone: { at: undo.undoneAt, by: undo.undoneBy, reason: undo.reason } };
  }
  const mine = {
    ...who,
    checkedInBy: input.byUserId,
    deviceId: input.deviceId,
    clientRef: input.clientRef ?? null,
    source: input.source,
  };
  const [made] = await tx
    .insert(checkIns)
    .values({ ...mine, checkedInAt: input.scannedAt, recordedAt: new Date() })
    .onConflictDoNothing({ target: [checkIns.registrationId, checkIns.userId] })
    .returning({ id: checkIns.id });
  if (made) return { admitted: true };

  // Someone is already in. The row is locked so two late syncs cannot both displace it.
  const [existing] = await tx
    .select()
    .from(checkIns)
    .where(and(eq(checkIns.registrationId, who.registrationId), eq(checkIns.userId, who.userId)))
    .for("update");
  if (!existing) throw new Error("check-in vanished under a lock");
  // The same queued scan sent again (a retried sync): it is the check-in already.
  if (input.clientRef && existing.clientRef === input.clientRef) return { admitted: true };
  if (input.clientRef) {
    const [seen] = await tx
      .select({ id: checkInDuplicates.id })
      .from(checkInDuplicates)
      .where(and(eq(checkInDuplicates.clientRef, input.clientRef), eq(checkInDuplicates.userId, who.userId)))
      .limit(1);
    if (seen) return { admitted: false };
  }
  // Only a queued (offline) scan can have happened before the recorded one: that device already told the door
  // "admitted", so it keeps the check-in. An online scan is answered now, and the row's lock decides: the first to
  // record holds it, and a concurrent scan of the same pass is told it is a duplicate (its clock says nothing).
  if (input.source === "offline" && input.scannedAt < existing.checkedInAt) {
    // This device scanned first: it keeps the check-in, and the later scan becomes the duplicate.
    await tx.insert(checkInDuplicates).values({
      registrationId: existing.registrationId,
      eventId: existing.eventId,
      userId: existing.userId,
      scannedAt: existing.checkedInAt,
      recordedAt: existing.recordedAt,
      scannedBy: existing.checkedInBy,
      deviceId: existing.deviceId,
      clientRef: existing.clientRef,
      source: existing.source,
    });
    await tx
      .update(checkIns)
      .set({ ...mine, checkedInAt: input.scannedAt, recordedAt: new Date() })
      .where(eq(checkIns.id, existing.id));
    return {
      admitted: true,
      supersedes: { at: existing.checkedInAt.toISOString(), by: existing.checkedInBy, deviceId: existing.deviceId },
    };
  }
  await tx.insert(checkInDuplicates).values({
    ...who,
    scannedAt: input.scannedAt,
    scannedBy: input.byUserId,
    deviceId: input.deviceId,
    clientRef: input.clientRef ?? null,
    source: input.source,
  });
  return { admitted: false };
}
