// POST: ask the gateway's status API about this attempt and settle by its answer. Audited.
import { handle } from "@/lib/errors";
import { requireOrganiserAction } from "@/lib/organiser/http";
import { requeryPayment } from "@/lib/organiser/requery";
import { appPaymentDeps } from "@/lib/payments/deps";

export const POST = handle(async (req: Request, ctx: { params: Promise<{ merchTxnId: string }> }) => {
  const user = await requireOrganiserAction(req);
  const result = await requeryPayment(appPaymentDeps(), user, (await ctx.params).merchTxnId);
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
});
