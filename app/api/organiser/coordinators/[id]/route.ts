// DELETE: the account is no longer a coordinator of that event → 204; 404 unknown. Organisers only; audited.
import { db } from "@/db/client";
import { revokeCoordinator } from "@/lib/coordinators/coordinators";
import { handle } from "@/lib/errors";
import { requireOrganiserAction } from "@/lib/organiser/http";

export const DELETE = handle(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const organiser = await requireOrganiserAction(req);
  await revokeCoordinator(db, organiser.id, (await params).id);
  return new Response(null, { status: 204 });
});
