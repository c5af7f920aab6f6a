// DELETE: take an event out of the basket.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { basketOf, removeFromBasket } from "@/lib/basket/basket";
import { handle } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";

export const DELETE = handle(async (req: Request, ctx: { params: Promise<{ eventSlug: string }> }) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  await removeFromBasket(db, user, (await ctx.params).eventSlug);
  return Response.json(await basketOf(db, user));
});
