// POST {"currentPassword","newPassword"}: change the password while signed in (lib/users/account-changes.ts). Every
// browser session and every other app token is signed out; the token this request came with stays. 200; 422 for a
// wrong current password or a weak new one; 429 after too many wrong tries.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { bearerToken, tokenSession } from "@/lib/auth/tokens";
import { handle, readJson } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { changePassword } from "@/lib/users/account-changes";
import { changePasswordSchema } from "@/lib/users/schemas";

export const POST = handle(async (req: Request) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const input = await readJson(req, changePasswordSchema);
  const token = bearerToken(req);
  const keep = token ? (await tokenSession(db, token))?.tokenId : undefined;
  await changePassword(db, user.id, input, keep);
  return Response.json({ changed: true });
});
