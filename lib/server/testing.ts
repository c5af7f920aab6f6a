// For tests that read the mail the app sends: a real SMTP server and the job runner delivering the outbox to it,
// on the test's own database.
import type { TestDatabase } from "@/db/testing";
import { env } from "@/lib/env";
import { type JobRunner, startJobRunner } from "@/lib/jobs/runner";
import { mailJobs } from "@/lib/mail/jobs";
import { startTestSmtpServer, type TestSmtpServer } from "@/lib/mail/smtp-test-server";
import { smtpTransport } from "@/lib/mail/transport";
import { mailDataResolver } from "./mail-data";

export interface MailTestbed {
  smtp: TestSmtpServer;
  /** Mails received for this address whose subject matches. */
  mailsTo(email: string, subject?: RegExp): TestSmtpServer["received"];
  /** Waits until `check` holds (mail is delivered by the queue within a second or two). */
  until(check: () => boolean | Promise<boolean>, ms?: number): Promise<void>;
  stop(): Promise<void>;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startMailTestbed(t: TestDatabase, appUrl = "http://localhost:3000"): Promise<MailTestbed> {
  const smtp = await startTestSmtpServer();
  const runner: JobRunner = await startJobRunner({
    database: t,
    jobs: mailJobs(
      (db) => ({
        db,
        transport: smtpTransport(smtp.url),
        from: "Anwesha <no-reply@anwesha.test>",
        appUrl,
        secret: env().authSecret,
        // Mail queued by reference (receipts, "your team is confirmed") is read from the database when sent, as in the app.
        resolve: mailDataResolver(db, appUrl),
      }),
      { retryDelaySeconds: 1 },
    ),
    pollingIntervalSeconds: 0.5,
    supervise: false,
  });
  return {
    smtp,
    mailsTo: (email, subject = /./) =>
      smtp.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === email && subject.test(m.subject ?? "")),
    async until(check, ms = 20_000) {
      const end = Date.now() + ms;
      while (!(await check())) {
        if (Date.now() > end) throw new Error("timed out waiting");
        await sleep(100);
      }
    },
    async stop() {
      // A mail being sent when the test ends is waited for (a loaded machine can take seconds): abandoned, it would
      // query a database the test is about to close.
      await runner.stop(60_000);
      await smtp.stop();
    },
  };
}
