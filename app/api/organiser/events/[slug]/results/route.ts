// GET: the event's results, winners first. POST {"registrationId","place"}: place a registration ("winner",
// "runner-up" or a named place; null clears it), once the event has started; audited (result.marked / cleared).
// Organisers and the event's coordinators (lib/coordinators/access.ts); 404 unknown event.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { markResult, resultSchema, resultsOfEvent } from "@/lib/certificates/results";
import { managedEvent } from "@/lib/coordinators/access";
import { handle, readJson } from "@/lib/errors";

export const dynamic = "force-dynamic";

async function eventOf(req: Request, slug: string) {
  const user = await requireUser(req);
  return { user, event: await managedEvent(db, user, slug) };
}

export const GET = handle(async (req: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const { event } = await eventOf(req, (await ctx.params).slug);
  return Response.json({ results: await resultsOfEvent(db, event.id) }, { headers: { "Cache-Control": "no-store" } });
});

export const POST = handle(async (req: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const { user, event } = await eventOf(req, (await ctx.params).slug);
  const input = await readJson(req, resultSchema);
  const result = await markResult(db, user.id, event, input);
  return Response.json({ registrationId: input.registrationId, result }, { headers: { "Cache-Control": "no-store" } });
});
