// Create a team: {"eventSlug","name","members":[email or Anwesha ID, …]}. The caller is the captain and the first
// member; everyone named gets an invitation, not a membership. 201 {"teamId","registrationId","invited":[…]}.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle, readJson } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { createTeam, createTeamSchema } from "@/lib/teams/teams";

export const POST = handle(async (req: Request) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const input = await readJson(req, createTeamSchema);
  return Response.json(await createTeam(db, user, input, new Date(), clientAddress(req)), { status: 201 });
});
