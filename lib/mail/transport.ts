// How mail leaves: SMTP through nodemailer (SMTP_URL), or the development mailbox. Timeouts are short so a
// hung server fails the attempt (and the queue retries later) instead of holding a worker.
import nodemailer from "nodemailer";
import type { MailSettings } from "@/lib/env";
import { devMailboxTransport } from "./dev-mailbox";
import type { MailTransport } from "./outgoing";

export function smtpTransport(url: string, timeoutsMs = { connection: 10_000, greeting: 10_000, socket: 30_000 }): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: timeoutsMs.connection,
    greetingTimeout: timeoutsMs.greeting,
    socketTimeout: timeoutsMs.socket,
  } as nodemailer.TransportOptions);
  return {
    async send(mail) {
      await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        messageId: mail.messageId,
        headers: { "X-Anwesha-Template": mail.template },
        attachments: mail.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType, cid: a.cid })),
      });
    },
  };
}

/** Thrown when mail cannot be sent at all: no SMTP_URL outside the sandbox. */
class MailNotConfiguredError extends Error {
  constructor() {
    super("mail is not configured: set SMTP_URL");
    this.name = "MailNotConfiguredError";
  }
}

const cached = new Map<string, MailTransport>();
export function transportFor(settings: MailSettings): MailTransport {
  if (settings.smtpUrl) {
    let t = cached.get(settings.smtpUrl);
    if (!t) {
      t = smtpTransport(settings.smtpUrl);
      cached.set(settings.smtpUrl, t);
    }
    return t;
  }
  if (settings.devMailbox) return devMailboxTransport;
  return { send: () => Promise.reject(new MailNotConfiguredError()) };
}
