import Link from "next/link";
import type { InvitationView } from "@/lib/teams/invitations";
import { ActionButton } from "./action-button";

/** One invitation with Accept and Decline: on the account page and on the event's page. */
export function InvitationCard({ invitation: inv, withEvent = false }: { invitation: InvitationView; withEvent?: boolean }) {
  return (
    <li className="rounded-xl border border-brand-200 bg-brand-50 p-4 text-sm" data-testid="invitation">
      <p>
        <strong>{inv.captainName}</strong> invited you to team <strong>{inv.teamName}</strong>
        {withEvent ? (
          <>
            {" "}
            for{" "}
            <Link href={`/events/${inv.event.slug}`} className="font-semibold underline">
              {inv.event.name}
            </Link>
          </>
        ) : null}
        .
      </p>
      <div className="mt-3 flex flex-wrap gap-2">
        <ActionButton url={`/api/invitations/${inv.id}/accept`} label="Accept" variant="primary" />
        <ActionButton url={`/api/invitations/${inv.id}/decline`} label="Decline" />
      </div>
    </li>
  );
}
