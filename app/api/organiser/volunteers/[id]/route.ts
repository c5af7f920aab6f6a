// DELETE: the account is no longer a volunteer for that event.
import { db } from "@/db/client";
import { revokeVolunteer } from "@/lib/checkin/volunteers";
import { handle } from "@/lib/errors";
import { requireOrganiserAction } from "@/lib/organiser/http";

export const DELETE = handle(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const organiser = await requireOrganiserAction(req);
  const { id } = await params;
  await revokeVolunteer(db, organiser.id, id);
  return new Response(null, { status: 204 });
});
