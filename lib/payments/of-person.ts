// "My payments": the payments a person made, and the payments that paid a registration of a team they are in
// (a teammate's registration is paid by the captain, so it must show for them too). Newest first.
import { desc, eq, inArray, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, type PaymentStatus, paymentItems, payments, registrations, teamMembers, teams } from "@/db/schema";

export interface PersonPayment {
  merchTxnId: string;
  status: PaymentStatus;
  expectedPaise: number;
  /** What the bank took (success or flagged); null otherwise. */
  paidPaise: number | null;
  refundedPaise: number;
  createdAt: Date;
  settledAt: Date | null;
  payer: { name: string; anweshaId: string; isYou: boolean };
  /** The events this payment paid that concern the person: all of them for the payer, their teams' for a teammate. */
  items: { eventSlug: string; eventName: string; teamName: string | null; amountPaise: number }[];
}

export async function paymentsOfPerson(db: Db, userId: string, limit = 200): Promise<PersonPayment[]> {
  const myTeams = db.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, userId));
  const forMyTeams = db
    .select({ paymentId: paymentItems.paymentId })
    .from(paymentItems)
    .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
    .where(inArray(registrations.teamId, myTeams));
  const rows = await db
    .select()
    .from(payments)
    .where(or(eq(payments.userId, userId), inArray(payments.id, forMyTeams)))
    .orderBy(desc(payments.createdAt))
    .limit(limit);
  if (!rows.length) return [];
  const [items, mine] = await Promise.all([
    db
      .select({
        paymentId: paymentItems.paymentId,
        amountPaise: paymentItems.amountPaise,
        teamId: registrations.teamId,
        teamName: teams.name,
        eventSlug: events.slug,
        eventName: events.name,
      })
      .from(paymentItems)
      .innerJoin(registrations, eq(registrations.id, paymentItems.registrationId))
      .innerJoin(events, eq(events.id, registrations.eventId))
      .leftJoin(teams, eq(teams.id, registrations.teamId))
      .where(
        inArray(
          paymentItems.paymentId,
          rows.map((p) => p.id),
        ),
      )
      .orderBy(events.name),
    db.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, userId)),
  ]);
  const myTeamIds = new Set(mine.map((m) => m.teamId));
  return rows.map((p) => {
    const isYou = p.userId === userId;
    const own = items.filter((i) => i.paymentId === p.id && (isYou || (i.teamId !== null && myTeamIds.has(i.teamId))));
    return {
      merchTxnId: p.merchTxnId,
      status: p.status,
      expectedPaise: p.expectedPaise,
      paidPaise: p.status === "success" || p.status === "flagged" ? p.totalPaise : null,
      refundedPaise: p.refundedPaise,
      createdAt: p.createdAt,
      settledAt: p.settledAt,
      payer: { name: p.name, anweshaId: p.anweshaId, isYou },
      items: own.map(({ eventSlug, eventName, teamName, amountPaise }) => ({ eventSlug, eventName, teamName, amountPaise })),
    };
  });
}
