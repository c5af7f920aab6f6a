// DELETE: an organiser withdraws a substitution nobody has answered yet; the member stays. 404 unknown; 409 answered.
import { db } from "@/db/client";
import { requireOrganiser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { withdrawSubstitution } from "@/lib/teams/substitutions";

export const DELETE = handle(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const organiser = await requireOrganiser(req);
  assertSameOrigin(req);
  await withdrawSubstitution(db, organiser, (await ctx.params).id);
  return new Response(null, { status: 204 });
});
