// Sending an announcement, in one transaction: the announcement, one recipient row and one outbox mail per person,
// their delivery jobs and the audit entry, or nothing. Each mail's key names the announcement and the person, and
// the recipients' primary key is (announcement, person): whatever retries, races or second runners do, a person is
// mailed once. The mail is queued by reference, so the body is stored once, not copied per person.
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { type Announcement, announcementRecipients, announcements } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { insertJobsSql } from "@/lib/jobs/send";
import { REFERENCE_PREFIX } from "@/lib/mail/outbox";
import { audienceSql } from "./audience";
import { type AnnouncementInput, fingerprintOf } from "./input";
import { assertUnderLimit } from "./limit";

/** The outbox key and reference of one person's mail: "announcement:<announcement id>:<user id>". */
export const MAIL_KEY_PREFIX = "announcement:";

export interface Sent {
  announcement: Announcement;
  recipients: number;
  /** The same words were already sent to this event: that announcement, and nothing new was sent. */
  alreadySent: boolean;
}

// A lock per event, in a namespace of its own (pg_advisory_xact_lock(int, int)): sends at one event take turns, and
// no seat decision waits on them as it would on the event's row.
const LOCK_NAMESPACE = 28_001;

export async function sendAnnouncement(
  db: Db,
  actorId: string,
  event: { id: string; name: string },
  input: Pick<AnnouncementInput, "subject" | "body" | "includeWaitlist">,
  now = new Date(),
): Promise<Sent> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_NAMESPACE}, hashtext(${event.id}::text))`);
    const fingerprint = fingerprintOf(input);
    const earlier = await sentBefore(tx, event.id, fingerprint);
    if (earlier) return earlier;
    await assertUnderLimit(tx, event, now);
    const [announcement] = await tx
      .insert(announcements)
      .values({
        eventId: event.id,
        authorId: actorId,
        subject: input.subject,
        body: input.body,
        includeWaitlist: input.includeWaitlist,
        fingerprint,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    // The unique index is the last word: a send that got here past the lock finds the first one's.
    if (!announcement) return (await sentBefore(tx, event.id, fingerprint))!;
    const recipients = await queueMails(tx, announcement);
    await writeAudit(tx, {
      actorId,
      action: "announcement.sent",
      eventId: event.id,
      details: { announcementId: announcement.id, subject: announcement.subject, recipients, includeWaitlist: input.includeWaitlist },
      createdAt: now,
    });
    return { announcement, recipients, alreadySent: false };
  });
}

async function sentBefore(tx: Tx, eventId: string, fingerprint: string): Promise<Sent | null> {
  const [announcement] = await tx
    .select()
    .from(announcements)
    .where(and(eq(announcements.eventId, eventId), eq(announcements.fingerprint, fingerprint)));
  if (!announcement) return null;
  return { announcement, recipients: await recipientCount(tx, announcement.id), alreadySent: true };
}

async function recipientCount(tx: Tx | Db, announcementId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(announcementRecipients)
    .where(eq(announcementRecipients.announcementId, announcementId));
  return row?.n ?? 0;
}

/**
 * One statement, whatever the audience's size: each person's outbox mail (a fresh id chosen first, so their recipient
 * row can name it), their recipient row, and a "mail-send" job per mail inserted. A key or a row that exists already
 * inserts nothing and adds no job.
 */
async function queueMails(tx: Tx, a: Announcement): Promise<number> {
  const key = sql`${MAIL_KEY_PREFIX} || ${a.id}::text || ':' || p.user_id::text`;
  await rowsOf(
    tx,
    sql`with people as materialized (select q.*, gen_random_uuid() as mail_id from (${audienceSql(a.eventId, a.includeWaitlist)}) q),
      mail as (
        insert into outbox (id, key, template, recipient, payload)
        select p.mail_id, ${key}, 'announcement', lower(p.email), ${REFERENCE_PREFIX} || ${key} from people p
        on conflict (key) do nothing
        returning id),
      rec as (
        insert into announcement_recipients (announcement_id, user_id, via, outbox_id)
        select ${a.id}::uuid, p.user_id, p.via, p.mail_id from people p where p.mail_id in (select id from mail)
        on conflict do nothing
        returning user_id)
      ${insertJobsSql("mail-send", sql`select id from mail`)}`,
  );
  return recipientCount(tx, a.id);
}
