// Bearer tokens for API clients: POST {"email","password"} → {"token","expiresAt"}.
import { db } from "@/db/client";
import { handle, readJson, unauthorized } from "@/lib/errors";
import { issueToken } from "@/lib/auth/tokens";
import { checkCredentials } from "@/lib/users/accounts";
import { credentialsSchema } from "@/lib/users/schemas";

export const POST = handle(async (req: Request) => {
  const { email, password } = await readJson(req, credentialsSchema);
  const user = await checkCredentials(db, email, password);
  if (!user) throw unauthorized("That email and password don't match an account.");
  const { token, expiresAt } = await issueToken(db, user.id);
  return Response.json({ token, expiresAt: expiresAt.toISOString() }, { headers: { "Cache-Control": "no-store" } });
});
