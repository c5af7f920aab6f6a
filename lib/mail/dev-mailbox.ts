// Development only (sandbox gateway, no SMTP_URL): mail is kept in this process and shown at /dev/mail, so a
// newcomer sees every mail the app sends without any mail server. Never used when SMTP_URL is set.
import { randomUUID } from "node:crypto";
import type { MailTransport, OutgoingMail } from "./outgoing";

export interface CaughtMail extends OutgoingMail {
  id: string;
  caughtAt: Date;
}

const LIMIT = 200;
const globalForMailbox = globalThis as unknown as { __anweshaDevMailbox?: CaughtMail[] };
const mailbox = () => (globalForMailbox.__anweshaDevMailbox ??= []);

export const devMailboxTransport: MailTransport = {
  async send(mail) {
    const box = mailbox();
    box.unshift({ ...mail, html: inlineImages(mail), id: randomUUID(), caughtAt: new Date() });
    box.length = Math.min(box.length, LIMIT);
  },
};

/** Newest first. */
export function caughtMail(): CaughtMail[] {
  return [...mailbox()];
}

export function findCaughtMail(id: string): CaughtMail | undefined {
  return mailbox().find((m) => m.id === id);
}

/** A mail client shows `cid:` images from the attachments; the mailbox page allows only data: images, so inline them. */
function inlineImages(mail: OutgoingMail): string {
  let html = mail.html;
  for (const a of mail.attachments ?? []) {
    if (!a.cid || typeof a.content === "string") continue;
    html = html.replaceAll(`cid:${a.cid}`, `data:${a.contentType};base64,${a.content.toString("base64")}`);
  }
  return html;
}
