import { db } from "@/db/client";
import { handle } from "@/lib/errors";
import { eventSummary, listEvents } from "@/lib/events/events";

export const GET = handle(async () => {
  const now = new Date();
  const rows = await listEvents(db);
  return Response.json({ events: rows.map((e) => eventSummary(e, now)) });
});
