// GET: an event's waiting list for organisers: live places in order (offers first), then the last that ended.
import { db } from "@/db/client";
import { requireOrganiser } from "@/lib/auth/require-user";
import { handle, notFound } from "@/lib/errors";
import { getEventBySlug } from "@/lib/events/events";
import { lineForOrganisers, lineRowJson } from "@/lib/waitlist/view";

export const dynamic = "force-dynamic";

export const GET = handle(async (req: Request, ctx: { params: Promise<{ slug: string }> }) => {
  await requireOrganiser(req);
  const event = await getEventBySlug(db, (await ctx.params).slug);
  if (!event) throw notFound("No such event.");
  const entries = (await lineForOrganisers(db, event.id)).map(lineRowJson);
  return Response.json({ closedAt: event.waitlistClosedAt?.toISOString() ?? null, entries }, { headers: { "Cache-Control": "no-store" } });
});
