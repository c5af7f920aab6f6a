// GET: {"verified": boolean}. POST: mail the confirmation link again (202; 429 after a few an hour).
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle, unauthorized } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { findUserById } from "@/lib/users/accounts";
import { resendVerification } from "@/lib/users/email-verification";

async function account(req: Request) {
  const user = await findUserById(db, (await requireUser(req)).id);
  if (!user) throw unauthorized();
  return user;
}

export const GET = handle(async (req: Request) => Response.json({ verified: !!(await account(req)).emailVerifiedAt }));

export const POST = handle(async (req: Request) => {
  const user = await account(req);
  assertSameOrigin(req);
  const { alreadyVerified } = await resendVerification(db, user);
  return Response.json({ verified: alreadyVerified }, { status: alreadyVerified ? 200 : 202 });
});
