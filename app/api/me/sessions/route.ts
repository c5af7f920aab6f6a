// Sign out everywhere: every browser session and every bearer token of the account stop working at once.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { signOutEverywhere } from "@/lib/users/session-version";

export const DELETE = handle(async (req: Request) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  await signOutEverywhere(db, user.id);
  return new Response(null, { status: 204 });
});
