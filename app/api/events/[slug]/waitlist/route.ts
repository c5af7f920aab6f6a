// POST {teamId?, price?}: join the event's waiting list (a captain for the team) → 201 {"entry"}. DELETE {teamId?}:
// leave it → 200 {"entry"}. 404 unknown event or place, 403 a member who is not the captain, 409 not full, closed or
// already in line, 422 bad input (lib/waitlist/entries.ts).
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle, readJson, readOptionalJson } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { joinSchema, joinWaitlist, leaveSchema, leaveWaitlist } from "@/lib/waitlist/entries";
import { placeAt, placeJson } from "@/lib/waitlist/view";

type Ctx = { params: Promise<{ slug: string }> };
const NO_STORE = { "Cache-Control": "no-store" };

export const POST = handle(async (req: Request, ctx: Ctx) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const input = await readJson(req, joinSchema);
  const entry = await joinWaitlist(db, user.id, (await ctx.params).slug, input);
  const place = await placeAt(db, entry.eventId, { userId: user.id, teamId: entry.teamId });
  return Response.json({ entry: place ? placeJson(place) : null }, { status: 201, headers: NO_STORE });
});

export const DELETE = handle(async (req: Request, ctx: Ctx) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const input = (await readOptionalJson(req, leaveSchema)) ?? {};
  const entry = await leaveWaitlist(db, user.id, (await ctx.params).slug, input.teamId);
  return Response.json({ entry: { id: entry.id, status: entry.status } }, { headers: NO_STORE });
});
