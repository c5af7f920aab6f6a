// Who may register walk-ins at an event's desk: an organiser (everywhere) or a desk volunteer for that event (a
// volunteer row with role `desk`, granted in the console beside the door's). The one place the rule and its
// refusal live, as lib/checkin/guard.ts is for the door.
import type { Db } from "@/db/client";
import type { Event } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/require-user";
import { mayVolunteer, volunteerEventsOf } from "@/lib/checkin/volunteers";
import { forbidden } from "@/lib/errors";

/** Throws 403 unless `user` may register people at this event's desk. */
export async function requireDeskFor(db: Db, user: CurrentUser, event: Pick<Event, "id" | "name">): Promise<void> {
  if (!(await mayVolunteer(db, user, event.id, "desk")))
    throw forbidden(`Only organisers and ${event.name}'s desk volunteers can register people at its desk.`);
}

/** The events a person may register people for at the desk (none: they may not use the desk). */
export const deskEventsOf = (db: Db, user: Pick<CurrentUser, "id" | "role">) => volunteerEventsOf(db, user, "desk");
