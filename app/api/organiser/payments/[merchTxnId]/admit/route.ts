// POST {"registrationId"}: admit a flagged item (paid, but the event was full) on purpose. Audited.
import { db } from "@/db/client";
import { handle, readJson } from "@/lib/errors";
import { requireOrganiserAction } from "@/lib/organiser/http";
import { admitFlaggedItem, admitSchema } from "@/lib/payments/settle/admit";

export const POST = handle(async (req: Request, ctx: { params: Promise<{ merchTxnId: string }> }) => {
  const user = await requireOrganiserAction(req);
  const { registrationId } = await readJson(req, admitSchema);
  return Response.json(await admitFlaggedItem(db, user, (await ctx.params).merchTxnId, registrationId));
});
