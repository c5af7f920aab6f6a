// Sign-up for API clients (the festival's mobile app).
import { db } from "@/db/client";
import { ApiError, conflict, handle, readJson } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { EmailTakenError, TooManySignUpsError, signUp } from "@/lib/users/accounts";
import { signUpSchema } from "@/lib/users/schemas";

export const POST = handle(async (req: Request) => {
  const input = await readJson(req, signUpSchema);
  try {
    const user = await signUp(db, input, clientAddress(req));
    return Response.json({ anweshaId: user.anweshaId }, { status: 201 });
  } catch (error) {
    if (error instanceof EmailTakenError) throw conflict(error.message);
    if (error instanceof TooManySignUpsError) {
      throw new ApiError(429, "rate_limited", error.message, undefined, { "Retry-After": String(error.retryAfterSeconds) });
    }
    throw error;
  }
});
