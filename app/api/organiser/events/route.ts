// GET: every event (a coordinator: theirs) with its seats taken and left and its registrations (paid, awaiting payment).
// POST {"slug","name","description"?,"kind","feePaise","minTeamSize"?,"maxTeamSize"?,"capacity"?,"opensAt"?,
// "closesAt"?,"startsAt"?,"venue"?}: create an event → 201 {"event"}. Organisers only; audited.
import { db } from "@/db/client";
import { scopeEventIds } from "@/lib/coordinators/access";
import { handle, readJson } from "@/lib/errors";
import { createEvent } from "@/lib/events/admin";
import { createEventSchema } from "@/lib/events/admin-schema";
import { organiserEventJson, organiserEvents } from "@/lib/events/admin-view";
import { requireConsoleReader, requireOrganiserAction } from "@/lib/organiser/http";

export const dynamic = "force-dynamic";

export const GET = handle(async (req: Request) => {
  const { scope } = await requireConsoleReader(req);
  const now = new Date();
  const rows = await organiserEvents(db, now, scopeEventIds(scope));
  return Response.json({ events: rows.map((r) => organiserEventJson(r, now)) }, { headers: { "Cache-Control": "no-store" } });
});

export const POST = handle(async (req: Request) => {
  const user = await requireOrganiserAction(req);
  const input = await readJson(req, createEventSchema);
  const now = new Date();
  const made = await createEvent(db, user, input, now);
  const headers = { "Cache-Control": "no-store", Location: `/api/organiser/events/${made.event.slug}` };
  return Response.json({ event: organiserEventJson(made, now) }, { status: 201, headers });
});
