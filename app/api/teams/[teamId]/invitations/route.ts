// POST {"members":[email or Anwesha ID, …]}: the captain invites more people. 201 {"invited":[…]}.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle, readJson } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { inviteMore } from "@/lib/teams/roster";
import { inviteSchema } from "@/lib/teams/teams";

export const POST = handle(async (req: Request, ctx: { params: Promise<{ teamId: string }> }) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const input = await readJson(req, inviteSchema);
  const { teamId } = await ctx.params;
  return Response.json(await inviteMore(db, user, teamId, input.members, new Date(), clientAddress(req)), { status: 201 });
});
