// POST {"token"} or {"anweshaId","eventSlug"}: check someone in at an event's door (its volunteers, organisers).
// 200 admitted, 409 already checked in (when, by whom), 422 not valid (forged, other event, refunded, …).
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { checkInNow, checkInSchema } from "@/lib/checkin/api";
import { handle, readJson } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";

export const POST = handle(async (req: Request) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const input = await readJson(req, checkInSchema);
  const { status, body } = await checkInNow(db, user, input);
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
});
