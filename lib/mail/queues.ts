// Which line a mail waits in. Receipts, invitations and announcements can be late; a password reset, a sign-in
// link or a confirmation someone is waiting for on screen cannot. Those have their own queue with its own worker
// (lib/mail/jobs.ts), so thousands of receipts queued by a registration rush never stand in front of them.
// Either queue's job only names an outbox row: the row's lease (deliver.ts) is what makes a delivery happen once,
// whichever queue, or both, hold a job for it.
import type { QueueName } from "@/db/job-queue";
import type { TemplateName } from "./templates/types";

export type MailQueue = Extract<QueueName, "mail-send" | "mail-urgent">;
export const MAIL_QUEUES: MailQueue[] = ["mail-send", "mail-urgent"];

const URGENT_TEMPLATES: ReadonlySet<string> = new Set<TemplateName>(["password-reset", "sign-in-link", "verify-email", "change-email"]);

export function mailQueueFor(template: string): MailQueue {
  return URGENT_TEMPLATES.has(template) ? "mail-urgent" : "mail-send";
}
