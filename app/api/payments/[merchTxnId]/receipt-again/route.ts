// POST: "Send my receipt and pass again" (lib/payments/receipt-again.ts). 202 {"sentTo"}; 404 for anyone who may not
// see the payment, 409 until it has gone through, 429 after a few an hour.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { sendReceiptAgain } from "@/lib/payments/receipt-again";

export const POST = handle(async (req: Request, ctx: { params: Promise<{ merchTxnId: string }> }) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const { merchTxnId } = await ctx.params;
  return Response.json(await sendReceiptAgain(db, user, merchTxnId), { status: 202 });
});
