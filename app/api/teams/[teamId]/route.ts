// DELETE: the captain disbands the team (before it pays): members are freed, invitations withdrawn.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { disbandTeam } from "@/lib/teams/roster";

export const DELETE = handle(async (req: Request, ctx: { params: Promise<{ teamId: string }> }) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  await disbandTeam(db, user, (await ctx.params).teamId);
  return Response.json({ disbanded: true });
});
