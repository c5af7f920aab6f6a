// What a send would do, without doing it: who would get it (how many, a few names) and the mail they would read, as
// the first of them would, and how many more the event may send this hour.
import type { Db } from "@/db/client";
import type { Event } from "@/db/schema";
import { type RenderedMail, renderMail } from "@/lib/mail/templates";
import { type AudienceSummary, audienceSummary } from "./audience";
import type { AnnouncementInput } from "./input";
import { hourLeft } from "./limit";

export interface Preview {
  recipients: AudienceSummary & { total: number };
  mail: Pick<RenderedMail, "subject" | "html" | "text">;
  /** Sends this event has left in the current hour, and when the next frees up when none. */
  hour: { left: number; nextAt: string | null };
}

export async function previewAnnouncement(
  db: Db,
  event: Pick<Event, "id" | "name" | "slug">,
  input: Pick<AnnouncementInput, "subject" | "body" | "includeWaitlist">,
  appUrl: string,
  now = new Date(),
): Promise<Preview> {
  const [people, hour] = await Promise.all([audienceSummary(db, event.id, input.includeWaitlist), hourLeft(db, event.id, now)]);
  const total = people.entrants + (input.includeWaitlist ? people.waitlist : 0);
  const { subject, html, text } = await renderMail(
    "announcement",
    {
      name: people.sample[0] ?? "there",
      eventName: event.name,
      subject: input.subject,
      body: input.body,
      waitlisted: false,
      eventUrl: `${appUrl}/events/${event.slug}`,
    },
    appUrl,
  );
  return {
    recipients: { ...people, total },
    mail: { subject, html, text },
    hour: { left: hour.left, nextAt: hour.nextAt?.toISOString() ?? null },
  };
}
