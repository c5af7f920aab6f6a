// POST {"anweshaId","reason"}: undo that person's check-in at the event → 200 {"undone":[…]}. 404 unknown event or
// Anwesha ID, 409 not checked in there, 422 a bad Anwesha ID or reason. Organisers only; audited (checkin.undone).
import { db } from "@/db/client";
import { undoCheckIn, undoSchema } from "@/lib/checkin/undo";
import { handle, readJson } from "@/lib/errors";
import { requireOrganiserAction } from "@/lib/organiser/http";

export const dynamic = "force-dynamic";

export const POST = handle(async (req: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const user = await requireOrganiserAction(req);
  const input = await readJson(req, undoSchema);
  const undone = await undoCheckIn(db, user, (await ctx.params).slug, input);
  return Response.json({ undone }, { headers: { "Cache-Control": "no-store" } });
});
