// Forgot password for API clients: POST {"email"} → 202 whether or not the email has an account.
import { db } from "@/db/client";
import { ApiError, handle, readJson } from "@/lib/errors";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/rate-limit";
import { TooManyResetRequestsError, requestPasswordReset } from "@/lib/users/password-reset";
import { resetRequestSchema } from "@/lib/users/schemas";

export const POST = handle(async (req: Request) => {
  const { email } = await readJson(req, resetRequestSchema);
  try {
    await requestPasswordReset(db, email, clientAddress(req), env().APP_URL);
  } catch (error) {
    if (error instanceof TooManyResetRequestsError) {
      throw new ApiError(429, "rate_limited", error.message, undefined, { "Retry-After": String(error.retryAfterSeconds) });
    }
    throw error;
  }
  return Response.json({ message: "If an account exists for that email, a reset link is on its way. It works for 30 minutes." }, { status: 202 });
});
