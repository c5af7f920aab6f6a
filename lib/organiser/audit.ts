// The console's readers of the audit log: a payment's organiser actions, an event's history. Entries are written
// only through lib/audit.ts.
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, users } from "@/db/schema";

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
