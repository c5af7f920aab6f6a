// GET: every certificate of the event as one PDF (merit first, then by name), issuing codes not yet issued. 409
// before the event starts or while nobody is checked in. Organisers and the event's coordinators; audited
// (export.certificates) with the count.
import { db } from "@/db/client";
import { writeAudit } from "@/lib/audit";
import { requireUser } from "@/lib/auth/require-user";
import { eventCertificatesResponse } from "@/lib/certificates/api";
import { certificatesOfEvent } from "@/lib/certificates/certificate";
import { managedEvent } from "@/lib/coordinators/access";
import { conflict, handle } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = handle(async (req: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const user = await requireUser(req);
  const event = await managedEvent(db, user, (await ctx.params).slug);
  const list = await certificatesOfEvent(db, event);
  if (!list.length) throw conflict(`Nobody has been checked in at ${event.name} yet, so there are no certificates.`);
  await writeAudit(db, { actorId: user.id, action: "export.certificates", eventId: event.id, details: { certificates: list.length } });
  return eventCertificatesResponse(event.slug, list);
});
