// GET: every volunteer and their event. POST {"eventSlug","who"} (email or Anwesha ID): make them a volunteer
// for that event → 201 (200 when they already were).
import { db } from "@/db/client";
import { requireOrganiser } from "@/lib/auth/require-user";
import { grantVolunteer, grantVolunteerSchema, listVolunteers } from "@/lib/checkin/volunteers";
import { handle, readJson } from "@/lib/errors";
import { requireOrganiserAction } from "@/lib/organiser/http";

export const GET = handle(async (req: Request) => {
  await requireOrganiser(req);
  return Response.json({ volunteers: await listVolunteers(db) }, { headers: { "Cache-Control": "no-store" } });
});

export const POST = handle(async (req: Request) => {
  const organiser = await requireOrganiserAction(req);
  const input = await readJson(req, grantVolunteerSchema);
  const { volunteer, created } = await grantVolunteer(db, organiser.id, input);
  return Response.json({ volunteer }, { status: created ? 201 : 200 });
});
