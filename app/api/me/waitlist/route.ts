// GET: the signed-in person's places in waiting lists (their own, and their teams' as captain), offers first.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { placeJson, placesOf } from "@/lib/waitlist/view";

export const GET = handle(async (req: Request) => {
  const user = await requireUser(req);
  return Response.json({ entries: (await placesOf(db, user.id)).map(placeJson) }, { headers: { "Cache-Control": "no-store" } });
});
