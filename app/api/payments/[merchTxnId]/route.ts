import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle, notFound } from "@/lib/errors";
import { paymentForViewer } from "@/lib/payments/view";

export const GET = handle(async (req: Request, ctx: { params: Promise<{ merchTxnId: string }> }) => {
  const user = await requireUser(req);
  const view = await paymentForViewer(db, (await ctx.params).merchTxnId, user);
  if (!view) throw notFound("No such payment.");
  return Response.json(view, { headers: { "Cache-Control": "no-store" } });
});
