// GET: per event, paid registrations, the people they let in, and how many are checked in (the console polls it).
import { db } from "@/db/client";
import { requireOrganiser } from "@/lib/auth/require-user";
import { doorCounts } from "@/lib/checkin/stats";
import { handle } from "@/lib/errors";

export const GET = handle(async (req: Request) => {
  await requireOrganiser(req);
  return Response.json({ events: await doorCounts(db) }, { headers: { "Cache-Control": "no-store" } });
});
