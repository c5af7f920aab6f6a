// The tester picked an outcome: the "bank" decides, and the signed return message comes back for the browser
// to POST to the merchant's returnUrl.
import { db } from "@/db/client";
import { env } from "@/lib/env";
import { readJson } from "@/lib/errors";
import { SandboxError, completeSchema, sandboxComplete } from "@/lib/sandbox/gateway";
import { sandboxRoute } from "@/lib/sandbox/http";

export const POST = sandboxRoute(async (req) => {
  const input = await readJson(req, completeSchema);
  try {
    const { form, merchTxnId } = await sandboxComplete(db, env().atompay, input);
    return Response.json({ form, merchTxnId, returnUrl: `${env().APP_URL}/api/response`, encData: form?.encData, merchId: form?.merchId });
  } catch (error) {
    if (error instanceof SandboxError) return Response.json({ error: error.message }, { status: error.status });
    throw error;
  }
});
