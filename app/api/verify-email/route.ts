// POST {"token"}: confirms the address a confirmation link was mailed to (for API clients opening the link
// themselves). 200 {"verified":true}; 400 for a token that is not valid or has expired.
import { z } from "zod";
import { db } from "@/db/client";
import { handle, readJson } from "@/lib/errors";
import { verifyEmail } from "@/lib/users/email-verification";

const schema = z.object({ token: z.string().min(1).max(500) });

export const POST = handle(async (req: Request) => {
  const { token } = await readJson(req, schema);
  const { email, changed } = await verifyEmail(db, token);
  return Response.json(changed ? { verified: true, email } : { verified: true });
});
