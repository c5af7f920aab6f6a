// Coordinators (issue 28): accounts an organiser lets run named events' day-to-day work (lib/coordinators/access.ts
// says what that is). Kept as `coordinator` rows of the volunteers' table, so granting, revoking, the audit and the
// door and desk rights come from lib/checkin/volunteers.ts; this module only names the role.
import { z } from "zod";
import type { Db } from "@/db/client";
import { grantRole, listRoles, revokeRole, type VolunteerView } from "@/lib/checkin/volunteers";

export const grantCoordinatorSchema = z.object({
  eventSlug: z.string().trim().min(1, "Choose an event.").max(80),
  who: z.string().trim().min(3, "Type an email or Anwesha ID.").max(254),
});

export type CoordinatorView = Omit<VolunteerView, "role">;

const view = ({ role: _role, ...rest }: VolunteerView): CoordinatorView => rest;

/** Makes the account (email or Anwesha ID) a coordinator of the event; audited (coordinator.grant); twice is no error. */
export async function grantCoordinator(
  db: Db,
  organiserId: string,
  input: z.output<typeof grantCoordinatorSchema>,
): Promise<{ coordinator: CoordinatorView; created: boolean }> {
  const { volunteer, created } = await grantRole(db, organiserId, { ...input, role: "coordinator" });
  return { coordinator: view(volunteer), created };
}

/** Ends one coordinator's grant for one event (404 for an unknown id or a volunteer's); audited (coordinator.revoke). */
export const revokeCoordinator = (db: Db, organiserId: string, id: string) =>
  revokeRole(db, organiserId, id, ["coordinator"], "No such coordinator.");

export async function listCoordinators(db: Db): Promise<CoordinatorView[]> {
  return (await listRoles(db, ["coordinator"])).map(view);
}
