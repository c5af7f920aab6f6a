// GET: every coordinator and their event. POST {"eventSlug","who"} (email or Anwesha ID): make them a coordinator of
// that event → 201 (200 when they already were); 422 for an unknown event or account. Organisers only; audited.
import { db } from "@/db/client";
import { requireOrganiser } from "@/lib/auth/require-user";
import { grantCoordinator, grantCoordinatorSchema, listCoordinators } from "@/lib/coordinators/coordinators";
import { handle, readJson } from "@/lib/errors";
import { requireOrganiserAction } from "@/lib/organiser/http";

export const dynamic = "force-dynamic";

export const GET = handle(async (req: Request) => {
  await requireOrganiser(req);
  return Response.json({ coordinators: await listCoordinators(db) }, { headers: { "Cache-Control": "no-store" } });
});

export const POST = handle(async (req: Request) => {
  const organiser = await requireOrganiserAction(req);
  const input = await readJson(req, grantCoordinatorSchema);
  const { coordinator, created } = await grantCoordinator(db, organiser.id, input);
  return Response.json({ coordinator }, { status: created ? 201 : 200 });
});
