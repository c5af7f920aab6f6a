// Organisers' codes (issue 26): making one (POST /api/organiser/codes, the console's form), listing them with their
// uses (held: a payment live; used: entered; limit), and the campus ambassadors' leaderboard (owned codes ranked by
// uses counted). Every problem of a create is named by its field at once (422); a code that exists in any case is
// 409. Each create is audited.
import { asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type Code, codeEvents, codes, eventPrices, events, users } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import type { CurrentUser } from "@/lib/auth/require-user";
import { ApiError, uniqueViolation } from "@/lib/errors";
import { instant as eventInstant } from "@/lib/events/admin-schema";
import type { FoundCode } from "./apply";
import { discountWords, normaliseCode } from "./rule";
import { usesOf } from "./uses";

type FieldErrors = Record<string, string[]>;
const add = (errors: FieldErrors, field: string, message: string) => {
  errors[field] = [...(errors[field] ?? []), message];
};

const instant = eventInstant.optional().transform((v) => v ?? null);

/** What an organiser sends to make a code. Each field is checked on its own; createCode joins them and asks the database. */
const createCodeSchema = z.object({
  code: z
    .string({ error: "Give the code, like RIYA10." })
    .trim()
    .min(3, "A code has at least 3 characters.")
    .max(40, "A code can be at most 40 characters.")
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "Use letters, digits, - and _ only, like RIYA10."),
  events: z
    .array(
      z.string({ error: "Give each event by its slug." }).trim().min(1).max(80),
      'Give the events as a list of slugs, like ["hackathon"].',
    )
    .max(200, "At most 200 events.")
    .optional()
    .transform((v) => [...new Set(v ?? [])]),
  discountPaise: z
    .int({ error: "Give the discount as a whole number of paise (₹50 is 5000)." })
    .min(1, "A discount is at least 1 paise; leave it out for a code that only unlocks prices.")
    .max(10_000_000, "A discount can be at most 10000000 paise (₹1,00,000).")
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  discountPercent: z
    .int({ error: "Give the percentage as a whole number from 1 to 100." })
    .min(1, "Give the percentage as a whole number from 1 to 100.")
    .max(100, "Give the percentage as a whole number from 1 to 100.")
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  unlocks: z
    .array(
      z.string({ error: "Give each price by its key, like judges." }).trim().min(1).max(40),
      'Give the prices as a list of keys, like ["judges"].',
    )
    .max(20, "At most 20 prices.")
    .optional()
    .transform((v) => [...new Set(v ?? [])]),
  maxUses: z
    .int({ error: "Give the use limit as a whole number, or leave it out for no limit." })
    .min(1, "A use limit is at least 1; leave it out for no limit.")
    .max(1_000_000, "A use limit can be at most 1000000.")
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  validFrom: instant,
  validUntil: instant,
  owner: z
    .string({ error: "Give the owner's email or Anwesha ID." })
    .trim()
    .max(254, "Give the owner's email or Anwesha ID.")
    .optional()
    .transform((v) => (v ? v : null)),
});
type CreateCodeInput = z.infer<typeof createCodeSchema>;

/** The public shape of a code (the console's API, the event page's answer to ?code=). */
export function codeJson(c: Pick<FoundCode, "code" | "discountPaise" | "discountPercent" | "unlocks" | "validFrom" | "validUntil">) {
  return {
    code: c.code,
    discountPaise: c.discountPaise,
    discountPercent: c.discountPercent,
    unlocks: c.unlocks,
    validFrom: c.validFrom?.toISOString() ?? null,
    validUntil: c.validUntil?.toISOString() ?? null,
    /** "10% off", "₹50.00 off" or "no discount". */
    summary: discountWords(c),
  };
}

/** The account an owner names: by Anwesha ID (any case, the dash optional) or by email. */
async function ownerBy(db: Db, who: string) {
  const id = who.toUpperCase().replace(/^ANW-?/, "ANW-");
  const byId = /^ANW-[0-9A-Z]{6}$/.test(id);
  const [user] = await db
    .select({ id: users.id, name: users.name, anweshaId: users.anweshaId })
    .from(users)
    .where(byId ? eq(users.anweshaId, id) : sql`lower(${users.email}) = ${who.toLowerCase()}`)
    .limit(1);
  return user;
}

