// GET: per event, paid registrations, the people they let in, and how many are checked in (the console polls it). A coordinator: their events.
import { db } from "@/db/client";
import { doorCounts } from "@/lib/checkin/stats";
import { scopeEventIds } from "@/lib/coordinators/access";
import { handle } from "@/lib/errors";
import { requireConsoleReader } from "@/lib/organiser/http";

export const GET = handle(async (req: Request) => {
  const { scope } = await requireConsoleReader(req);
  return Response.json({ events: await doorCounts(db, scopeEventIds(scope)) }, { headers: { "Cache-Control": "no-store" } });
});
