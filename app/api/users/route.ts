// Sign-up for API clients (the festival's mobile app). 202 with the same body whether the email was new or already
// had an account (lib/users/accounts.ts signUp); the client then signs in (POST /api/token).
import { db } from "@/db/client";
import { handle, readJson } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { SIGN_UP_ANSWER, signUp } from "@/lib/users/accounts";
import { signUpSchema } from "@/lib/users/schemas";

export const POST = handle(async (req: Request) => {
  const input = await readJson(req, signUpSchema);
  await signUp(db, input, clientAddress(req));
  return Response.json({ message: SIGN_UP_ANSWER }, { status: 202 });
});
