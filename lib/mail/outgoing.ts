// A mail as it leaves the app, and what sends one: the SMTP transport and the development mailbox alike.
import type { MailAttachment } from "./templates/passes";

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Stable per cause, so a receiving server that dedupes by Message-ID collapses a rare re-send. */
  messageId: string;
  template: string;
  attachments?: MailAttachment[];
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
}
