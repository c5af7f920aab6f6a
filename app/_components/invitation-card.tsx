import Link from "next/link";
import type { InvitationView } from "@/lib/teams/invitations";
import { ActionButton } from "./action-button";

/**
 * One invitation: Accept and Decline while it is open; once its team has paid or disbanded, the reason instead
 * (lib/teams/invitations.ts invitationState), and nothing to press.
 */
export function InvitationCard({ invitation: inv, withEvent = false }: { invitation: InvitationView; withEvent?: boolean }) {
  return (
    <li
      className={`rounded-xl border p-4 text-sm ${inv.open ? "border-brand-200 bg-brand-50" : "border-stone-200 bg-stone-50 text-stone-700"}`}
      data-testid="invitation"
    >
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
      {inv.open ? (
        <div className="mt-3 flex flex-wrap gap-2">
          <ActionButton url={`/api/invitations/${inv.id}/accept`} label="Accept" variant="primary" />
          <ActionButton url={`/api/invitations/${inv.id}/decline`} label="Decline" />
        </div>
      ) : (
        <p className="mt-2">
          <strong>This invitation is closed.</strong> {inv.closedReason}
        </p>
      )}
    </li>
  );
}
