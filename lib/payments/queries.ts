import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, payments, teams } from "@/db/schema";

/** An attendee's payments, newest first, with event and team names. */
export function paymentsOfUser(db: Db, userId: string) {
  return db
    .select({
      merchTxnId: payments.merchTxnId,
      status: payments.status,
      expectedPaise: payments.expectedPaise,
      totalPaise: payments.totalPaise,
      createdAt: payments.createdAt,
      settledAt: payments.settledAt,
      eventName: events.name,
      eventSlug: events.slug,
      teamName: teams.name,
    })
    .from(payments)
    .innerJoin(events, eq(events.id, payments.eventId))
    .leftJoin(teams, eq(teams.id, payments.teamId))
    .where(eq(payments.userId, userId))
    .orderBy(desc(payments.createdAt))
    .limit(200);
}
