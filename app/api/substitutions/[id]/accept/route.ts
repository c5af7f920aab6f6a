// POST {"answers"?: {key: value}}: the proposed person accepts a substitution, answering the event's per-member
// questions (422 naming each bad or missing required one; nothing changes). Someone else's is 404; one already
// answered, or one the roster no longer allows (registration closed, the leaving member checked in), is 409.
import { z } from "zod";
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle, readOptionalJson } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { acceptSubstitution } from "@/lib/teams/substitutions";

const acceptSchema = z.object({ answers: z.unknown().optional() });

export const POST = handle(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const input = await readOptionalJson(req, acceptSchema);
  const result = await acceptSubstitution(db, user, (await ctx.params).id, input.answers);
  return Response.json({ accepted: true, ...result });
});
