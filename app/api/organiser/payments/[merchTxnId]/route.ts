// GET: everything about one attempt (payment, refunds, timeline), as JSON. A coordinator: a payment for their events,
// with only those items (404 for any other).
import { db } from "@/db/client";
import { handle, notFound } from "@/lib/errors";
import { paymentDetail } from "@/lib/organiser/detail";
import { requireConsoleReader } from "@/lib/organiser/http";

export const dynamic = "force-dynamic";

export const GET = handle(async (req: Request, ctx: { params: Promise<{ merchTxnId: string }> }) => {
  const { scope } = await requireConsoleReader(req);
  const detail = await paymentDetail(db, (await ctx.params).merchTxnId, scope);
  if (!detail) throw notFound("No such payment.");
  return Response.json(detail, { headers: { "Cache-Control": "no-store" } });
});
