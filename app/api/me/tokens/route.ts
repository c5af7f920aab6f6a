// The account's bearer tokens: when each was made and last used, never the token itself.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { bearerToken, listTokens, tokenSession } from "@/lib/auth/tokens";
import { handle } from "@/lib/errors";

export const GET = handle(async (req: Request) => {
  const user = await requireUser(req);
  const token = bearerToken(req);
  const current = token ? (await tokenSession(db, token))?.tokenId : undefined;
  const tokens = await listTokens(db, user.id);
  return Response.json({ tokens: tokens.map((t) => ({ ...t, current: t.id === current })) }, { headers: { "Cache-Control": "no-store" } });
});
