// The payment page's Cancel / Escape: allowed only while the bank has not completed the payment.
import { z } from "zod";
import { db } from "@/db/client";
import { readJson } from "@/lib/errors";
import { SandboxError, sandboxCancel } from "@/lib/sandbox/gateway";
import { sandboxRoute } from "@/lib/sandbox/http";

const cancelSchema = z.object({ atomTokenId: z.string().regex(/^\d{1,20}$/) });

export const POST = sandboxRoute(async (req) => {
  const { atomTokenId } = await readJson(req, cancelSchema);
  try {
    await sandboxCancel(db, atomTokenId);
    return Response.json({ cancelled: true });
  } catch (error) {
    if (error instanceof SandboxError) return Response.json({ error: error.message }, { status: error.status });
    throw error;
  }
});
