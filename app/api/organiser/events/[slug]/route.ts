// GET: one event as organisers see it. PATCH: any subset of the create fields, plus "closed": true|false to close
// or reopen registration → 200 {"event"}. 404 for an unknown slug, 422 naming each invalid field, 409 for the fee
// after the first payment (or the kind after the first registration). GET: organisers and the event's coordinators
// (403 for another event's); PATCH: organisers only; audited.
import { db } from "@/db/client";
import { handle, notFound, readJson } from "@/lib/errors";
import { updateEvent } from "@/lib/events/admin";
import { updateEventSchema } from "@/lib/events/admin-schema";
import { organiserEventBySlug, organiserEventJson } from "@/lib/events/admin-view";
import { requireEventReader, requireOrganiserAction } from "@/lib/organiser/http";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ slug: string }> };

export const GET = handle(async (req: Request, ctx: Ctx) => {
  const { event } = await requireEventReader(req, (await ctx.params).slug);
  const now = new Date();
  const found = await organiserEventBySlug(db, event.slug, now);
  if (!found) throw notFound("No such event.");
  return Response.json({ event: organiserEventJson(found, now) }, { headers: { "Cache-Control": "no-store" } });
});

export const PATCH = handle(async (req: Request, ctx: Ctx) => {
  const user = await requireOrganiserAction(req);
  const input = await readJson(req, updateEventSchema);
  const now = new Date();
  const updated = await updateEvent(db, user, (await ctx.params).slug, input, now);
  return Response.json({ event: organiserEventJson(updated, now) }, { headers: { "Cache-Control": "no-store" } });
});
