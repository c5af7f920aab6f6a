// "Add to calendar" for a paid registration: one calendar entry per entry pass, for the receipt mail's attachment
// and GET /api/registrations/{id}/calendar.ics. Who may download it is the pass's rule plus organisers
// (lib/registrations/holders.ts registrationVisibleTo); anyone else gets "not found", so ids cannot be probed.
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { paymentItems, payments, registrations } from "@/db/schema";
import { conflict, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { passesOfRegistrations } from "@/lib/passes/pass";
import { registrationVisibleTo, type Viewer } from "@/lib/registrations/holders";
import { calendarFile } from "./ics";
import { passCalendarEntry, passPageUrl } from "./pass-entry";

/** GET /api/registrations/{id}/calendar.ics: 404 unless the viewer may see it, 409 unless it is paid and has a time. */
export async function registrationCalendar(db: Db, registrationId: string, viewer: Viewer, appUrl: string): Promise<string> {
  if (!isUuid(registrationId)) throw notFound("No such registration.");
  const [r] = await db
    .select({ id: registrations.id, status: registrations.status })
    .from(registrations)
    .where(and(eq(registrations.id, registrationId), registrationVisibleTo(viewer)))
    .limit(1);
  if (!r) throw notFound("No such registration.");
  const [pass] = await passesOfRegistrations(db, [r.id], viewer);
  if (!pass) throw conflict("This registration is not paid, so there is nothing to add to a calendar.");
  const [paidBy] = await db
    .select({ merchTxnId: payments.merchTxnId })
    .from(paymentItems)
    .innerJoin(payments, eq(payments.id, paymentItems.paymentId))
    .where(and(eq(paymentItems.registrationId, r.id), eq(paymentItems.status, "success")))
    .orderBy(desc(payments.settledAt))
    .limit(1);
  const entry = passCalendarEntry(pass, appUrl, paidBy ? passPageUrl(appUrl, paidBy.merchTxnId) : `${appUrl}/me`);
  if (!entry) throw conflict("The event's time has not been announced yet.");
  return calendarFile([entry]);
}
