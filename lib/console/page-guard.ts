// The one guard for the console's pages (app/organiser/**, app/checkin): nobody signed in goes to sign-in and
// comes back; someone without the role gets the 403 page. API routes use requireOrganiser / requireVolunteerFor,
// which answer 401/403 as JSON instead. A role is an entry below.
import { forbidden, redirect } from "next/navigation";
import { db } from "@/db/client";
import type { Event } from "@/db/schema";
import { type CurrentUser, currentUser } from "@/lib/auth/require-user";
import { checkInEventsOf } from "@/lib/checkin/volunteers";
import { type ConsoleScope, consoleScopeOf } from "@/lib/coordinators/access";
import { deskEventsOf } from "@/lib/desk/access";

/** What each role lets a page see, or null when the person does not have it. */
const ROLES = {
  /** Organisers: the whole console. */
  organiser: async (user: CurrentUser) => (user.role === "organiser" ? {} : null),
  /**
   * The console's event work (registrations, payments read-only, rosters, the waiting list): organisers, every
   * event; coordinators (issue 28), their events. Pages read within `scope` and show the organisers' actions only to
   * `organiser`.
   */
  console: async (user: CurrentUser): Promise<{ scope: ConsoleScope; organiser: boolean } | null> => {
    const scope = await consoleScopeOf(db, user);
    return scope ? { scope, organiser: user.role === "organiser" } : null;
  },
  /** Volunteers (and organisers): the check-in page, at the doors they may check people in at. */
  volunteer: async (user: CurrentUser): Promise<{ doors: Event[] } | null> => {
    const doors = await checkInEventsOf(db, user);
    return doors.length ? { doors } : null;
  },
  /** Desk volunteers (and organisers): the desk page, for the events they may register walk-ins at. */
  desk: async (user: CurrentUser): Promise<{ desks: Event[] } | null> => {
    const desks = await deskEventsOf(db, user);
    return desks.length ? { desks } : null;
  },
} satisfies Record<string, (user: CurrentUser) => Promise<object | null>>;

export type ConsoleRole = keyof typeof ROLES;
type Grant<R extends ConsoleRole> = NonNullable<Awaited<ReturnType<(typeof ROLES)[R]>>>;

/**
 * The signed-in person with `role`, and what the role grants them. `path` is where sign-in brings them back to
 * (the page's own path and query).
 */
export async function guardPage<R extends ConsoleRole>(role: R, path: string): Promise<{ user: CurrentUser } & Grant<R>> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  const grant = (await ROLES[role](user)) as Grant<R> | null;
  if (!grant) forbidden();
  return { user, ...grant };
}
