// POST {"slug"?,"name"?}: copy the event → 201 {"event"}: hidden from attendees, with no registrations. 404 unknown
// event, 409 a slug in use, 422 a bad slug or name. Organisers only; audited on the copy (event.duplicated).
import { db } from "@/db/client";
import { handle, readJson } from "@/lib/errors";
import { duplicateEventSchema } from "@/lib/events/admin-schema";
import { organiserEventJson } from "@/lib/events/admin-view";
import { duplicateEvent } from "@/lib/events/duplicate";
import { requireOrganiserAction } from "@/lib/organiser/http";

export const dynamic = "force-dynamic";

export const POST = handle(async (req: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const user = await requireOrganiserAction(req);
  const input = await readJson(req, duplicateEventSchema);
  const now = new Date();
  const copy = await duplicateEvent(db, user, (await ctx.params).slug, input, now);
  const headers = { "Cache-Control": "no-store", Location: `/api/organiser/events/${copy.event.slug}` };
  return Response.json({ event: organiserEventJson(copy, now) }, { status: 201, headers });
});
