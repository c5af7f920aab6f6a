// POST: a member (not the captain) leaves the team before it pays.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { leaveTeam } from "@/lib/teams/roster";

export const POST = handle(async (req: Request, ctx: { params: Promise<{ teamId: string }> }) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  await leaveTeam(db, user, (await ctx.params).teamId);
  return Response.json({ left: true });
});
