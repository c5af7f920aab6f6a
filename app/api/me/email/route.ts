// POST {"newEmail","currentPassword"}: mail a link to the new address; opening it moves the account there and tells
// the old address (lib/users/account-changes.ts). 202 {"sentTo"} alike whether or not the address is taken.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle, readJson } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { requestEmailChange } from "@/lib/users/account-changes";
import { changeEmailSchema } from "@/lib/users/schemas";

export const POST = handle(async (req: Request) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const input = await readJson(req, changeEmailSchema);
  return Response.json(await requestEmailChange(db, user.id, input), { status: 202 });
});
