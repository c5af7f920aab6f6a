// Bearer tokens for API clients: POST {"email","password"} → {"token","expiresAt"}.
import { db } from "@/db/client";
import { ApiError, handle, readJson, unauthorized } from "@/lib/errors";
import { issueToken } from "@/lib/auth/tokens";
import { clientAddress } from "@/lib/http/client-address";
import { TooManyFailedLoginsError, checkCredentials } from "@/lib/users/accounts";
import { credentialsSchema } from "@/lib/users/schemas";

export const POST = handle(async (req: Request) => {
  const { email, password } = await readJson(req, credentialsSchema);
  let user;
  try {
    user = await checkCredentials(db, email, password, clientAddress(req));
  } catch (error) {
    if (error instanceof TooManyFailedLoginsError) {
      throw new ApiError(429, "rate_limited", error.message, undefined, { "Retry-After": String(error.retryAfterSeconds) });
    }
    throw error;
  }
  if (!user) throw unauthorized("That email and password don't match an account.");
  const { token, expiresAt } = await issueToken(db, user.id);
  return Response.json({ token, expiresAt: expiresAt.toISOString() }, { headers: { "Cache-Control": "no-store" } });
});
