// "Check again with the bank": ask the gateway's status API and settle through the one settle function.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { appPaymentDeps } from "@/lib/payments/deps";
import { PaymentNotFoundError } from "@/lib/payments/errors";
import { requeryForPayer } from "@/lib/payments/payer-requery";
import { paymentForViewer } from "@/lib/payments/view";
import { enforce, LIMITS } from "@/lib/rate-limit";

export const POST = handle(async (req: Request, ctx: { params: Promise<{ merchTxnId: string }> }) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const merchTxnId = (await ctx.params).merchTxnId;
  if (!(await paymentForViewer(db, merchTxnId, user))) throw new PaymentNotFoundError(merchTxnId);
  await enforce(db, `requery:user:${user.id}`, LIMITS.requeryPerUser, "Too many checks. Please wait a few minutes and try again.");
  await requeryForPayer(appPaymentDeps(), merchTxnId);
  return Response.json(await paymentForViewer(db, merchTxnId, user), { headers: { "Cache-Control": "no-store" } });
});
