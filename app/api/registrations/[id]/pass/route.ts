// GET: the registration's entry pass, for its holder (the solo entrant or any team member): {"token","qrSvg"}.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { handle } from "@/lib/errors";
import { passForViewer } from "@/lib/passes/pass";

export const GET = handle(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(req);
  const { id } = await params;
  const pass = await passForViewer(db, id, user.id);
  return Response.json(
    { registrationId: pass.registrationId, token: pass.token, qrSvg: pass.qrSvg, event: pass.event, holder: pass.holder },
    { headers: { "Cache-Control": "no-store" } },
  );
});
