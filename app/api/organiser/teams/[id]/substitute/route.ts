// POST {"out","in"}: an organiser proposes `in` in place of `out` on a paid team (each an Anwesha ID or an account's
// email) → 201 with the pending substitution; the new member accepts by the link mailed to them. 409 when the team
// has not paid, registration is closed, `out` is the captain or already checked in, `in` is already registered for
// the event, or a substitution for `out` is already waiting; 422 for an unknown person or `out` not on the team.
import { db } from "@/db/client";
import { handle, readJson } from "@/lib/errors";
import { requireOrganiserAction } from "@/lib/organiser/http";
import { proposeSubstitution, substituteSchema } from "@/lib/teams/substitutions";

export const POST = handle(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const organiser = await requireOrganiserAction(req);
  const input = await readJson(req, substituteSchema);
  const s = await proposeSubstitution(db, organiser, (await ctx.params).id, input);
  return Response.json(
    { substitution: { id: s.id, teamId: s.teamId, status: s.status, outUserId: s.outUserId, inUserId: s.inUserId } },
    { status: 201 },
  );
});
