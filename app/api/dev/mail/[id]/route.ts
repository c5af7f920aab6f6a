// Development only: one caught mail's HTML, under a policy that lets it style itself and do nothing else.
import { env } from "@/lib/env";
import { findCaughtMail } from "@/lib/mail/dev-mailbox";

export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const mail = env().mail.devMailbox ? findCaughtMail((await params).id) : undefined;
  if (!mail) return new Response("Not found", { status: 404 });
  return new Response(mail.html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
      "cache-control": "no-store",
    },
  });
}
