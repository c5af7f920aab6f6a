// Sends one outbox message: the "mail-send" job. The row is claimed with a lease (no transaction is held open
// during the SMTP conversation: on PGlite that would stop the whole app), so a retry, a duplicate job or a
// second instance finds it sent or in flight and does nothing.
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type OutboxMessage, outbox } from "@/db/schema";
import { log } from "@/lib/log";
import { REFERENCE_PREFIX } from "./outbox";
import type { MailTransport } from "./outgoing";
import { unseal } from "./seal";
import { isTemplateName, type RenderedMail, renderMail } from "./templates";
import type { TemplateName } from "./templates/types";

export interface MailDeps {
  db: Db;
  transport: MailTransport;
  from: string;
  appUrl: string;
  secret: string;
  /**
   * Reads the content of a mail queued by reference (lib/mail/outbox.ts enqueueReference): the template's data
   * for `ref`, or null when what it names no longer exists (the message then fails for good).
   */
  resolve?: (template: TemplateName, ref: string) => Promise<unknown>;
  /** How long a claim lasts before another worker may take the message over. */
  leaseSeconds?: number;
}

export type DeliveryResult = "sent" | "already-done" | "failed-for-good";

/** A failure the queue should retry (the message is back to pending). */
class DeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeliveryError";
  }
}

/**
 * Delivers the message `id`. On a temporary failure it throws DeliveryError (the job is retried with backoff);
 * on the last attempt, or when the server refuses the message for good (5xx), the message becomes `failed`.
 */
export async function deliverOutboxMessage(deps: MailDeps, id: string, attempt: { last: boolean }): Promise<DeliveryResult> {
  const lease = deps.leaseSeconds ?? 300;
  const [message] = (await deps.db
    .update(outbox)
    .set({ status: "sending", attempts: sql`${outbox.attempts} + 1`, leaseUntil: sql`now() + make_interval(secs => ${lease})` })
    .where(and(eq(outbox.id, id), sql`(${outbox.status} = 'pending' or (${outbox.status} = 'sending' and ${outbox.leaseUntil} < now()))`))
    .returning()) as OutboxMessage[];
  if (!message) return "already-done";

  let rendered: RenderedMail;
  try {
    rendered = await render(message, deps);
  } catch (error) {
    await finish(deps.db, message, "failed", `cannot render: ${error instanceof Error ? error.message : String(error)}`);
    return "failed-for-good";
  }
  try {
    await deps.transport.send({
      ...rendered,
      from: deps.from,
      to: message.recipient,
      messageId: messageIdFor(message.key, deps.appUrl),
      template: message.template,
    });
  } catch (error) {
    const why = describeSmtpError(error);
    const permanent = isPermanent(error);
    log.warn(
      { outboxId: message.id, template: message.template, attempt: message.attempts, smtp: why.slice(0, 80), permanent },
      "mail not sent",
    );
    await finish(deps.db, message, permanent || attempt.last ? "failed" : "pending", why);
    if (permanent) return "failed-for-good";
    throw new DeliveryError(`mail not sent: ${why}`);
  }
  await finish(deps.db, message, "sent", null);
  log.info({ outboxId: message.id, template: message.template, attempt: message.attempts }, "mail sent");
  return "sent";
}

async function render(message: OutboxMessage, deps: MailDeps): Promise<RenderedMail> {
  if (!isTemplateName(message.template)) throw new Error(`unknown template ${message.template}`);
  if (message.payload.startsWith(REFERENCE_PREFIX)) {
    const ref = message.payload.slice(REFERENCE_PREFIX.length);
    const data = deps.resolve ? await deps.resolve(message.template, ref) : null;
    if (data == null) throw new Error(`nothing to send for ${message.template} ${ref}`);
    return renderMail(message.template, data as never, deps.appUrl);
  }
  const data = JSON.parse(unseal(message.payload, deps.secret));
  return renderMail(message.template, data, deps.appUrl);
}

async function finish(db: Db, message: OutboxMessage, status: "sent" | "pending" | "failed", lastError: string | null): Promise<void> {
  await db
    .update(outbox)
    .set({ status, lastError: lastError?.slice(0, 500) ?? null, leaseUntil: null, sentAt: status === "sent" ? sql`now()` : null })
    .where(and(eq(outbox.id, message.id), eq(outbox.status, "sending")));
}

function messageIdFor(key: string, appUrl: string): string {
  return `<${createHash("sha256").update(key).digest("hex").slice(0, 32)}@${new URL(appUrl).hostname}>`;
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** "EENVELOPE 550: 550 5.1.1 no such user" — the server's own words, never the message. */
function describeSmtpError(error: unknown): string {
  const e = (error ?? {}) as SmtpError;
  const head = [e.code, e.responseCode].filter(Boolean).join(" ");
  const words = (e.response ?? e.message ?? String(error)).split("\n")[0]!.slice(0, 200);
  return head ? `${head}: ${words}` : words;
}

/** A 5xx reply is the server's final word on this message; everything else (4xx, network, timeout) may pass. */
function isPermanent(error: unknown): boolean {
  const code = (error as SmtpError | undefined)?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}
