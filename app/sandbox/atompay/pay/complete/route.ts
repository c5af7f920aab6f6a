// The tester picked an outcome: the "bank" decides, and the signed return message comes back for the browser
// to POST to the merchant's returnUrl. Optionally the sandbox also sends the result server to server to the
// merchant's callback URL (APP_URL/api/response), once, twice, or late, as the real gateway may.
import { db } from "@/db/client";
import { env } from "@/lib/env";
import { readJson } from "@/lib/errors";
import { log } from "@/lib/log";
import { SandboxError, completeSchema, sandboxComplete } from "@/lib/sandbox/gateway";
import { sandboxRoute } from "@/lib/sandbox/http";

async function sendCallback(url: string, form: { encData: string; merchId: string }) {
  try {
    await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form) });
  } catch {
    log.warn("sandbox: callback could not be delivered");
  }
}

export const POST = sandboxRoute(async (req) => {
  const input = await readJson(req, completeSchema);
  try {
    const { form, callbackForm, merchTxnId } = await sandboxComplete(db, env().atompay, input);
    const callbackUrl = `${env().APP_URL}/api/response`;
    if (input.callback === "once" || input.callback === "twice") await sendCallback(callbackUrl, callbackForm);
    if (input.callback === "twice") await Promise.all([sendCallback(callbackUrl, callbackForm), sendCallback(callbackUrl, callbackForm)]);
    if (input.callback === "late") setTimeout(() => void sendCallback(callbackUrl, callbackForm), 5_000).unref();
    return Response.json({ form, merchTxnId, returnUrl: `${env().APP_URL}/api/response`, encData: form?.encData, merchId: form?.merchId });
  } catch (error) {
    if (error instanceof SandboxError) return Response.json({ error: error.message }, { status: error.status });
    throw error;
  }
});
