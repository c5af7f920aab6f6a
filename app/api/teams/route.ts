// Create a team: {"eventSlug","name","members":[email or Anwesha ID, …]}; the caller is the captain.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle, readJson } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { createTeam, createTeamSchema } from "@/lib/teams/teams";

export const POST = handle(async (req: Request) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const input = await readJson(req, createTeamSchema);
  return Response.json(await createTeam(db, user.id, input), { status: 201 });
});
