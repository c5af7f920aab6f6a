// DELETE: the captain withdraws a pending invitation.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { withdrawInvitation } from "@/lib/teams/roster";

export const DELETE = handle(async (req: Request, ctx: { params: Promise<{ teamId: string; invitationId: string }> }) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const { teamId, invitationId } = await ctx.params;
  await withdrawInvitation(db, user, teamId, invitationId);
  return Response.json({ withdrawn: true });
});
