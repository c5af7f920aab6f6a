// GET: one event attendees may see (404 for a hidden or unknown one), with its seats left and the prices the caller
// may choose now (lib/events/prices.ts). With ?code=, the prices as that code makes them (lib/codes): those it
// unlocks added, each with its `discountPaise`, and the code itself; an unknown code is 422, one that cannot be used
// for this event now (its window, its events, no use left) 409 with the reason.
import { db } from "@/db/client";
import { currentUser } from "@/lib/auth/require-user";
import { codeJson } from "@/lib/codes/admin";
import { codeForEvent, offersWithCode } from "@/lib/codes/apply";
import { unlocksOf } from "@/lib/codes/rule";
import { handle, notFound } from "@/lib/errors";
import { eventSummary, getEventBySlug, isListed } from "@/lib/events/events";
import { chooserOf, pricesOnOffer } from "@/lib/events/prices";
import { seatsLeftByEvent } from "@/lib/registrations/seats";

export const GET = handle(async (req: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const { slug } = await ctx.params;
  const event = await getEventBySlug(db, slug);
  if (!event || !isListed(event)) throw notFound("No such event.");
  const now = new Date();
  const typed = new URL(req.url).searchParams.get("code");
  const code = typed ? await codeForEvent(db, typed.slice(0, 80), event, now) : null;
  const [left, prices] = await Promise.all([
    seatsLeftByEvent(db, [event], now),
    pricesOnOffer(db, [event], chooserOf(await currentUser(req)), now, unlocksOf(code)),
  ]);
  const offers = prices.get(event.id) ?? [];
  return Response.json(
    code
      ? { event: eventSummary(event, left.get(event.id) ?? null, now, offersWithCode(offers, code)), code: codeJson(code) }
      : { event: eventSummary(event, left.get(event.id) ?? null, now, offers) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
});
