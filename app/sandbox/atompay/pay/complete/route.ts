// The tester picked an outcome: the "bank" decides, and the signed return message comes back for the browser
// to POST to the merchant's returnUrl (or hand over by postMessage). Optionally the sandbox also sends the
// result server to server to the merchant's callback URL (APP_URL/api/atompay/callback), once, three times at
// once, or late, with plain or Java-client headers, as the real gateway may; with the "foreignCallback" switch,
// each is joined by a genuine callback about a transaction on the same merchant id that the app never started.
import { db } from "@/db/client";
import { env } from "@/lib/env";
import { readJson } from "@/lib/errors";
import { sendCallback } from "@/lib/sandbox/callback";
import { completeSchema, foreignCallbackForm, SandboxError, sandboxComplete } from "@/lib/sandbox/gateway";
import { sandboxRoute } from "@/lib/sandbox/http";
import { readSwitches } from "@/lib/sandbox/switches";

export const POST = sandboxRoute(async (req) => {
  const input = await readJson(req, completeSchema);
  try {
    const { form, callbackForm, merchTxnId } = await sandboxComplete(db, env().atompay, input);
    const sw = await readSwitches(db);
    const callbackUrl = `${env().APP_URL}/api/atompay/callback`;
    const send = async () => {
      const status = await sendCallback(callbackUrl, callbackForm, sw.callbackHeaders);
      if (sw.foreignCallback === "on") await sendCallback(callbackUrl, foreignCallbackForm(env().atompay), sw.callbackHeaders);
      return status;
    };
    if (input.callback === "once") await send();
    if (input.callback === "twice") await Promise.all([send(), send(), send()]);
    if (input.callback === "late") setTimeout(() => void send(), sw.lateCallbackMs).unref();
    return Response.json({
      form,
      delivery: input.delivery,
      merchTxnId,
      returnUrl: `${env().APP_URL}/api/response`,
      encData: form?.encData,
      merchId: form?.merchId,
    });
  } catch (error) {
    if (error instanceof SandboxError) return Response.json({ error: error.message }, { status: error.status });
    throw error;
  }
});
