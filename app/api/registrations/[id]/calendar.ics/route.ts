// GET /api/registrations/{id}/calendar.ics: "add to calendar" for a paid registration (lib/calendar/registration.ts):
// its holder (the solo entrant or any team member) and organisers; 404 for anyone else, 409 while not paid.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { registrationCalendar } from "@/lib/calendar/registration";
import { env } from "@/lib/env";
import { handle } from "@/lib/errors";

export const GET = handle(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(req);
  const { id } = await ctx.params;
  const ics = await registrationCalendar(db, id, user, env().APP_URL);
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8; method=PUBLISH",
      "Content-Disposition": `attachment; filename="anwesha-${id.slice(0, 8)}.ics"`,
      "Cache-Control": "private, no-store",
    },
  });
});
