// The outbox: a mail is written in the same transaction as the change that causes it, under a key naming the
// cause, and its delivery job is added in that transaction too. A second copy of the cause (a duplicate gateway
// return, a retried request, another instance) inserts nothing and adds no job.
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { type OutboxMessage, outbox } from "@/db/schema";
import { env } from "@/lib/env";
import { sendInTransaction } from "@/lib/jobs/send";
import { mailQueueFor } from "./queues";
import { seal } from "./seal";
import type { MailTemplates, TemplateName } from "./templates/types";

export interface MailToSend<K extends TemplateName> {
  /** Unique per cause: "receipt:<merchTxnId>", "refund:<refundRef>", "invitation:<id>", "welcome:<userId>". */
  key: string;
  to: string;
  template: K;
  data: MailTemplates[K];
}

/**
 * Queues a mail. Call it with the transaction that makes the change (`db.transaction(async (tx) => …)`), on
 * either driver. Returns false when a mail for this key already exists (nothing is added).
 */
export async function enqueueMail<K extends TemplateName>(tx: Tx | Db, mail: MailToSend<K>): Promise<boolean> {
  const [row] = await tx
    .insert(outbox)
    .values({
      key: mail.key.slice(0, 300),
      template: mail.template,
      recipient: mail.to.trim().toLowerCase(),
      payload: seal(JSON.stringify(mail.data), env().authSecret),
    })
    .onConflictDoNothing({ target: outbox.key })
    .returning({ id: outbox.id });
  if (!row) return false;
  await sendInTransaction(tx, mailQueueFor(mail.template), { id: row.id });
  return true;
}

/**
 * A mail whose content is read when it is sent, not when it is queued: the payload is only a reference
 * ("ref:<what>"), resolved by MailDeps.resolve. For mails whose cause is already in the database (a settled
 * payment), so the change's own statement can queue them (lib/payments/statements.ts) and nothing about the
 * person is copied into the outbox.
 */
export const REFERENCE_PREFIX = "ref:";

export async function enqueueReference(
  tx: Tx | Db,
  mail: { key: string; to: string; template: TemplateName; ref: string },
): Promise<boolean> {
  const [row] = await tx
    .insert(outbox)
    .values({
      key: mail.key.slice(0, 300),
      template: mail.template,
      recipient: mail.to.trim().toLowerCase(),
      payload: `${REFERENCE_PREFIX}${mail.ref}`,
    })
    .onConflictDoNothing({ target: outbox.key })
    .returning({ id: outbox.id });
  if (!row) return false;
  await sendInTransaction(tx, mailQueueFor(mail.template), { id: row.id });
  return true;
}

/** The link a team invitation mail carries: straight to the invitation, or through sign-up for a new address. */
export function invitationLink(appUrl: string, invitationPath: string, hasAccount: boolean): string {
  if (hasAccount) return `${appUrl}${invitationPath}`;
  return `${appUrl}/sign-up?callbackUrl=${encodeURIComponent(invitationPath)}`;
}

export type OutboxSummary = Pick<
  OutboxMessage,
  "id" | "key" | "template" | "recipient" | "status" | "attempts" | "lastError" | "createdAt" | "updatedAt"
>;

const summary = {
  id: outbox.id,
  key: outbox.key,
  template: outbox.template,
  recipient: outbox.recipient,
  status: outbox.status,
  attempts: outbox.attempts,
  lastError: outbox.lastError,
  createdAt: outbox.createdAt,
  updatedAt: outbox.updatedAt,
};

/** Mail that ran out of retries (or was refused for good), for organisers. */
export async function failedMail(db: Db, limit = 50): Promise<{ count: number; messages: OutboxSummary[] }> {
  const [counted] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(eq(outbox.status, "failed"));
  const messages = await db.select(summary).from(outbox).where(eq(outbox.status, "failed")).orderBy(desc(outbox.updatedAt)).limit(limit);
  return { count: counted?.n ?? 0, messages };
}

/** Mail not yet sent, by status: how far behind the queue is. */
export async function outboxBacklog(db: Db): Promise<{ pending: number; sending: number }> {
  const rows = await db
    .select({ status: outbox.status, n: sql<number>`count(*)::int` })
    .from(outbox)
    .where(sql`${outbox.status} in ('pending', 'sending')`)
    .groupBy(outbox.status);
  return { pending: rows.find((r) => r.status === "pending")?.n ?? 0, sending: rows.find((r) => r.status === "sending")?.n ?? 0 };
}

/** An organiser sends a failed mail again: back to pending with a fresh job, in one transaction. */
export async function retryFailedMail(db: Db, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(outbox)
      .set({ status: "pending", attempts: 0, leaseUntil: null })
      .where(and(eq(outbox.id, id), eq(outbox.status, "failed")))
      .returning({ id: outbox.id, template: outbox.template });
    if (!row) return false;
    await sendInTransaction(tx, mailQueueFor(row.template), { id: row.id });
    return true;
  });
}

/**
 * Mail whose cause is over once it is delivered (invitations, "you already have an account", links that have
 * expired anyway): rows sent or failed before `before` are deleted, so mail anyone can cause does not pile up.
 * Receipts and the like are kept: their key is what stops a second copy.
 */
const EPHEMERAL_TEMPLATES: TemplateName[] = [
  "team-invitation",
  "team-member-joined",
  "team-member-left",
  "substitution-invitation",
  "substituted-out",
  "account-exists",
  "password-reset",
  "verify-email",
  "change-email",
  "email-changed",
  "sign-in-link",
];

export async function sweepOldMail(db: Db, before: Date): Promise<number> {
  const rows = await db
    .delete(outbox)
    .where(and(inArray(outbox.template, EPHEMERAL_TEMPLATES), inArray(outbox.status, ["sent", "failed"]), lt(outbox.updatedAt, before)))
    .returning({ id: outbox.id });
  return rows.length;
}
