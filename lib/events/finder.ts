// Finding an event among a fest's fifty: a search over the name and description, the category, the format (solo
// or team) and the India day it happens on, read from the URL so a filtered list can be shared and works without JavaScript.
// The filter is SQL (lib/events/events.ts applies it); hidden events are never listed.
import { and, eq, ilike, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events } from "@/db/schema";
import { parseIndiaInput } from "@/lib/format";
import { indiaDaySql } from "@/lib/format-sql";
import { categoryChoices, EVENT_CATEGORIES, type EventCategory, isCategory } from "./categories";

export interface EventFinder {
  /** Words typed in the search box, trimmed; "" for none. */
  q: string;
  /** One category; null for all. */
  category: EventCategory | null;
  kind: "solo" | "team" | null;
  /** An India day, "2026-12-12"; null for any day. */
  day: string | null;
}

export const NO_FILTER: EventFinder = { q: "", category: null, kind: null, day: null };
const MAX_Q = 100;

type Params = { get(name: string): string | null };

/**
 * The finder in a URL's query, and what is wrong with it. Pages show what they can (a bad value counts as
 * absent); the API answers 422 naming each parameter.
 */
export function parseFinder(params: Params): { finder: EventFinder; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const q = (params.get("q") ?? "").trim().replace(/\s+/g, " ");
  const categoryText = params.get("category") ?? "";
  const kindText = params.get("kind") ?? "";
  const dayText = params.get("day") ?? "";
  if (q.length > MAX_Q) errors.q = [`Search for at most ${MAX_Q} characters.`];
  const category = isCategory(categoryText) ? categoryText : null;
  if (categoryText && !category) errors.category = [`category is one of ${categoryChoices}.`];
  const kind = kindText === "solo" || kindText === "team" ? kindText : null;
  if (kindText && !kind) errors.kind = ["kind is solo or team."];
  const read = dayText ? parseIndiaInput(dayText) : undefined;
  const day = read?.dayOnly ? dayText : null;
  if (dayText && !day) errors.day = ["day is an India date, like 2026-12-12."];
  return { finder: { q: errors.q ? "" : q, category, kind, day }, errors };
}

/** The finder as a query string ("" when it filters nothing), for links that keep it. */
export function finderQuery(f: EventFinder): string {
  const p = new URLSearchParams();
  if (f.q) p.set("q", f.q);
  if (f.category) p.set("category", f.category);
  if (f.kind) p.set("kind", f.kind);
  if (f.day) p.set("day", f.day);
  const s = p.toString();
  return s ? `?${s}` : "";
}

export const isFiltered = (f: EventFinder) => !!(f.q || f.category || f.kind || f.day);

/** LIKE's own characters typed in a search are searched for as themselves. */
const likeText = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Events attendees may see that match: the WHERE clause of every public list. */
export function listedWhere(f: EventFinder = NO_FILTER): SQL | undefined {
  return and(
    isNull(events.hiddenAt),
    f.q ? or(ilike(events.name, likeText(f.q)), ilike(events.description, likeText(f.q))) : undefined,
    f.category ? eq(events.category, f.category) : undefined,
    f.kind ? eq(events.kind, f.kind) : undefined,
    f.day ? eq(indiaDaySql(events.startsAt), f.day) : undefined,
  );
}

/** The categories listed events have, in the list's order: the category filter's choices. */
export async function eventCategories(db: Db): Promise<EventCategory[]> {
  const rows = await db.selectDistinct({ category: events.category }).from(events).where(isNull(events.hiddenAt));
  const present = new Set(rows.map((r) => r.category));
  return EVENT_CATEGORIES.filter((c) => present.has(c));
}

/** The India days listed events happen on, in order: the day filter's choices. */
export async function eventDays(db: Db): Promise<string[]> {
  const day = indiaDaySql(events.startsAt);
  const rows = await db
    .selectDistinct({ day: sql<string>`${day}::text` })
    .from(events)
    .where(and(isNull(events.hiddenAt), isNotNull(events.startsAt)))
    .orderBy(sql`1`);
  return rows.map((r) => r.day);
}
