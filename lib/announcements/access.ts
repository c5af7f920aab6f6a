// The event an announcement route or page is about, for someone who may run it (lib/coordinators/access.ts says who).
import type { Db } from "@/db/client";
import type { Event } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/require-user";
import { requireEventManager } from "@/lib/coordinators/access";
import { notFound } from "@/lib/errors";
import { getEventBySlug } from "@/lib/events/events";

/** 404 for an unknown event, 403 unless `user` may run it. */
export async function eventToAnnounce(db: Db, user: Pick<CurrentUser, "id" | "role">, slug: string): Promise<Event> {
  const event = await getEventBySlug(db, slug);
  if (!event) throw notFound("No such event.");
  await requireEventManager(db, user, event);
  return event;
}
