// Who did what to which payment, registration or event, and when: the one writer of audit rows. Every entry goes
// through writeAudit (a test, lib/audit.test.ts, fails on any other insert into auditLog), inside the transaction
// that made the change where there is one. A null actor is the system: the status API's answer, not a person.
// Readers for the console's pages are in lib/organiser/audit.ts.
import type { Db, Tx } from "@/db/client";
import { auditLog } from "@/db/schema";

export type AuditAction =
  // An organiser asks the status API about one payment, or about many.
  | "recheck"
  | "recheck.bulk"
  | "export.csv"
  // Refunds (lib/payments/refund.ts, lib/payments/refund-status.ts).
  | "refund.requested"
  | "refund.accepted"
  | "refund.failed"
  | "refund.pending"
  | "refund.checked"
  // The one door (lib/payments/settle): a bank's reversal, a second successful transaction, a late admission.
  | "payment.reversed"
  | "payment.possible_double_charge"
  | "registration.admitted"
  // A free registration given back by its holder (lib/payments/cancel-free.ts).
  | "registration.cancelled"
  // Event edits (lib/events/admin.ts).
  | "event.created"
  | "event.updated"
  | "event.closed"
  | "event.reopened"
  // Hiding an event from attendees, and copying one (lib/events/visibility.ts, lib/events/duplicate.ts).
  | "event.hidden"
  | "event.shown"
  | "event.duplicated"
  // One event's registrants as CSV (lib/organiser/registrants-csv.ts).
  | "export.registrants"
  // An organiser undoing a person's check-in (lib/checkin/undo.ts).
  | "checkin.undone"
  // An organiser substitutes a member of a paid team (lib/teams/substitutions.ts): proposed, accepted, declined.
  | "team.substitution.proposed"
  | "team.substituted"
  | "team.substitution.declined"
  | "team.substitution.withdrawn"
  | "desk.registered"
  // An organiser made a code (lib/codes/admin.ts).
  | "code.created"
  // Who may check people in (lib/checkin/volunteers.ts).
  | "volunteer.grant"
  | "volunteer.revoke"
  // Who coordinates an event (lib/coordinators, through the same rows).
  | "coordinator.grant"
  | "coordinator.revoke"
  // An organiser closed an event's waiting list (lib/waitlist/close.ts).
  | "waitlist.closed"
  // An event's organisers or coordinators sent its people an announcement (lib/announcements/send.ts).
  | "announcement.sent"
  // An event's results, and every certificate of an event downloaded at once (lib/certificates).
  | "result.marked"
  | "result.cleared"
  | "export.certificates"
  // A person deleted their account (lib/privacy/delete-account.ts): what was kept and what was removed.
  | "account.deleted";

export interface AuditInput {
  /** The person who acted; null when the system did (a status answer, a reconciler run). */
  actorId: string | null;
  action: AuditAction;
  paymentId?: string | null;
  registrationId?: string | null;
  eventId?: string | null;
  details?: Record<string, unknown>;
  /** The moment of the change it records, when the caller has one; the database's clock otherwise. */
  createdAt?: Date;
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
      ...(entry.createdAt ? { createdAt: entry.createdAt } : {}),
    })
    .returning({ id: auditLog.id });
  return row!.id;
}
