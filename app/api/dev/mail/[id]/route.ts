// Development mailbox: one caught mail's HTML, under a policy that lets it style itself and do nothing else.
// Readers as lib/auth/dev-mailbox-access.ts says; anyone else gets 404.

import { mayReadDevMailbox } from "@/lib/auth/dev-mailbox-access";
import { handle, notFound } from "@/lib/errors";
import { findCaughtMail } from "@/lib/mail/dev-mailbox";

export const GET = handle(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const mail = (await mayReadDevMailbox(req)) ? findCaughtMail((await params).id) : undefined;
  if (!mail) throw notFound();
  return new Response(mail.html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
      "cache-control": "no-store",
    },
  });
});
