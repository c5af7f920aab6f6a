// The check-in API's inputs and answers: one scan (POST /api/checkin) and a device's queue (POST /api/checkin/sync).
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type Event, events } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/require-user";
import { notFound } from "@/lib/errors";
import { parseToken } from "@/lib/passes/token";
import { type CheckInOutcome, checkIn, clampScanTime } from "./check-in";
import { requireCanCheckIn } from "./guard";
import { RESULT_STATUS } from "./sentences";
import { canCheckIn } from "./volunteers";

const deviceId = z.string().regex(/^[A-Za-z0-9_-]{4,64}$/, "deviceId: 4-64 letters, digits, _ or -");
const eventSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]{1,80}$/, "eventSlug is not an event's slug");
const token = z.string().max(400, "That is too long to be a pass.");
const anweshaId = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^ANW-[0-9A-Z]{6}$/, "That is not an Anwesha ID: one looks like ANW-7K3Q9P.");

const oneTarget = <T extends { token?: string; anweshaId?: string }>(v: T) => (v.token === undefined) !== (v.anweshaId === undefined);
const ONE_TARGET = { message: "Send either token or anweshaId.", path: ["token"] };

export const checkInSchema = z
  .object({ token: token.optional(), anweshaId: anweshaId.optional(), eventSlug: eventSlug.optional(), deviceId: deviceId.optional() })
  .refine(oneTarget, ONE_TARGET)
  .refine((v) => v.token !== undefined || v.eventSlug !== undefined, { message: "Say which event's door this is.", path: ["eventSlug"] });

export const syncSchema = z.object({
  deviceId,
  entries: z
    .array(
      z
        .object({
          ref: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "ref: 8-64 letters, digits, _ or -"),
          eventSlug,
          token: token.optional(),
          anweshaId: anweshaId.optional(),
          scannedAt: z.iso.datetime({ offset: true, message: "scannedAt must be an ISO 8601 time" }),
        })
        .refine(oneTarget, ONE_TARGET),
    )
    .max(200, "Send at most 200 check-ins at a time."),
});

/** An outcome as JSON: no internal user ids, only what the door shows. */
function outcomeJson(o: CheckInOutcome) {
  const p = o.pass;
  return {
    result: o.result,
    reason: o.reason,
    ...(o.at ? { at: o.at, by: o.by } : {}),
    admitted: o.admitted,
    supersedes: o.supersedes,
    registration: p ? { id: p.registration.id, status: p.registration.status } : null,
    event: p ? { slug: p.event.slug, name: p.event.name } : null,
    holder: p?.holder ?? null,
    person: o.person,
    members: (p?.members ?? []).map((m) => ({ anweshaId: m.anweshaId, name: m.name, checkedIn: m.checkedIn })),
  };
}

async function eventBy(db: Db, where: { slug?: string; id?: string }): Promise<Event | undefined> {
  const [e] = await db
    .select()
    .from(events)
    .where(where.slug ? eq(events.slug, where.slug) : eq(events.id, where.id!))
    .limit(1);
  return e;
}

/** POST /api/checkin: one scan, now. The door is `eventSlug`, or else the event the pass names. */
export async function checkInNow(db: Db, user: CurrentUser, input: z.infer<typeof checkInSchema>, now = new Date()) {
  let door: Event | undefined;
  if (input.eventSlug) {
    door = await eventBy(db, { slug: input.eventSlug });
    if (!door) throw notFound("No such event.");
  } else {
    const claimed = parseToken(input.token!);
    door = claimed ? await eventBy(db, { id: claimed.claims.eventId }) : undefined;
    if (!door) return { status: 422, body: outcomeJson(await checkIn(db, scan(null, user, input, now))) };
  }
  await requireCanCheckIn(db, user, door.id);
  const outcome = await checkIn(db, scan(door, user, input, now));
  return { status: RESULT_STATUS[outcome.result], body: outcomeJson(outcome) };
}

function scan(door: Event | null, user: CurrentUser, input: { token?: string; anweshaId?: string; deviceId?: string }, scannedAt: Date) {
  return {
    // A token whose event we cannot even find is refused by its signature or its event; the door is moot.
    door: door ?? { id: "00000000-0000-0000-0000-000000000000", name: "this event" },
    target: input.token !== undefined ? { token: input.token } : { anweshaId: input.anweshaId! },
    scannedAt,
    byUserId: user.id,
    deviceId: input.deviceId ?? "web",
    source: "online" as const,
  };
}

export type SyncResult = { ref: string } & (ReturnType<typeof outcomeJson> | { result: "refused"; reason: string });

/**
 * POST /api/checkin/sync: a device's queued scans, oldest first. Each gets its own answer (a refused entry does
 * not stop the others); the same entry sent again gets the same answer and is recorded once.
 */
export async function syncQueue(db: Db, user: CurrentUser, input: z.infer<typeof syncSchema>, now = new Date()): Promise<SyncResult[]> {
  const doors = new Map<string, { event?: Event; allowed: boolean }>();
  const ordered = [...input.entries].sort((a, b) => Date.parse(a.scannedAt) - Date.parse(b.scannedAt));
  const results: SyncResult[] = [];
  for (const entry of ordered) {
    let door = doors.get(entry.eventSlug);
    if (!door) {
      const event = await eventBy(db, { slug: entry.eventSlug });
      door = { event, allowed: !!event && (await canCheckIn(db, user, event.id)) };
      doors.set(entry.eventSlug, door);
    }
    if (!door.event) {
      results.push({ ref: entry.ref, result: "refused", reason: "No such event." });
      continue;
    }
    if (!door.allowed) {
      results.push({ ref: entry.ref, result: "refused", reason: `You are not a volunteer for ${door.event.name}.` });
      continue;
    }
    const scannedAt = clampScanTime(new Date(entry.scannedAt), now);
    if (!scannedAt) {
      results.push({ ref: entry.ref, result: "refused", reason: "This scan is more than a week old; check the person in again." });
      continue;
    }
    const outcome = await checkIn(db, {
      door: door.event,
      target: entry.token !== undefined ? { token: entry.token } : { anweshaId: entry.anweshaId! },
      scannedAt,
      byUserId: user.id,
      deviceId: input.deviceId,
      clientRef: entry.ref,
      source: "offline",
    });
    results.push({ ref: entry.ref, ...outcomeJson(outcome) });
  }
  return results;
}
