// "Basket" and "Invitations" in the header, each with a count of what waits there (the basket's events, the
// invitations to answer); "Invitations" only while there are some.
import Link from "next/link";
import { db } from "@/db/client";
import { basketCount } from "@/lib/basket/basket";
import { errSummary, isDatabaseUnavailable } from "@/lib/errors";
import { log } from "@/lib/log";
import { openInvitationCount } from "@/lib/teams/invitations";

/** The counts; none while the database is down (the header is in the root layout: a badge must not cost a page). */
async function waiting(user: { id: string; email: string }): Promise<{ invitations: number; basket: number }> {
  try {
    const [invitations, basket] = await Promise.all([openInvitationCount(db, user), basketCount(db, user.id)]);
    return { invitations, basket };
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    log.warn({ err: errSummary(error) }, "header counts left out: database unavailable");
    return { invitations: 0, basket: 0 };
  }
}

/** A count beside a header link, read out as part of the link's name ("Basket, 2 events"). */
function CountBadge({ n, one, many }: { n: number; one: string; many: string }) {
  if (!n) return null;
  return (
    <span className="ml-1 inline-flex min-w-5 items-center justify-center rounded-full bg-brand-600 px-1.5 text-xs font-bold text-white">
      <span className="sr-only">, </span>
      {n}
      <span className="sr-only"> {n === 1 ? one : many}</span>
    </span>
  );
}

export async function NavCounts({ user, className }: { user: { id: string; email: string }; className: string }) {
  const { invitations, basket } = await waiting(user);
  return (
    <>
      <Link href="/basket" className={className} data-testid="nav-basket">
        Basket
        <CountBadge n={basket} one="event" many="events" />
      </Link>
      {invitations ? (
        <Link href="/me" className={className} data-testid="nav-invitations">
          Invitations
          <CountBadge n={invitations} one="to answer" many="to answer" />
        </Link>
      ) : null}
    </>
  );
}
