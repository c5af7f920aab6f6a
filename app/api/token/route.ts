// Bearer tokens for API clients: POST {"email","password"} → {"token","expiresAt"}.
import { db } from "@/db/client";
import { checkCredentials } from "@/lib/auth/credentials";
import { bearerToken, issueToken, revokeToken, tokenSession } from "@/lib/auth/tokens";
import { handle, readJson, unauthorized } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { credentialsSchema } from "@/lib/users/schemas";

export const POST = handle(async (req: Request) => {
  const { email, password } = await readJson(req, credentialsSchema);
  const user = await checkCredentials(db, email, password, clientAddress(req));
  if (!user) throw unauthorized("That email and password don't match an account.");
  const { token, expiresAt } = await issueToken(db, user.id);
  return Response.json({ token, expiresAt: expiresAt.toISOString() }, { headers: { "Cache-Control": "no-store" } });
});

/** Revokes the token this request carries (signing out of the mobile app). */
export const DELETE = handle(async (req: Request) => {
  const token = bearerToken(req);
  const found = token ? await tokenSession(db, token) : undefined;
  if (!found) throw unauthorized("Send the token to revoke as Authorization: Bearer <token>.");
  await revokeToken(db, found.user.id, found.tokenId);
  return new Response(null, { status: 204 });
});
