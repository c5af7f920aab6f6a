// The attendee left the gateway's window (the checkout overlay said "cancelTransaction" or "sessionTimeout"):
// end the attempt on their word. Payer only (anyone else 404); idempotent; answers the payment as GET does.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle, readJson } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { cancelInWindow, cancelRequestSchema } from "@/lib/payments/cancel";
import { PaymentNotFoundError } from "@/lib/payments/errors";
import { paymentForViewer } from "@/lib/payments/view";

export const POST = handle(async (req: Request, ctx: { params: Promise<{ merchTxnId: string }> }) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const merchTxnId = (await ctx.params).merchTxnId;
  const { reason } = await readJson(req, cancelRequestSchema);
  await cancelInWindow(db, merchTxnId, user, reason);
  const view = await paymentForViewer(db, merchTxnId, user);
  if (!view) throw new PaymentNotFoundError(merchTxnId);
  return Response.json(view, { headers: { "Cache-Control": "no-store" } });
});
