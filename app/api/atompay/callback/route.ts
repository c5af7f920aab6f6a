// The gateway's server-to-server callback (register APP_URL/api/atompay/callback with NDPS). It answers the
// gateway's client, never a person: 200 with body "OK" once the message is recorded (a duplicate included),
// 400 for a message that cannot be verified or is not ours, 503 while the database is down (the gateway
// retries). No session: the message authenticates itself by its signature and is bound by merchTxnId.
import { ApiError, isDatabaseUnavailable, logError, readBodyText } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { appPaymentDeps } from "@/lib/payments/deps";
import { countRejectedGatewayPost, gatewayPostRefusal } from "@/lib/payments/gateway-log";
import { receiveGatewayMessage } from "@/lib/payments/receive";

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers } });

export async function POST(req: Request): Promise<Response> {
  const deps = appPaymentDeps();
  const client = clientAddress(req);
  // As on the browser's return: an address whose posts keep being rejected is refused before its body is read.
  const wait = gatewayPostRefusal(deps.db, client);
  if (wait) return text(429, "TOO MANY REJECTED MESSAGES", { "Retry-After": String(wait) });
  try {
    const form = new URLSearchParams(await readBodyText(req, 64 * 1024));
    if (form.getAll("encData").length > 1) return text(400, "MALFORMED");
    const outcome = await receiveGatewayMessage(deps, { encData: form.get("encData"), merchId: form.get("merchId") }, "callback");
    if (outcome.kind === "settled" || outcome.kind === "ended") return text(200, "OK");
    await countRejectedGatewayPost(deps.db, client);
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
