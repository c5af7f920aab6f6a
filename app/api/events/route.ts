import { db } from "@/db/client";
import { handle } from "@/lib/errors";
import { eventSummary, eventsWithSeats } from "@/lib/events/events";

export const GET = handle(async () => {
  const now = new Date();
  const rows = await eventsWithSeats(db, now);
  return Response.json({ events: rows.map(({ event, seatsLeft }) => eventSummary(event, seatsLeft, now)) });
});
