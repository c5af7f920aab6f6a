// POST: the invitee accepts an invitation. Someone else's invitation is 404; one already answered is 409.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { acceptInvitation } from "@/lib/teams/invitations";

export const POST = handle(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const result = await acceptInvitation(db, user, (await ctx.params).id);
  return Response.json({ accepted: true, ...(result ?? {}) });
});
