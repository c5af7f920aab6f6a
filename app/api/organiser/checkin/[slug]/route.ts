// GET ?checkedIn=yes|no: the event's paid registrations with how many of their people are in.
import { db } from "@/db/client";
import { requireOrganiser } from "@/lib/auth/require-user";
import { doorList, parseDoorFilter } from "@/lib/checkin/stats";
import { ApiError, handle, notFound } from "@/lib/errors";
import { getEventBySlug } from "@/lib/events/events";

export const GET = handle(async (req: Request, { params }: { params: Promise<{ slug: string }> }) => {
  await requireOrganiser(req);
  const { slug } = await params;
  const event = await getEventBySlug(db, slug);
  if (!event) throw notFound("No such event.");
  const filter = parseDoorFilter(new URL(req.url).searchParams.get("checkedIn"));
  if (!filter)
    throw new ApiError(422, "validation_failed", "checkedIn must be yes or no.", { checkedIn: ["checkedIn must be yes or no."] });
  return Response.json(
    { event: { slug: event.slug, name: event.name }, registrations: await doorList(db, event.id, filter) },
    { headers: { "Cache-Control": "no-store" } },
  );
});
