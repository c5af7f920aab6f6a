// GET: what a check-in device keeps for offline work at this event's door (key, passes, revocations, check-ins).
import { db } from "@/db/client";
import { checkInBundle } from "@/lib/checkin/bundle";
import { requireVolunteerFor } from "@/lib/checkin/guard";
import { handle, notFound } from "@/lib/errors";
import { getEventBySlug, isEventSlug } from "@/lib/events/events";

export const GET = handle(async (req: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  const event = isEventSlug(slug) ? await getEventBySlug(db, slug) : undefined;
  if (!event) throw notFound("No such event.");
  await requireVolunteerFor(req, event.id);
  return Response.json(await checkInBundle(db, event), { headers: { "Cache-Control": "no-store" } });
});
