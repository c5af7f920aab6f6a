// POST: the invitee accepts an invitation, optionally with {"answers":{key: value}} to the event's per-member
// questions (422 naming each bad one). Someone else's invitation is 404; one already answered is 409.
import { z } from "zod";
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle, readOptionalJson } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { acceptInvitation } from "@/lib/teams/invitations";

const acceptSchema = z.object({ answers: z.unknown().optional() });

export const POST = handle(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  // The body is optional: the pages' Accept sends none.
  const input = await readOptionalJson(req, acceptSchema);
  const result = await acceptInvitation(db, user, (await ctx.params).id, new Date(), input.answers);
  return Response.json({ accepted: true, ...(result ?? {}) });
});
