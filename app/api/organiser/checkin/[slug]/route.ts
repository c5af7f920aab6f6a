// GET ?checkedIn=yes|no: the event's paid registrations with how many of their people are in. Organisers and the
// event's coordinators.
import { db } from "@/db/client";
import { doorList, parseDoorFilter } from "@/lib/checkin/stats";
import { ApiError, handle } from "@/lib/errors";
import { requireEventReader } from "@/lib/organiser/http";

export const GET = handle(async (req: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const { event } = await requireEventReader(req, (await params).slug);
  const filter = parseDoorFilter(new URL(req.url).searchParams.get("checkedIn"));
  if (!filter)
    throw new ApiError(422, "validation_failed", "checkedIn must be yes or no.", { checkedIn: ["checkedIn must be yes or no."] });
  return Response.json(
    { event: { slug: event.slug, name: event.name }, registrations: await doorList(db, event.id, filter) },
    { headers: { "Cache-Control": "no-store" } },
  );
});