/**
 * Reads the body field by field (createCodeSchema's), so every field's problem is named at once and the fields that
 * are well formed can still be checked against the database.
 */
function parseCreate(body: unknown): { input: Partial<CreateCodeInput>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    add(errors, "code", 'Send the code as a JSON object, like {"code":"RIYA10","discountPercent":10}.');
    return { input: {}, errors };
  }
  const input: Record<string, unknown> = {};
  for (const [field, schema] of Object.entries(createCodeSchema.shape)) {
    const parsed = schema.safeParse((body as Record<string, unknown>)[field]);
    if (parsed.success) input[field] = parsed.data;
    else for (const issue of parsed.error.issues) add(errors, field, issue.message);
  }
  return { input: input as Partial<CreateCodeInput>, errors };
}

export interface CodeView {
  id: string;
  code: string;
  summary: string;
  discountPaise: number | null;
  discountPercent: number | null;
  unlocks: string[];
  events: { slug: string; name: string }[];
  validFrom: string | null;
  validUntil: string | null;
  owner: { name: string; anweshaId: string } | null;
  /** Uses held by a live payment, used (entered), and the limit (null: none). */
  held: number;
  used: number;
  limit: number | null;
  createdAt: string;
}

/** Makes a code (POST /api/organiser/codes): 422 naming each field's problem, 409 for a code that exists in any case. */
export async function createCode(db: Db, organiser: Pick<CurrentUser, "id">, body: unknown, now = new Date()): Promise<CodeView> {
  const { input, errors } = parseCreate(body);
  if (input.discountPaise != null && input.discountPercent != null)
    add(errors, "discountPercent", "Give a fixed discount or a percentage, not both.");
  if (input.validFrom && input.validUntil && input.validUntil <= input.validFrom)
    add(errors, "validUntil", "A code must end after it starts.");
  // What needs the database: the events, the prices a code unlocks, the owner.
  const slugs = input.events ?? [];
  const eventRows = slugs.length
    ? await db.select({ id: events.id, slug: events.slug, name: events.name }).from(events).where(inArray(events.slug, slugs))
    : [];
  const missing = slugs.filter((slug) => !eventRows.some((e) => e.slug === slug));
  if (missing.length) add(errors, "events", `No event ${missing.map((s) => `"${s}"`).join(", ")}.`);
  if (input.unlocks?.length) {
    const keys = await db
      .selectDistinct({ key: eventPrices.key })
      .from(eventPrices)
      .where(
        eventRows.length
          ? inArray(
              eventPrices.eventId,
              eventRows.map((e) => e.id),
            )
          : undefined,
      );
    const unknown = input.unlocks.filter((k) => !keys.some((p) => p.key === k));
    if (unknown.length)
      add(errors, "unlocks", `No price ${unknown.map((k) => `"${k}"`).join(", ")} in ${eventRows.length ? "these events" : "any event"}.`);
  }
  const owner = input.owner ? await ownerBy(db, input.owner) : null;
  if (input.owner && !owner) add(errors, "owner", `No account for ${input.owner}.`);
  if (Object.keys(errors).length || !isComplete(input)) throw new ApiError(422, "validation_failed", "Some fields are not valid.", errors);
  const exists = await db
    .select({ id: codes.id })
    .from(codes)
    .where(sql`upper(${codes.code}) = ${normaliseCode(input.code)}`);
  if (exists.length) throw duplicate(input.code);
  try {
    const made = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(codes)
        .values({
          code: input.code,
          discountPaise: input.discountPaise,
          discountPercent: input.discountPercent,
          unlocks: input.unlocks,
          maxUses: input.maxUses,
          validFrom: input.validFrom,
          validUntil: input.validUntil,
          ownerId: owner?.id ?? null,
          createdBy: organiser.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      if (eventRows.length) await tx.insert(codeEvents).values(eventRows.map((e) => ({ codeId: row!.id, eventId: e.id })));
      await writeAudit(tx, {
        actorId: organiser.id,
        action: "code.created",
        details: {
          code: row!.code,
          discountPaise: row!.discountPaise,
          discountPercent: row!.discountPercent,
          unlocks: row!.unlocks,
          events: eventRows.map((e) => e.slug),
          maxUses: row!.maxUses,
          ownerId: row!.ownerId,
        },
        createdAt: now,
      });
      return row!;
    });
    return viewOf(made, eventRows, owner ?? null, { held: 0, used: 0 });
  } catch (error) {
    if (uniqueViolation(error)) throw duplicate(input.code);
    throw error;
  }
}

