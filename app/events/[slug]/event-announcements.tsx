// The event's latest announcements, for a person registered for it (or sent one from its waiting list): nobody else
// sees them here (lib/announcements/view.ts announcementsFor says who).
import { PlainText } from "@/app/_components/plain-text";
import { Card } from "@/app/_components/ui";
import { db } from "@/db/client";
import { announcementsFor } from "@/lib/announcements/view";
import { formatIST } from "@/lib/format";

export async function EventAnnouncements({ eventId, userId }: { eventId: string; userId: string }) {
  const list = await announcementsFor(db, eventId, userId);
  if (!list.length) return null;
  return (
    <section aria-labelledby="announcements-heading" className="mt-6">
      <h2 id="announcements-heading" className="mb-3 text-lg font-semibold">
        Announcements
      </h2>
      <ul className="space-y-3">
        {list.map((a) => (
          <li key={a.id}>
            <Card>
              <h3 className="font-semibold break-words">{a.subject}</h3>
              <p className="mb-2 text-xs text-stone-500">
                <time dateTime={a.createdAt.toISOString()}>{formatIST(a.createdAt)}</time>
              </p>
              <PlainText text={a.body} className="text-sm text-stone-800" />
            </Card>
          </li>
        ))}
      </ul>
    </section>
  );
}
