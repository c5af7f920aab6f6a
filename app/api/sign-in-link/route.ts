// POST {"email"} → 202 whether or not the email has an account: a one-use sign-in link is mailed to an account's
// owner (lib/auth/sign-in-link.ts). 429 beyond the per-address limit.
import { db } from "@/db/client";
import { requestSignInLink, SIGN_IN_LINK_ANSWER } from "@/lib/auth/sign-in-link";
import { env } from "@/lib/env";
import { handle, readJson } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { resetRequestSchema } from "@/lib/users/schemas";

export const POST = handle(async (req: Request) => {
  const { email } = await readJson(req, resetRequestSchema);
  await requestSignInLink(db, email, clientAddress(req), env().APP_URL);
  return Response.json({ message: SIGN_IN_LINK_ANSWER }, { status: 202 });
});
