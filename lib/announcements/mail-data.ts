// The mail of one person's announcement, read when it is sent (the outbox holds only "announcement:<id>:<user>"): the
// words as they were sent, the person's name as it is now. Null when either is gone (the message then fails for good).
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { announcementRecipients, announcements, events, users } from "@/db/schema";
import type { AnnouncementData } from "@/lib/mail/templates/types";
import { MAIL_KEY_PREFIX } from "./send";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function announcementMailData(db: Db, appUrl: string, ref: string): Promise<AnnouncementData | null> {
  if (!ref.startsWith(MAIL_KEY_PREFIX)) return null;
  const [announcementId, userId] = ref.slice(MAIL_KEY_PREFIX.length).split(":");
  if (!UUID.test(announcementId ?? "") || !UUID.test(userId ?? "")) return null;
  const [row] = await db
    .select({
      subject: announcements.subject,
      body: announcements.body,
      eventName: events.name,
      slug: events.slug,
      name: users.name,
      via: announcementRecipients.via,
    })
    .from(announcementRecipients)
    .innerJoin(announcements, eq(announcements.id, announcementRecipients.announcementId))
    .innerJoin(events, eq(events.id, announcements.eventId))
    .innerJoin(users, eq(users.id, announcementRecipients.userId))
    .where(and(eq(announcementRecipients.announcementId, announcementId!), eq(announcementRecipients.userId, userId!)));
  if (!row) return null;
  return {
    name: row.name,
    eventName: row.eventName,
    subject: row.subject,
    body: row.body,
    waitlisted: row.via === "waitlist",
    eventUrl: `${appUrl}/events/${row.slug}`,
  };
}
