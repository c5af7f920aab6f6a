// GET: the basket, each line with what would stop it being paid for. POST {"eventSlug","price"?,"code"?,"answers"?}:
// add an event (for a team event, the team you captain) at a price, by its key, with a code (422 unknown, 409 not
// usable now) and answers to its questions kept on the registration (422 naming each bad one). Paying is
// POST /api/atompay {"items":[…]}.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { addToBasket, basketLineSchema, basketOf } from "@/lib/basket/basket";
import { handle, readJson } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";

export const GET = handle(async (req: Request) => {
  const user = await requireUser(req);
  return Response.json(await basketOf(db, user), { headers: { "Cache-Control": "no-store" } });
});

export const POST = handle(async (req: Request) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const { eventSlug, price, answers, code } = await readJson(req, basketLineSchema);
  await addToBasket(db, user, eventSlug, new Date(), { price, answers, code });
  return Response.json(await basketOf(db, user), { status: 201 });
});
