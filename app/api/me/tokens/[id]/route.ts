import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { revokeToken } from "@/lib/auth/tokens";
import { handle, notFound } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const DELETE = handle(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const { id } = await params;
  // Another account's token is "not found" too: ids are not an oracle.
  if (!UUID.test(id) || !(await revokeToken(db, user.id, id))) throw notFound("No such token.");
  return new Response(null, { status: 204 });
});
