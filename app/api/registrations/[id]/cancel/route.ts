// POST: the holder (solo entrant, or the team's captain) cancels a registration nothing was paid for with money; its
// seat is freed and its pass void. 404 to anyone else, 409 for what was paid with money (an organiser refunds it).
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { cancelByHolder } from "@/lib/payments/cancel-free";

export const POST = handle(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const { id } = await params;
  const r = await cancelByHolder(db, id, user.id);
  return Response.json({ registrationId: r.id, status: r.status }, { headers: { "Cache-Control": "no-store" } });
});
