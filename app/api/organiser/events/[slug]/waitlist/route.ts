// GET: an event's waiting list for organisers and its coordinators: live places in order (offers first), then the last that ended.
import { db } from "@/db/client";
import { handle } from "@/lib/errors";
import { requireEventReader } from "@/lib/organiser/http";
import { lineForOrganisers, lineRowJson } from "@/lib/waitlist/view";

export const dynamic = "force-dynamic";

export const GET = handle(async (req: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const { event } = await requireEventReader(req, (await ctx.params).slug);
  const entries = (await lineForOrganisers(db, event.id)).map(lineRowJson);
  return Response.json({ closedAt: event.waitlistClosedAt?.toISOString() ?? null, entries }, { headers: { "Cache-Control": "no-store" } });
});
