// What abuse of teams and mail could leave behind, swept every hour (in the rate limiter's sweep job,
// lib/rate-limit.ts): teams disbanded a week ago that never had money move (with their cancelled registrations
// // and invitations), and delivered invitation and account mail older than a month. With the limits in
// invitation-mail.ts this keeps a create-and-disband loop from growing any table without bound.
import type { Db } from "@/db/client";
import { sweepOldMail } from "@/lib/mail/outbox";
import { forgetAbandonedTeams } from "@/lib/payments/settle/cancel";

const DAY = 24 * 60 * 60_000;
/** How long a disbanded team stays: its invitees see "The team was disbanded." until then. */
const DISBANDED_TEAM_DAYS = 7;
const SENT_MAIL_DAYS = 30;

export async function sweepLeftovers(db: Db, now = new Date()): Promise<{ teams: number; mails: number }> {
  const disbandedBefore = new Date(now.getTime() - DISBANDED_TEAM_DAYS * DAY);
  let teams = 0;
  for (;;) {
    const n = await forgetAbandonedTeams(db, disbandedBefore);
    teams += n;
    if (n === 0) break;
  }
  const mails = await sweepOldMail(db, new Date(now.getTime() - SENT_MAIL_DAYS * DAY));
  return { teams, mails };
}
