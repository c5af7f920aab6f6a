// POST {"token","password"} → 200; 400 for a used, expired or unknown token; 422 for a weak password.
import { db } from "@/db/client";
import { handle, readJson } from "@/lib/errors";
import { completePasswordReset } from "@/lib/users/password-reset";
import { resetCompleteSchema } from "@/lib/users/schemas";

export const POST = handle(async (req: Request) => {
  const { token, password } = await readJson(req, resetCompleteSchema);
  await completePasswordReset(db, token, password);
  return Response.json(
    { message: "Password changed. Every session and token of the account was signed out." },
    { headers: { "Cache-Control": "no-store" } },
  );
});
