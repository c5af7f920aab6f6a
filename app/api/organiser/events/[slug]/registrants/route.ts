// GET: the event's registrants as CSV (lib/organiser/registrants-csv.ts), hidden events too. 404 unknown event.
// Organisers and the event's coordinators; audited (export.registrants) with the row count.
import { db } from "@/db/client";
import { writeAudit } from "@/lib/audit";
import { handle } from "@/lib/errors";
import { requireEventReader } from "@/lib/organiser/http";
import { registrantsCsv, registrantsFileName } from "@/lib/organiser/registrants-csv";

export const dynamic = "force-dynamic";

export const GET = handle(async (req: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const { user, event } = await requireEventReader(req, (await ctx.params).slug);
  const now = new Date();
  const { text, rows } = await registrantsCsv(db, event);
  await writeAudit(db, { actorId: user.id, action: "export.registrants", eventId: event.id, details: { rows }, createdAt: now });
  return new Response(text, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${registrantsFileName(event.slug, now)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
