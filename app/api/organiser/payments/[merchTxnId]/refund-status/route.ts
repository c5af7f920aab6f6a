// POST: ask AtomPay's REFUNDSTATUS about every refund of this payment still "requested" and record what it says
// (accepted, refused, never made and released, or unchanged). 200 with one line per refund; 502 when AtomPay could
// not be asked about any of them (nothing changed). Audited.
import { handle } from "@/lib/errors";
import { requireOrganiserAction } from "@/lib/organiser/http";
import { appPaymentDeps } from "@/lib/payments/deps";
import { checkRefundsOfPayment } from "@/lib/payments/refund-status";

export const POST = handle(async (req: Request, ctx: { params: Promise<{ merchTxnId: string }> }) => {
  const user = await requireOrganiserAction(req);
  const refunds = await checkRefundsOfPayment(appPaymentDeps(), user, (await ctx.params).merchTxnId);
  if (refunds.length > 0 && refunds.every((r) => r.outcome === "error")) {
    const message = `${refunds[0]!.message}; nothing was changed. Try again in a minute.`;
    return Response.json({ refunds, error: { code: "gateway_error", message } }, { status: 502, headers: { "Cache-Control": "no-store" } });
  }
  return Response.json({ refunds }, { headers: { "Cache-Control": "no-store" } });
});
