// Each checked-in person's certificate is mailed once, MAIL_AFTER_HOURS after their event starts (by then the
// day's results are usually marked, so a winner's mail says so; the link always gives the certificate as it is
// now). A sweep every ten minutes finds the check-ins due, issues their codes, and in one transaction marks each
// certificate mailed and queues its mail through the outbox (key certificate:<registration>:<person>): marking
// only a row still unmarked is what makes two sweeps at once, on two instances, send one mail.
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { certificates } from "@/db/schema";
import { env } from "@/lib/env";
import type { JobDefinition } from "@/lib/jobs/runner";
import { log } from "@/lib/log";
import { enqueueMail } from "@/lib/mail/outbox";
import { certificatesToMail, issueCertificates, verifyUrl } from "./certificate";
import { displayCode } from "./code";

const MAIL_AFTER_HOURS = 12;
/** Events that started longer ago than this are left alone: a new deployment never mails last year's fest. */
const LOOK_BACK_DAYS = 30;
const HOUR = 3600_000;

/** Queues the certificate mails now due; returns how many. */
export async function mailCertificates(db: Db, appUrl: string, now = new Date(), batch = 200): Promise<number> {
  const before = new Date(now.getTime() - MAIL_AFTER_HOURS * HOUR);
  const since = new Date(now.getTime() - LOOK_BACK_DAYS * 24 * HOUR);
  let queued = 0;
  for (;;) {
    const rows = await certificatesToMail(db, since, before, batch);
    if (!rows.length) return queued;
    const email = new Map(rows.map((r) => [`${r.registrationId}:${r.userId}`, r.email]));
    queued += await db.transaction(async (tx) => {
      let n = 0;
      for (const c of await issueCertificates(tx, rows)) {
        const [claimed] = await tx
          .update(certificates)
          .set({ mailedAt: now })
          .where(and(eq(certificates.code, c.code), isNull(certificates.mailedAt)))
          .returning({ code: certificates.code });
        if (!claimed) continue; // another sweep mailed it
        await enqueueMail(tx, {
          key: `certificate:${c.registrationId}:${c.userId}`,
          to: email.get(`${c.registrationId}:${c.userId}`)!,
          template: "certificate-ready",
          data: {
            name: c.person.name,
            eventName: c.event.name,
            place: c.place,
            code: displayCode(c.code),
            verifyUrl: verifyUrl(c.code, appUrl),
            downloadUrl: `${appUrl}/me#my-registrations`,
          },
        });
        n++;
      }
      return n;
    });
    if (rows.length < batch) return queued;
  }
}

export function certificateMailsJob(appUrl: () => string = () => env().APP_URL): JobDefinition {
  return {
    name: "certificate-mails",
    retryLimit: 2,
    retryDelaySeconds: 30,
    expireInSeconds: 10 * 60,
    cron: "*/10 * * * *",
    handler: async (_data, ctx) => {
      const queued = await mailCertificates(ctx.db, appUrl());
      if (queued) log.info({ queued }, "certificate mails queued");
    },
  };
}
