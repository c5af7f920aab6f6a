// DELETE: the captain removes a member before the team pays.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { removeMember } from "@/lib/teams/roster";

export const DELETE = handle(async (req: Request, ctx: { params: Promise<{ teamId: string; userId: string }> }) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const { teamId, userId } = await ctx.params;
  await removeMember(db, user, teamId, userId);
  return Response.json({ removed: true });
});
