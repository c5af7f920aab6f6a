// Reading announcements: the console's list with how each one's mail went, and what an event's page shows a person
// registered for it (never anyone else).
import { and, desc, eq, exists, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { announcementRecipients, announcements, registrations } from "@/db/schema";
import { holdsRegistration } from "@/lib/registrations/holders";
import { ENTERED_STATUS } from "@/lib/registrations/status";

export interface SentAnnouncement {
  id: string;
  subject: string;
  body: string;
  includeWaitlist: boolean;
  createdAt: Date;
  author: string;
  recipients: number;
  /** Accepted by the mail server. */
  delivered: number;
  /** Refused for good, or out of retries (the console's mail page can send them again). */
  failed: number;
  /** Not sent yet: waiting, or being retried. */
  queued: number;
}

/** An event's announcements, newest first, with their mails' outcomes. */
export async function sentAnnouncements(db: Db, eventId: string, limit = 50): Promise<SentAnnouncement[]> {
  const rows = await rowsOf<Omit<SentAnnouncement, "createdAt"> & { createdAt: Date | string }>(
    db,
    sql`select a.id, a.subject, a.body, a.include_waitlist as "includeWaitlist", a.created_at as "createdAt", u.name as author,
        count(r.user_id)::int as recipients,
        count(*) filter (where o.status = 'sent')::int as delivered,
        count(*) filter (where o.status = 'failed')::int as failed,
        count(*) filter (where o.status in ('pending', 'sending'))::int as queued
      from announcements a
      join users u on u.id = a.author_id
      left join announcement_recipients r on r.announcement_id = a.id
      left join outbox o on o.id = r.outbox_id
      where a.event_id = ${eventId}
      group by a.id, u.name
      order by a.created_at desc, a.id
      limit ${limit}`,
  );
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt) }));
}

export function sentAnnouncementJson(a: SentAnnouncement) {
  return { ...a, createdAt: a.createdAt.toISOString() };
}

export interface EventAnnouncement {
  id: string;
  subject: string;
  body: string;
  createdAt: Date;
}

/**
 * The latest announcements of an event that this person may read on its page: all of them while they are entered
 * (a member of a paid registration: a late entrant reads what came before), and any that were sent to them (from the
 * waiting list, or before they left).
 */
export async function announcementsFor(db: Db, eventId: string, userId: string, limit = 5): Promise<EventAnnouncement[]> {
  const sentToThem = db
    .select({ one: sql`1` })
    .from(announcementRecipients)
    .where(and(eq(announcementRecipients.announcementId, announcements.id), eq(announcementRecipients.userId, userId)));
  const entered = db
    .select({ one: sql`1` })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, ENTERED_STATUS), holdsRegistration(userId)));
  return db
    .select({ id: announcements.id, subject: announcements.subject, body: announcements.body, createdAt: announcements.createdAt })
    .from(announcements)
    .where(and(eq(announcements.eventId, eventId), or(exists(sentToThem), exists(entered))))
    .orderBy(desc(announcements.createdAt), desc(announcements.id))
    .limit(limit);
}
