// GET: everything about one attempt (payment, refunds, timeline), as JSON.
import { db } from "@/db/client";
import { requireOrganiser } from "@/lib/auth/require-user";
import { handle, notFound } from "@/lib/errors";
import { paymentDetail } from "@/lib/organiser/detail";

export const dynamic = "force-dynamic";

export const GET = handle(async (req: Request, ctx: { params: Promise<{ merchTxnId: string }> }) => {
  await requireOrganiser(req);
  const detail = await paymentDetail(db, (await ctx.params).merchTxnId);
  if (!detail) throw notFound("No such payment.");
  return Response.json(detail, { headers: { "Cache-Control": "no-store" } });
});
