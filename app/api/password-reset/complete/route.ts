// POST {"token","password"} → 200; 400 for a used, expired or unknown token; 422 for a weak password.
import { db } from "@/db/client";
import { ApiError, badRequest, handle, readJson } from "@/lib/errors";
import { InvalidResetTokenError, WeakPasswordError, completePasswordReset } from "@/lib/users/password-reset";
import { resetCompleteSchema } from "@/lib/users/schemas";

export const POST = handle(async (req: Request) => {
  const { token, password } = await readJson(req, resetCompleteSchema);
  try {
    await completePasswordReset(db, token, password);
  } catch (error) {
    if (error instanceof InvalidResetTokenError) throw badRequest(error.message);
    if (error instanceof WeakPasswordError) throw new ApiError(422, "validation_failed", error.message, { password: [error.message] });
    throw error;
  }
  return Response.json({ message: "Password changed. Every session and token of the account was signed out." }, { headers: { "Cache-Control": "no-store" } });
});
