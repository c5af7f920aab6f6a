// What organisers see of background work: mail that could not be sent, jobs that ran out of retries, backlog.
import type { Db } from "@/db/client";
import { failedJobs } from "@/lib/jobs/failures";
import { failedMail, outboxBacklog } from "@/lib/mail/outbox";

export async function backgroundWork(db: Db) {
  const [mail, jobs, backlog] = await Promise.all([failedMail(db), failedJobs(db), outboxBacklog(db)]);
  return { failedMail: mail, failedJobs: jobs, mailBacklog: backlog };
}
