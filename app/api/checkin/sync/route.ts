// POST {"deviceId","entries":[{"ref","eventSlug","token"|"anweshaId","scannedAt"}]}: scans a device queued while
// offline. 200 {"results":[{"ref","result",…}]}, one answer per entry; the earlier scan of a pass wins.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { syncQueue, syncSchema } from "@/lib/checkin/api";
import { handle, readJson } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";

export const POST = handle(async (req: Request) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const input = await readJson(req, syncSchema);
  const results = await syncQueue(db, user, input);
  return Response.json({ results }, { headers: { "Cache-Control": "no-store" } });
});
