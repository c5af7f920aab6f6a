// The app's background work, started once per server process (lib/server/start.ts): the one place that knows
// every job, so the queue (lib/jobs) and the modules whose jobs it runs never import each other. To add a
// recurring job: add its queue name to QUEUES in db/job-queue.ts and a JobDefinition with a `cron` to appJobs().

import type { Db } from "@/db/client";
import { appDatabase } from "@/db/client";
import { sweepSignInAddresses } from "@/lib/auth/login-limits";
import { certificateMailsJob } from "@/lib/certificates/mail";
import { env } from "@/lib/env";
import { errSummary } from "@/lib/errors";
import { type JobDefinition, type JobRunner, startJobRunner } from "@/lib/jobs/runner";
import { log } from "@/lib/log";
import type { MailDeps } from "@/lib/mail/deliver";
import { flaggedDigestJob } from "@/lib/mail/flagged-digest";
import { mailJobs, outboxSweepJob } from "@/lib/mail/jobs";
import { transportFor } from "@/lib/mail/transport";
import { rollupFoldJob } from "@/lib/organiser/rollup";
import { reconcileJob } from "@/lib/payments/reconciler";
import { sweepRateLimitsJob } from "@/lib/rate-limit";
import { mailDataResolver } from "@/lib/server/mail-data";
import { sweepLeftovers } from "@/lib/teams/leftovers";
import { waitlistOffersJob } from "@/lib/waitlist/job";

function appMailDeps(db: Db): MailDeps {
  const e = env();
  return {
    db,
    transport: transportFor(e.mail),
    from: e.mail.from,
    appUrl: e.APP_URL,
    secret: e.authSecret,
    resolve: mailDataResolver(db, e.APP_URL),
  };
}

async function sayLeftoversSwept(db: Db): Promise<void> {
  const swept = await sweepLeftovers(db);
  if (swept.teams || swept.mails) log.info(swept, "swept abandoned teams and old mail");
}

function appJobs(): JobDefinition[] {
  return [
    ...mailJobs(appMailDeps),
    outboxSweepJob(),
    reconcileJob(),
    // The hourly sweep: the limiter's expired points, the addresses sign-ins remember, and what a
    // create-and-disband loop leaves behind (lib/teams/leftovers.ts).
    sweepRateLimitsJob([sweepSignInAddresses, sayLeftoversSwept]),
    flaggedDigestJob(() => env().APP_URL),
    rollupFoldJob(),
    waitlistOffersJob(),
    certificateMailsJob(),
  ];
}

const globalForJobs = globalThis as unknown as { __anweshaJobs?: Promise<JobRunner | null> };

/** Starts the workers and schedules once per process; a failure is logged and the app serves on without them. */
export function startAppJobs(): Promise<JobRunner | null> {
  globalForJobs.__anweshaJobs ??= startJobRunner({ database: appDatabase(), jobs: appJobs() }).catch((error) => {
    log.error({ err: errSummary(error) }, "job queue did not start; background work and mail are paused");
    globalForJobs.__anweshaJobs = undefined;
    return null;
  });
  return globalForJobs.__anweshaJobs;
}
