// A code typed for an item, read and applied by the one rule (./rule.ts): what the event page, GET
// /api/events/{slug}?code=, the basket and the payment start each ask. Unknown: 422 naming the field `code`; not
// usable for this event now: 409 with the reason; at its limit: 409 "This code has been used up." (the start counts
// again under the code's lock, ./uses.ts).
import { inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { type Code, codeEvents, codes, type EventPrice } from "@/db/schema";
import { ApiError } from "@/lib/errors";
import { type Chooser, type PriceOffer, type PriceRules, pickPrice } from "@/lib/events/prices";
import { type CodeRules, codeOnPrice, codeRefusal, discountOf, fitsPrice, normaliseCode, unlocksOf } from "./rule";
import { CodeUsedUpError, usesOf } from "./uses";

/** A code as read for checkout: its row and its events. */
export type FoundCode = Code & CodeRules;

/** The 422 of a code nobody made. */
export class UnknownCodeError extends ApiError {
  constructor(typed: string) {
    const message = `There is no code "${typed.trim()}". Check how it is spelt.`;
    super(422, "validation_failed", message, { code: [message] });
  }
}

/** The codes typed (any case), by their normalised text; codes nobody made are absent. */
export async function findCodes(db: Db | Tx, typed: readonly string[]): Promise<Map<string, FoundCode>> {
  const wanted = [...new Set(typed.map(normaliseCode))].filter((c) => c.length > 0 && c.length <= 40);
  if (!wanted.length) return new Map();
  const rows = await db
    .select()
    .from(codes)
    .where(wanted.length === 1 ? sql`upper(${codes.code}) = ${wanted[0]}` : inArray(sql`upper(${codes.code})`, wanted));
  return new Map((await withEvents(db, rows)).map((c) => [normaliseCode(c.code), c]));
}

/** One typed code, or UnknownCodeError. */
async function codeByText(db: Db | Tx, typed: string): Promise<FoundCode> {
  const found = (await findCodes(db, [typed])).get(normaliseCode(typed));
  if (!found) throw new UnknownCodeError(typed);
  return found;
}

/** Throws 409 with the reason when the code cannot be used for this event now (its window, its events). */
function assertCodeForEvent(code: CodeRules, event: { id: string; name: string }, now: Date): void {
  const refusal = codeRefusal(code, event, now);
  if (refusal) throw new ApiError(409, "conflict", refusal, { code: [refusal] });
}

/**
 * Throws CodeUsedUpError when the code has no use left now. A look without a lock, for the pages and the basket:
 * the start asks again under the code's lock (./uses.ts assertCodeUses), which is the last word.
 */
async function assertUsesLeft(db: Db, code: Pick<Code, "id" | "code" | "maxUses">, now: Date, except: string[] = []): Promise<void> {
  if (code.maxUses == null) return;
  const u = (await usesOf(db, [code.id], now, except)).get(code.id) ?? { held: 0, used: 0 };
  if (u.held + u.used >= code.maxUses) throw new CodeUsedUpError();
}

/**
 * The price a line is charged, with or without a code: the one asked for by key, or without a key the cheapest this
 * person may choose (with a code listing prices, the cheapest of those), then what the code takes off it. Either the
 * price and its discount or a sentence saying why not, with its status.
 */
export function pickPriceWithCode<P extends PriceRules & Pick<EventPrice, "position">>(
  prices: readonly P[],
  key: string | undefined,
  chooser: Chooser,
  now: Date,
  code: CodeRules | null,
): { price: P; discountPaise: number } | { refusal: string; status: 409 | 422 } {
  const unlocks = unlocksOf(code);
  let picked = pickPrice(prices, key, chooser, now, unlocks);
  if (key === undefined && code?.unlocks.length) {
    const fitting = pickPrice(
      prices.filter((p) => fitsPrice(code, p.key)),
      undefined,
      chooser,
      now,
      unlocks,
    );
    if ("price" in fitting) picked = fitting;
  }
  if ("refusal" in picked) return picked;
  if (!code) return { price: picked.price, discountPaise: 0 };
  const applied = codeOnPrice(code, picked.price);
  return "refusal" in applied ? { refusal: applied.refusal, status: 409 } : { price: picked.price, discountPaise: applied.discountPaise };
}

/** A price on offer with what the code takes off it (0 for a price the code does not fit). */
export type PriceWithCode = PriceOffer & { discountPaise: number };

export function offersWithCode(offers: readonly PriceOffer[], code: CodeRules): PriceWithCode[] {
  return offers.map((p) => ({ ...p, discountPaise: fitsPrice(code, p.key) ? discountOf(code, p.feePaise) : 0 }));
}

/**
 * A typed code for one event, checked as the event page and the basket check it: known (422), usable for the event
 * now (409), with a use left (409).
 */
export async function codeForEvent(db: Db, typed: string, event: { id: string; name: string }, now: Date): Promise<FoundCode> {
  const code = await codeByText(db, typed);
  assertCodeForEvent(code, event, now);
  await assertUsesLeft(db, code, now);
  return code;
}

/** Codes by id (a basket line keeps the id), with their events. */
export async function findCodesById(db: Db, ids: readonly string[]): Promise<Map<string, FoundCode>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select()
    .from(codes)
    .where(inArray(codes.id, [...ids]));
  return new Map((await withEvents(db, rows)).map((c) => [c.id, c]));
}

/** Each code with the events it applies to (code_events). */
async function withEvents(db: Db | Tx, rows: Code[]): Promise<FoundCode[]> {
  if (!rows.length) return [];
  const links = await db
    .select()
    .from(codeEvents)
    .where(
      inArray(
        codeEvents.codeId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((r) => ({ ...r, eventIds: links.filter((l) => l.codeId === r.id).map((l) => l.eventId) }));
}
