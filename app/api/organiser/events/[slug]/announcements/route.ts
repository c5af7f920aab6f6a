// GET: the event's announcements, newest first, each with its recipients and how their mail went (delivered, failed,
// queued). POST {subject, body, includeWaitlist?, preview?}: with preview: true → 200 {preview} (who would get it and
// the mail; nothing is sent); else send → 201 {announcement, recipients}, or 200 with alreadySent: true when these
// words were sent to this event before (nothing new is sent). 422 naming the fields, 429 with Retry-After past the
// hour's limit. Organisers and the event's coordinators only (403), 404 for an unknown event.
import { db } from "@/db/client";
import { announcementInput } from "@/lib/announcements/input";
import { previewAnnouncement } from "@/lib/announcements/preview";
import { sendAnnouncement } from "@/lib/announcements/send";
import { sentAnnouncementJson, sentAnnouncements } from "@/lib/announcements/view";
import { requireUser } from "@/lib/auth/require-user";
import { managedEvent } from "@/lib/coordinators/access";
import { env } from "@/lib/env";
import { handle, readJson } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ slug: string }> };
const NO_STORE = { "Cache-Control": "no-store" };

export const GET = handle(async (req: Request, ctx: Ctx) => {
  const user = await requireUser(req);
  const event = await managedEvent(db, user, (await ctx.params).slug);
  const list = await sentAnnouncements(db, event.id);
  return Response.json({ announcements: list.map(sentAnnouncementJson) }, { headers: NO_STORE });
});

export const POST = handle(async (req: Request, ctx: Ctx) => {
  const user = await requireUser(req);
  assertSameOrigin(req);
  const event = await managedEvent(db, user, (await ctx.params).slug);
  const input = await readJson(req, announcementInput);
  if (input.preview) {
    return Response.json({ preview: await previewAnnouncement(db, event, input, env().APP_URL) }, { headers: NO_STORE });
  }
  const sent = await sendAnnouncement(db, user.id, event, input);
  const { fingerprint: _fingerprint, ...announcement } = sent.announcement;
  return Response.json(
    { announcement, recipients: sent.recipients, alreadySent: sent.alreadySent },
    { status: sent.alreadySent ? 200 : 201, headers: NO_STORE },
  );
});
