// The content of mail queued by reference (lib/mail/outbox.ts enqueueReference), for every module that queues it: the
// one resolver the app's mail job and the tests' mail testbed both hand the outbox.
import type { Db } from "@/db/client";
import { announcementMailData } from "@/lib/announcements/mail-data";
import type { MailDeps } from "@/lib/mail/deliver";
import { paymentMailData } from "@/lib/payments/mail";

export function mailDataResolver(db: Db, appUrl: string): NonNullable<MailDeps["resolve"]> {
  return (template, ref) =>
    template === "announcement" ? announcementMailData(db, appUrl, ref) : paymentMailData(db, appUrl, template, ref);
}
