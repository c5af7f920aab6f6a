// GET: public verification of a certificate's code (any case, dashes optional): {"valid":true, holder, event, …}
// or {"valid":false,"reason"} (404), as the page /certificates/{code} says it.
import { db } from "@/db/client";
import { verificationJson } from "@/lib/certificates/api";
import { verifyCertificate } from "@/lib/certificates/certificate";
import { readCodeSegment } from "@/lib/certificates/code";
import { handle } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = handle(async (_req: Request, { params }: { params: Promise<{ code: string }> }) => {
  const { code } = await params;
  const v = await verifyCertificate(db, readCodeSegment(code));
  return Response.json(verificationJson(v), { status: v.valid ? 200 : 404, headers: { "Cache-Control": "no-store" } });
});
