// What a signed-in attendee can do on an event page: pay (solo), create a team, or pay as captain.
import Link from "next/link";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { type Event, payments } from "@/db/schema";
import { CheckoutButton } from "@/app/_components/checkout-button";
import { StatusBadge } from "@/app/_components/status-badge";
import { TeamForm } from "@/app/_components/team-form";
import { Alert } from "@/app/_components/ui";
import { formatINR } from "@/lib/format";
import { teamOfUser } from "@/lib/teams/teams";

export async function RegisterPanel({ event, userId }: { event: Event; userId: string }) {
  const fee = formatINR(event.feePaise);
  if (event.kind === "solo") {
    // One query: a paid attempt sorts first, otherwise the latest attempt.
    const [latest] = await db
      .select({ merchTxnId: payments.merchTxnId, status: payments.status })
      .from(payments)
      .where(and(eq(payments.eventId, event.id), eq(payments.userId, userId), isNull(payments.teamId)))
      .orderBy(desc(sql`${payments.status} = 'success'`), desc(payments.createdAt))
      .limit(1);
    const paid = latest?.status === "success" ? latest : null;
    if (paid) {
      return (
        <Alert tone="success">
          You are registered for {event.name}.{" "}
          <Link href={`/payments/${paid.merchTxnId}`} className="font-semibold underline">
            See your receipt
          </Link>
        </Alert>
      );
    }
    return (
      <div className="space-y-3">
        {latest ? (
          <p className="text-sm text-stone-600">
            Last attempt: <StatusBadge status={latest.status} />{" "}
            <Link href={`/payments/${latest.merchTxnId}`} className="underline">
              details
            </Link>
          </p>
        ) : null}
        <CheckoutButton eventSlug={event.slug} label={`Pay ${fee}`} />
        <p className="text-xs text-stone-500">Secure checkout by AtomPay (NTT DATA). Net banking, cards and UPI.</p>
      </div>
    );
  }

  const team = await teamOfUser(db, userId, event.id);
  if (!team) return <TeamForm eventSlug={event.slug} minSize={event.minTeamSize} maxSize={event.maxTeamSize} />;
  const isCaptain = team.captainId === userId;
  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-lg font-semibold">Team {team.name}</h2>
        <ul className="mt-2 space-y-1 text-sm" aria-label="Team members">
          {team.members.map((m) => (
            <li key={m.id}>
              {m.name} <span className="font-mono text-stone-500">{m.anweshaId}</span>
              {m.id === team.captainId ? <span className="ml-1 text-xs font-semibold text-brand-700">captain</span> : null}
            </li>
          ))}
        </ul>
      </div>
      {team.paid ? (
        <Alert tone="success">
          Your team is registered and the roster is locked.{" "}
          {team.latestMerchTxnId ? (
            <Link href={`/payments/${team.latestMerchTxnId}`} className="font-semibold underline">
              See the receipt
            </Link>
          ) : null}
        </Alert>
      ) : isCaptain ? (
        <CheckoutButton eventSlug={event.slug} teamId={team.id} label={`Pay ${fee} for the team`} />
      ) : (
        <p className="text-sm text-stone-700">
          Your captain pays once for the whole team.{" "}
          {team.latestMerchTxnId ? (
            <Link href={`/payments/${team.latestMerchTxnId}`} className="font-semibold underline">
              Payment status
            </Link>
          ) : (
            "No payment yet."
          )}
        </p>
      )}
    </div>
  );
}
