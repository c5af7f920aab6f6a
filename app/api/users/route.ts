// Sign-up for API clients (the festival's mobile app).
import { db } from "@/db/client";
import { conflict, handle, readJson } from "@/lib/errors";
import { LIMITS, clientAddress, enforce } from "@/lib/rate-limit";
import { EmailTakenError, createAccount } from "@/lib/users/accounts";
import { signUpSchema } from "@/lib/users/schemas";

export const POST = handle(async (req: Request) => {
  const client = clientAddress(req);
  if (client) await enforce(db, `signup:${client}`, LIMITS.signUpPerClient, "Too many sign-ups from your network. Please try again later.");
  const input = await readJson(req, signUpSchema);
  try {
    const user = await createAccount(db, input);
    return Response.json({ anweshaId: user.anweshaId }, { status: 201 });
  } catch (error) {
    if (error instanceof EmailTakenError) throw conflict(error.message);
    throw error;
  }
});
