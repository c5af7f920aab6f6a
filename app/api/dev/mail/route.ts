// Development mailbox as JSON, newest first: {"mails":[{"id","to","subject","template","caughtAt","text"}]}.
// Readers as lib/auth/dev-mailbox-access.ts says (a bearer token works too); anyone else gets 404.

import { mayReadDevMailbox } from "@/lib/auth/dev-mailbox-access";
import { handle, notFound } from "@/lib/errors";
import { caughtMail } from "@/lib/mail/dev-mailbox";

export const GET = handle(async (req: Request) => {
  if (!(await mayReadDevMailbox(req))) throw notFound();
  const mails = caughtMail().map(({ id, to, subject, template, caughtAt, text }) => ({ id, to, subject, template, caughtAt, text }));
  return Response.json({ mails }, { headers: { "cache-control": "no-store" } });
});
