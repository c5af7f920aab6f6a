// The person's registrations (solo and every team they are in) and team invitations (open ones, and those their
// team closed by paying or disbanding, with the reason), for the account page. A registration they were checked in
// for, once its event has started, links to their certificate (lib/certificates).
import Link from "next/link";
import { InvitationCard } from "@/app/_components/invitation-card";
import { Badge, ButtonLink } from "@/app/_components/ui";
import { formatFee, formatIST } from "@/lib/format";
import type { RegistrationView } from "@/lib/registrations/registrations";
import { registrationSentence } from "@/lib/registrations/status";
import type { InvitationView } from "@/lib/teams/invitations";

const TONE = { paid: "green", awaiting_payment: "amber", refunded: "blue", cancelled: "neutral" } as const;

export function InvitationsList({ invitations }: { invitations: InvitationView[] }) {
  if (!invitations.length) return null;
  return (
    <section aria-labelledby="my-invitations" className="space-y-3">
      <h2 id="my-invitations" className="text-lg font-semibold">
        Team invitations
      </h2>
      <ul className="space-y-3">
        {invitations.map((inv) => (
          <InvitationCard key={inv.id} invitation={inv} withEvent />
        ))}
      </ul>
    </section>
  );
}

export function RegistrationsList({
  registrations,
  certified = new Set(),
}: {
  registrations: RegistrationView[];
  /** Registrations with a certificate for this person now. */
  certified?: ReadonlySet<string>;
}) {
  return (
    <section aria-labelledby="my-registrations" className="space-y-3">
      <h2 id="my-registrations" className="text-lg font-semibold">
        My registrations
      </h2>
      {registrations.length === 0 ? (
        <div className="rounded-xl border border-dashed border-stone-300 p-6 text-center text-sm text-stone-600">
          <p>You have not registered for any event yet.</p>
          <ButtonLink href="/" className="mt-3">
            Browse events
          </ButtonLink>
        </div>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white" aria-label="Registrations">
          {registrations.map((r) => (
            <li key={r.id} className="space-y-1 px-4 py-3" data-testid="registration">
              <div className="flex items-start justify-between gap-3">
                <div className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1">
                  <Link href={`/events/${r.event.slug}`} className="font-semibold hover:underline">
                    {r.event.name}
                  </Link>
                  {r.team ? (
                    <span className="text-sm text-stone-600">
                      Team {r.team.name}
                      {r.team.captain ? " (you are captain)" : ""}
                    </span>
                  ) : null}
                  <Badge tone={TONE[r.status]}>{registrationSentence(r)}</Badge>
                </div>
                <span className="shrink-0 text-sm font-semibold tabular-nums">{formatFee(r.feePaise)}</span>
              </div>
              <p className="text-xs text-stone-500">
                {r.event.startsAt ? formatIST(r.event.startsAt) : "Date to be announced"}
                {r.event.venue ? ` · ${r.event.venue}` : ""}
                {r.team ? ` · ${r.team.members.map((m) => m.name).join(", ")}` : ""}
              </p>
              <div className="flex flex-wrap gap-x-4 gap-y-1">
                {r.payment ? (
                  <Link href={`/payments/${r.payment.merchTxnId}`} className="text-sm font-medium text-brand-700 hover:underline">
                    {r.status === "paid" || r.status === "refunded" ? "Receipt" : "Payment details"}
                  </Link>
                ) : null}
                {certified.has(r.id) ? (
                  // A file, not a page: a plain link the browser downloads (the route answers with the PDF).
                  <a
                    href={`/api/registrations/${r.id}/certificate`}
                    download
                    className="text-sm font-medium text-brand-700 hover:underline"
                    aria-label={`Certificate (PDF) for ${r.event.name}`}
                  >
                    Certificate (PDF)
                  </a>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
