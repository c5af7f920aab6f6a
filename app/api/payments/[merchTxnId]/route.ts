import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { PaymentNotFoundError } from "@/lib/payments/errors";
import { paymentForViewer } from "@/lib/payments/view";

export const GET = handle(async (req: Request, ctx: { params: Promise<{ merchTxnId: string }> }) => {
  const user = await requireUser(req);
  const { merchTxnId } = await ctx.params;
  const view = await paymentForViewer(db, merchTxnId, user);
  if (!view) throw new PaymentNotFoundError(merchTxnId);
  return Response.json(view, { headers: { "Cache-Control": "no-store" } });
});
