// GET: the viewer's own entry pass for the registration (the solo entrant's; for a team, the member's own, which
// admits them only): {"token","qrSvg","event","holder"}, and for the team's captain the team's roster as "team"
// ({"name","roster"}: the members enter on their own passes).
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { passForViewer } from "@/lib/passes/pass";

export const GET = handle(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(req);
  const { id } = await params;
  const pass = await passForViewer(db, id, user.id);
  return Response.json(
    {
      registrationId: pass.registrationId,
      token: pass.token,
      qrSvg: pass.qrSvg,
      event: pass.event,
      holder: pass.holder,
      ...(pass.teamView ? { team: pass.teamView } : {}),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
});
