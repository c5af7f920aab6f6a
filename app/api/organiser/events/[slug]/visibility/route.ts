// POST {"hidden": true|false}: hide the event from attendees, or show it again → 200 {"event"}. 404 unknown event,
// 422 anything but a boolean. Organisers only; audited (event.hidden, event.shown) when it changes.
import { db } from "@/db/client";
import { handle, readJson } from "@/lib/errors";
import { visibilitySchema } from "@/lib/events/admin-schema";
import { organiserEventJson } from "@/lib/events/admin-view";
import { setHidden } from "@/lib/events/visibility";
import { requireOrganiserAction } from "@/lib/organiser/http";

export const dynamic = "force-dynamic";

export const POST = handle(async (req: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const user = await requireOrganiserAction(req);
  const { hidden } = await readJson(req, visibilitySchema);
  const now = new Date();
  const updated = await setHidden(db, user, (await ctx.params).slug, hidden, now);
  return Response.json({ event: organiserEventJson(updated, now) }, { headers: { "Cache-Control": "no-store" } });
});
