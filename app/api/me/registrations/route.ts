// GET: every registration the signed-in person is part of (solo, and every team they are a member of).
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { registrationsOfUser } from "@/lib/registrations/registrations";

export const GET = handle(async (req: Request) => {
  const user = await requireUser(req);
  const registrations = (await registrationsOfUser(db, user.id)).map(
    ({ id, status, feePaise, price, code, owedPaise, event, team, payment }) => ({
      id,
      status,
      feePaise,
      price,
      code,
      owedPaise,
      event: { slug: event.slug, name: event.name, kind: event.kind },
      team,
      payment,
    }),
  );
  return Response.json({ registrations }, { headers: { "Cache-Control": "no-store" } });
});
