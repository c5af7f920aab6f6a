// GET: the signed-in person's pending team invitations.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { invitationsOf } from "@/lib/teams/invitations";

export const GET = handle(async (req: Request) => {
  const user = await requireUser(req);
  return Response.json({ invitations: await invitationsOf(db, user) }, { headers: { "Cache-Control": "no-store" } });
});
