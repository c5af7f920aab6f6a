// POST: close the event's waiting list → 200 {"closed": <places ended>}. 404 unknown event, 409 already closed.
// Organisers only; audited (waitlist.closed).
import { db } from "@/db/client";
import { handle } from "@/lib/errors";
import { requireOrganiserAction } from "@/lib/organiser/http";
import { closeWaitlist } from "@/lib/waitlist/close";

export const POST = handle(async (req: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const user = await requireOrganiserAction(req);
  const result = await closeWaitlist(db, user.id, (await ctx.params).slug);
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
});
