// Forgot password for API clients: POST {"email"} → 202 whether or not the email has an account.
import { db } from "@/db/client";
import { env } from "@/lib/env";
import { handle, readJson } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { requestPasswordReset } from "@/lib/users/password-reset";
import { resetRequestSchema } from "@/lib/users/schemas";

export const POST = handle(async (req: Request) => {
  const { email } = await readJson(req, resetRequestSchema);
  await requestPasswordReset(db, email, clientAddress(req), env().APP_URL);
  return Response.json(
    { message: "If an account exists for that email, a reset link is on its way. It works for 30 minutes." },
    { status: 202 },
  );
});
