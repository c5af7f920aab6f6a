// Copying an event, for the fest's many look-alike events: every field an organiser sets, under a new slug, hidden
// from attendees until an organiser shows it (so a half-edited copy takes nobody's money), with registration not
// closed and nothing else: no registrations, teams, payments or volunteers. Audited on the copy.
import { eq, like } from "drizzle-orm";
import type { Db } from "@/db/client";
import { eventPrices, events } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import type { CurrentUser } from "@/lib/auth/require-user";
import { ApiError, notFound, uniqueViolation } from "@/lib/errors";
import type { DuplicateEventInput } from "./admin-schema";
import { type OrganiserEvent, organiserEvent } from "./admin-view";
import { isEventSlug } from "./events";

const MAX_SLUG = 80;
const MAX_NAME = 120;

/** "code-sprint" → "code-sprint-copy", or "-copy-2", "-copy-3", … : the first not in `taken`. */
export function copySlug(slug: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const tail = n === 1 ? "-copy" : `-copy-${n}`;
    const candidate = `${slug.slice(0, MAX_SLUG - tail.length).replace(/-+$/, "")}${tail}`;
    if (!taken.has(candidate)) return candidate;
  }
}

const copyName = (name: string) => {
  const tail = " (copy)";
  return name.length + tail.length <= MAX_NAME ? `${name}${tail}` : `${name.slice(0, MAX_NAME - tail.length).trimEnd()}${tail}`;
};

const slugTaken = (slug: string) =>
  new ApiError(409, "conflict", `Another event already uses the slug “${slug}”. Choose another.`, {
    slug: [`Another event already uses the slug “${slug}”. Choose another.`],
  });

export async function duplicateEvent(
  db: Db,
  actor: Pick<CurrentUser, "id">,
  slug: string,
  input: DuplicateEventInput,
  now = new Date(),
): Promise<OrganiserEvent> {
  if (!isEventSlug(slug)) throw notFound("No such event.");
  const [source] = await db.select().from(events).where(eq(events.slug, slug)).limit(1);
  if (!source) throw notFound("No such event.");
  // A chosen slug is the organiser's; a made-up one moves on when another copy took it in the meantime.
  for (let attempt = 0; ; attempt++) {
    const taken = input.slug
      ? new Set<string>()
      : new Set(
          (
            await db
              .select({ slug: events.slug })
              .from(events)
              .where(like(events.slug, `${source.slug.slice(0, MAX_SLUG - 5)}%`))
          ).map((r) => r.slug),
        );
    const newSlug = input.slug ?? copySlug(source.slug, taken);
    try {
      return await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(events)
          .values({
            slug: newSlug,
            name: input.name ?? copyName(source.name),
            description: source.description,
            kind: source.kind,
            feePaise: source.feePaise,
            minTeamSize: source.minTeamSize,
            maxTeamSize: source.maxTeamSize,
            capacity: source.capacity,
            registrationOpensAt: source.registrationOpensAt,
            registrationClosesAt: source.registrationClosesAt,
            startsAt: source.startsAt,
            venue: source.venue,
            questions: source.questions,
            category: source.category,
            hiddenAt: now,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        // The copy offers the same prices (none of them paid for yet).
        const prices = await tx.select().from(eventPrices).where(eq(eventPrices.eventId, source.id));
        if (prices.length)
          await tx
            .insert(eventPrices)
            .values(prices.map(({ id: _id, ...p }) => ({ ...p, eventId: row!.id, createdAt: now, updatedAt: now })));
        await writeAudit(tx, {
          actorId: actor.id,
          action: "event.duplicated",
          eventId: row!.id,
          details: { from: { id: source.id, slug: source.slug, name: source.name }, slug: row!.slug, name: row!.name },
        });
        return (await organiserEvent(tx, row!.id, now))!;
      });
    } catch (error) {
      if (!uniqueViolation(error)) throw error;
      if (input.slug || attempt >= 4) throw slugTaken(newSlug);
    }
  }
}
