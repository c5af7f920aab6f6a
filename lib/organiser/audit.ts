// Who did what to which payment or event, and when. Every organiser action (re-check, refund, export, event edits)
// goes through here (refunds write their entries inside lib/payments/refund.ts, in the same transactions as the
// money; event edits inside lib/events/admin.ts, in the transaction that changes the event).
import { desc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { auditLog, users } from "@/db/schema";

export type AuditAction =
  | "recheck"
  | "recheck.bulk"
  | "export.csv"
  | "refund.requested"
  | "refund.accepted"
  | "refund.failed"
  | "refund.pending"
  | "refund.checked"
  | "registration.admitted"
  | "event.created"
  | "event.updated"
  | "event.closed"
  | "event.reopened";

export interface AuditInput {
  actorId: string;
  action: AuditAction;
  paymentId?: string | null;
  registrationId?: string | null;
  eventId?: string | null;
  details?: Record<string, unknown>;
}

export async function writeAudit(db: Db | Tx, entry: AuditInput): Promise<number> {
  const [row] = await db
    .insert(auditLog)
    .values({
      actorId: entry.actorId,
      action: entry.action,
      paymentId: entry.paymentId ?? null,
      registrationId: entry.registrationId ?? null,
      eventId: entry.eventId ?? null,
      details: entry.details ?? null,
    })
    .returning({ id: auditLog.id });
  return row!.id;
}

export interface AuditView {
  id: number;
  action: string;
  createdAt: Date;
  details: unknown;
  actorName: string | null;
  actorAnweshaId: string | null;
  paymentId: string | null;
}

const columns = {
  id: auditLog.id,
  action: auditLog.action,
  createdAt: auditLog.createdAt,
  details: auditLog.details,
  actorName: users.name,
  actorAnweshaId: users.anweshaId,
  paymentId: auditLog.paymentId,
};

/** A payment's organiser actions, oldest first. */
export function auditOfPayment(db: Db, paymentId: string, limit = 500): Promise<AuditView[]> {
  return db
    .select(columns)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(eq(auditLog.paymentId, paymentId))
    .orderBy(auditLog.createdAt, auditLog.id)
    .limit(limit);
}

/** An event's changes by organisers (created, edited, closed, reopened), newest first. */
export function auditOfEvent(db: Db, eventId: string, limit = 100): Promise<AuditView[]> {
  return db
    .select(columns)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(eq(auditLog.eventId, eventId))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
}
