// GET: the viewer's own certificate for the registration (lib/certificates/certificate.ts): a PDF, or with
// Accept: application/json {"code","verifyUrl","kind","place","event"}. 404 unless they hold the registration; 409
// before the event starts or when they were not checked in.
import { db } from "@/db/client";
import { requireUser } from "@/lib/auth/require-user";
import { certificateResponse } from "@/lib/certificates/api";
import { certificateForHolder } from "@/lib/certificates/certificate";
import { handle } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = handle(async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(req);
  const { id } = await params;
  return certificateResponse(req, await certificateForHolder(db, id, user.id));
});
