// POST: the proposed person declines a substitution; the member stays. Someone else's is 404; answered is 409.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { declineSubstitution } from "@/lib/teams/substitutions";

export const POST = handle(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  await declineSubstitution(db, user, (await ctx.params).id);
  return Response.json({ declined: true });
});
