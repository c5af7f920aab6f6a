// GET ?q=&kind=solo|team&day=YYYY-MM-DD: the events attendees may see (never hidden ones), filtered as the home
// page filters them; 422 naming a parameter that is not valid. Each lists the prices the caller may choose now
// (signed in, a verified email may open a domain's price).
import { db } from "@/db/client";
import { currentUser } from "@/lib/auth/require-user";
import { ApiError, handle } from "@/lib/errors";
import { eventSummary, eventsWithSeats } from "@/lib/events/events";
import { parseFinder } from "@/lib/events/finder";
import { chooserOf } from "@/lib/events/prices";

export const GET = handle(async (req: Request) => {
  const { finder, errors } = parseFinder(new URL(req.url).searchParams);
  if (Object.keys(errors).length) throw new ApiError(422, "validation_failed", "Some filters are not valid.", errors);
  const now = new Date();
  const rows = await eventsWithSeats(db, now, finder, chooserOf(await currentUser(req)));
  return Response.json(
    { events: rows.map(({ event, seatsLeft, prices }) => eventSummary(event, seatsLeft, now, prices)) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
});
