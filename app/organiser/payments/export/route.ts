// GET ?<the list's filter and sort>: the filtered rows (one per item) as CSV, streamed. Organisers, and coordinators
// (their events' rows only). Audited with its filter when it starts (a download cut short still counts); the
// row count is logged when it finishes.
import { db } from "@/db/client";
import { writeAudit } from "@/lib/audit";
import { handle } from "@/lib/errors";
import { log } from "@/lib/log";
import { exportFileName, itemsCsvStream } from "@/lib/organiser/csv";
import { filterToParams } from "@/lib/organiser/filters";
import { requireConsoleReader, viewFromUrl } from "@/lib/organiser/http";

export const dynamic = "force-dynamic";

export const GET = handle(async (req: Request) => {
  const { user, scope } = await requireConsoleReader(req);
  const view = viewFromUrl(req.url, scope, { ignoreCursor: true });
  const now = new Date();
  const query = filterToParams(view.filter, view).toString();
  await writeAudit(db, { actorId: user.id, action: "export.csv", details: { query, started: now.toISOString() } });
  const stream = itemsCsvStream(db, view, {
    now,
    onDone: (rows) => log.info({ actor: user.anweshaId, query, rows, ms: Date.now() - now.getTime() }, "csv export finished"),
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(now)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
