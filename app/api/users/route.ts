// Sign-up for API clients (the festival's mobile app).
import { db } from "@/db/client";
import { ApiError, conflict, handle, readJson } from "@/lib/errors";
import { LIMITS, clientAddress, hit, peek } from "@/lib/rate-limit";
import { EmailTakenError, createAccount } from "@/lib/users/accounts";
import { signUpSchema } from "@/lib/users/schemas";

export const POST = handle(async (req: Request) => {
  // Only accounts actually created count, so mistyped forms never lock a network out.
  const key = `signup:${clientAddress(req) ?? "unknown"}`;
  const state = await peek(db, key, LIMITS.signUpPerClient);
  if (!state.allowed) {
    throw new ApiError(429, "rate_limited", "Too many sign-ups from your network. Please try again later.", undefined, { "Retry-After": String(state.retryAfterSeconds) });
  }
  const input = await readJson(req, signUpSchema);
  try {
    const user = await createAccount(db, input);
    await hit(db, key, LIMITS.signUpPerClient);
    return Response.json({ anweshaId: user.anweshaId }, { status: 201 });
  } catch (error) {
    if (error instanceof EmailTakenError) throw conflict(error.message);
    throw error;
  }
});
