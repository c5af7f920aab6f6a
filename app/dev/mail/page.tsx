// Development mailbox: every mail the app sent, caught in the process instead of going out (no SMTP_URL with the
// sandbox gateway). Open under `next dev`; from a production build only with DEV_MAILBOX=1 and only to organisers
// (lib/auth/dev-mailbox-access.ts). Anyone else, and anywhere else, it does not exist.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageTitle } from "@/app/_components/ui";
import { mayReadDevMailbox } from "@/lib/auth/dev-mailbox-access";
import { formatIST } from "@/lib/format";
import { caughtMail } from "@/lib/mail/dev-mailbox";

export const metadata: Metadata = { title: "Development mail", robots: { index: false } };
export const dynamic = "force-dynamic";

const LINK = /https?:\/\/[^\s<>"\]]+/g;

export default async function DevMailPage() {
  if (!(await mayReadDevMailbox())) notFound();
  const mails = caughtMail();
  return (
    <div className="space-y-4">
      <PageTitle sub="Mail the app sent, caught here because no SMTP_URL is set (sandbox mode). Newest first; kept until the server restarts.">
        Development mail
      </PageTitle>
      {mails.length === 0 ? <p className="text-stone-600">No mail yet. Sign up or ask for a password reset, then reload.</p> : null}
      <ul className="space-y-4" aria-label="Caught mail">
        {mails.map((m) => (
          <li key={m.id}>
            <Card>
              <article aria-label={m.subject}>
                <h2 className="text-lg font-semibold">{m.subject}</h2>
                <p className="text-sm text-stone-600">
                  To <span data-testid="mail-to">{m.to}</span> · {formatIST(m.caughtAt)} · {m.template} ·{" "}
                  <a
                    href={`/api/dev/mail/${m.id}`}
                    target="_blank"
                    rel="noreferrer"
                    className="font-semibold text-brand-700 hover:underline"
                  >
                    View as HTML
                  </a>
                </p>
                <ul className="mt-2 space-y-1 text-sm" aria-label="Links">
                  {[...new Set(m.text.match(LINK) ?? [])].map((href) => (
                    <li key={href}>
                      <a href={href} className="break-all text-brand-700 underline">
                        {href}
                      </a>
                    </li>
                  ))}
                </ul>
                <details className="mt-2">
                  <summary className="cursor-pointer text-sm font-medium">Plain text</summary>
                  <pre className="mt-2 whitespace-pre-wrap text-xs text-stone-700">{m.text}</pre>
                </details>
              </article>
            </Card>
          </li>
        ))}
      </ul>
    </div>
  );
}
