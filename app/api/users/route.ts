// Sign-up for API clients (the festival's mobile app).
import { db } from "@/db/client";
import { conflict, handle, readJson } from "@/lib/errors";
import { EmailTakenError, createAccount } from "@/lib/users/accounts";
import { signUpSchema } from "@/lib/users/schemas";

export const POST = handle(async (req: Request) => {
  const input = await readJson(req, signUpSchema);
  try {
    const user = await createAccount(db, input);
    return Response.json({ anweshaId: user.anweshaId }, { status: 201 });
  } catch (error) {
    if (error instanceof EmailTakenError) throw conflict(error.message);
    throw error;
  }
});
