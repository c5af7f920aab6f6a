// The gateway's server-to-server callback (NDPS sets it per merchant id: APP_URL/api/atompay/callback). It answers
// the gateway's client, never a person: 200 with body "OK" for every message that verifies, once it is recorded
// (a duplicate included, and one about a transaction this app never started: NDPS posts every transaction on the
// merchant id here; that one is kept in the gateway log and changes nothing); 400 for a message that cannot be
// verified, 429 once its address has sent too many of those (a verified message is never refused), 503 while the
// database is down (the gateway retries). No session: the message authenticates itself by its signature.
import { ApiError, isDatabaseUnavailable, logError, readBodyText } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { appPaymentDeps } from "@/lib/payments/deps";
import { receiveGatewayMessage } from "@/lib/payments/receive";

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers } });

export async function POST(req: Request): Promise<Response> {
  const deps = appPaymentDeps();
  try {
    // The body is capped (64 kB) and verifying it costs microseconds, so it is read and verified before any limit:
    // only posts that cannot be verified count against the address, and past the limit they are dropped unrecorded.
    const form = new URLSearchParams(await readBodyText(req, 64 * 1024));
    if (form.getAll("encData").length > 1) return text(400, "MALFORMED");
    const outcome = await receiveGatewayMessage(deps, { encData: form.get("encData"), merchId: form.get("merchId") }, "callback", {
      client: clientAddress(req),
    });
    if (outcome.kind === "refused") return text(429, "TOO MANY REJECTED MESSAGES", { "Retry-After": String(outcome.retryAfterSeconds) });
    if (outcome.kind === "settled" || outcome.kind === "ended" || outcome.verified) return text(200, "OK");
    return text(400, outcome.reason.toUpperCase());
  } catch (error) {
    if (error instanceof ApiError) return text(error.status >= 500 ? 400 : error.status, "BAD REQUEST");
    if (isDatabaseUnavailable(error)) {
      logError(error, { path: "/api/atompay/callback" });
      return text(503, "RETRY", { "Retry-After": "5" });
    }
    logError(error, { path: "/api/atompay/callback" });
    return text(503, "RETRY", { "Retry-After": "30" });
  }
}
