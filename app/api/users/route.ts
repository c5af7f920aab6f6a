// Sign-up for API clients (the festival's mobile app).
import { db } from "@/db/client";
import { handle, readJson } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { signUp } from "@/lib/users/accounts";
import { signUpSchema } from "@/lib/users/schemas";

export const POST = handle(async (req: Request) => {
  const input = await readJson(req, signUpSchema);
  const user = await signUp(db, input, clientAddress(req));
  return Response.json({ anweshaId: user.anweshaId }, { status: 201 });
});
