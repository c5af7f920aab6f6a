// Who may check people in at an event's door: an organiser (everywhere) or a volunteer for that event. The one
// place the rule and its refusal live; route handlers and lib/checkin/api.ts use it.
import { db as appDb, type Db } from "@/db/client";
import { type CurrentUser, requireUser } from "@/lib/auth/require-user";
import { forbidden } from "@/lib/errors";
import { canCheckIn } from "./volunteers";

/** Throws 403 unless `user` may check people in at the event. */
export async function requireCanCheckIn(db: Db, user: CurrentUser, eventId: string): Promise<void> {
  if (!(await canCheckIn(db, user, eventId))) throw forbidden("Only organisers and this event's volunteers can check people in.");
}

/** The person asking, when they may check people in at this event's door; 401 when nobody is signed in, else 403. */
export async function requireVolunteerFor(req: Request | undefined, eventId: string): Promise<CurrentUser> {
  const user = await requireUser(req);
  await requireCanCheckIn(appDb, user, eventId);
  return user;
}
