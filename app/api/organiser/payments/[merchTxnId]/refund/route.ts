// POST {"amountPaise","reason","idempotencyKey"?}: refund a successful payment, fully or in part, with
// REFUNDINIT. 201 accepted, 202 sent but not confirmed, 502 refused by the gateway; a refund larger than what
// remains is 422 and nothing is sent. Audited.
import { handle, readJson } from "@/lib/errors";
import { requireOrganiserAction } from "@/lib/organiser/http";
import { appPaymentDeps } from "@/lib/payments/deps";
import { refundPayment, refundRequestSchema } from "@/lib/payments/refund";

const STATUS = { accepted: 201, pending: 202, failed: 502 } as const;

export const POST = handle(async (req: Request, ctx: { params: Promise<{ merchTxnId: string }> }) => {
  const user = await requireOrganiserAction(req);
  const input = await readJson(req, refundRequestSchema);
  const r = await refundPayment(appPaymentDeps(), user, (await ctx.params).merchTxnId, input);
  const body = {
    outcome: r.outcome,
    message: r.message,
    duplicate: r.duplicate,
    refund: {
      refundRef: r.refund.refundRef,
      amountPaise: r.refund.amountPaise,
      status: r.refund.status,
      gatewayRefundId: r.refund.gatewayRefundId,
    },
    payment: {
      merchTxnId: r.payment.merchTxnId,
      status: r.payment.status,
      totalPaise: r.payment.totalPaise,
      refundedPaise: r.payment.refundedPaise,
    },
  };
  if (r.outcome === "failed") {
    return Response.json({ ...body, error: { code: "gateway_error", message: r.message } }, { status: STATUS.failed });
  }
  return Response.json(body, { status: r.duplicate ? 200 : STATUS[r.outcome], headers: { "Cache-Control": "no-store" } });
});
