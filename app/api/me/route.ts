import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle, readJson } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { deleteAccount } from "@/lib/privacy/delete-account";
import { updateProfile } from "@/lib/users/profile";
import { deleteAccountSchema, profileSchema } from "@/lib/users/schemas";

export const GET = handle(async (req: Request) => {
  const user = await requireUser(req);
  return Response.json({ user });
});

/** PATCH {"name","phone","college"}: the editable part of the account. */
export const PATCH = handle(async (req: Request) => {
  const current = await requireUser(req);
  assertSameOrigin(req);
  const input = await readJson(req, profileSchema);
  const updated = (await updateProfile(db, current.id, input))!;
  return Response.json({ user: { ...current, name: updated.name, phone: updated.phone, college: updated.college } });
});

/**
 * DELETE {"currentPassword"}: delete the account (lib/privacy/delete-account.ts; DPDP Act). 204; 422 for a wrong
 * password; 409 while money is in flight or a team the person captains has paid or is paying.
 */
export const DELETE = handle(async (req: Request) => {
  const current = await requireUser(req);
  assertSameOrigin(req);
  const { currentPassword } = await readJson(req, deleteAccountSchema);
  await deleteAccount(db, current.id, currentPassword);
  return new Response(null, { status: 204 });
});