const isComplete = (input: Partial<CreateCodeInput>): input is CreateCodeInput => typeof input.code === "string";

function duplicate(code: string) {
  const message = `A code ${code.toUpperCase()} already exists (codes are the same in any case).`;
  return new ApiError(409, "conflict", message, { code: [message] });
}

function viewOf(
  c: Code,
  eventList: { slug: string; name: string }[],
  owner: { name: string; anweshaId: string } | null,
  uses: { held: number; used: number },
): CodeView {
  return {
    id: c.id,
    code: c.code,
    summary: discountWords(c),
    discountPaise: c.discountPaise,
    discountPercent: c.discountPercent,
    unlocks: c.unlocks,
    events: eventList.map(({ slug, name }) => ({ slug, name })),
    validFrom: c.validFrom?.toISOString() ?? null,
    validUntil: c.validUntil?.toISOString() ?? null,
    owner: owner ? { name: owner.name, anweshaId: owner.anweshaId } : null,
    held: uses.held,
    used: uses.used,
    limit: c.maxUses,
    createdAt: c.createdAt.toISOString(),
  };
}

/** Every code, newest first, with its events, owner and uses now (GET /api/organiser/codes, the console's list). */
export async function listCodes(db: Db, now = new Date()): Promise<CodeView[]> {
  const rows = await db
    .select({ c: codes, ownerName: users.name, ownerAnweshaId: users.anweshaId })
    .from(codes)
    .leftJoin(users, eq(users.id, codes.ownerId))
    .orderBy(sql`${codes.createdAt} desc`, asc(codes.code))
    .limit(1000);
  if (!rows.length) return [];
  const ids = rows.map((r) => r.c.id);
  const [links, uses] = await Promise.all([
    db
      .select({ codeId: codeEvents.codeId, slug: events.slug, name: events.name })
      .from(codeEvents)
      .innerJoin(events, eq(events.id, codeEvents.eventId))
      .where(inArray(codeEvents.codeId, ids))
      .orderBy(asc(events.name)),
    usesOf(db, ids, now),
  ]);
  return rows.map(({ c, ownerName, ownerAnweshaId }) =>
    viewOf(
      c,
      links.filter((l) => l.codeId === c.id),
      ownerName && ownerAnweshaId ? { name: ownerName, anweshaId: ownerAnweshaId } : null,
      uses.get(c.id) ?? { held: 0, used: 0 },
    ),
  );
}

export interface LeaderboardRow {
  rank: number;
  owner: { name: string; anweshaId: string };
  codes: string[];
  /** Uses counted (registrations entered with the owner's codes), and those still held by a live payment. */
  used: number;
  held: number;
}

/**
 * The campus ambassadors' leaderboard: each owner of a code, ranked by the uses counted across their codes (entered
 * registrations; held ones shown beside, not counted). Equal counts share a rank.
 */
export function leaderboard(list: readonly CodeView[]): LeaderboardRow[] {
  const byOwner = new Map<string, Omit<LeaderboardRow, "rank">>();
  for (const c of list) {
    if (!c.owner) continue;
    const row = byOwner.get(c.owner.anweshaId) ?? { owner: c.owner, codes: [], used: 0, held: 0 };
    row.codes.push(c.code);
    row.used += c.used;
    row.held += c.held;
    byOwner.set(c.owner.anweshaId, row);
  }
  const sorted = [...byOwner.values()].sort((a, b) => b.used - a.used || a.owner.name.localeCompare(b.owner.name));
  return sorted.map((r) => ({ ...r, rank: sorted.findIndex((o) => o.used === r.used) + 1 }));
}
