// GET: the event's registrants as CSV (lib/organiser/registrants-csv.ts), hidden events too. 404 unknown event.
// Organisers only; audited (export.registrants) with the row count.
import { db } from "@/db/client";
import { writeAudit } from "@/lib/audit";
import { requireOrganiser } from "@/lib/auth/require-user";
import { handle, notFound } from "@/lib/errors";
import { getEventBySlug } from "@/lib/events/events";
import { registrantsCsv, registrantsFileName } from "@/lib/organiser/registrants-csv";

export const dynamic = "force-dynamic";

export const GET = handle(async (req: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const user = await requireOrganiser(req);
  const event = await getEventBySlug(db, (await ctx.params).slug);
  if (!event) throw notFound("No such event.");
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
