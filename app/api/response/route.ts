// The gateway's return: the browser's cross-site POST. It always answers a person, with a page or a redirect;
// the gateway's server-to-server callback has its own URL (app/api/atompay/callback), so nothing here guesses
// "browser or server?" from headers. Never uses the session: the message authenticates itself by its
// signature and is bound to the attempt by merchTxnId.

import { env } from "@/lib/env";
import { ApiError, isDatabaseUnavailable, logError, readBodyText } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { plainPage } from "@/lib/http/plain-page";
import { log } from "@/lib/log";
import { appPaymentDeps } from "@/lib/payments/deps";
import { receiveGatewayMessage } from "@/lib/payments/receive";

const REJECTIONS = {
  missing: "This request carries no payment result.",
  undecryptable: "This payment result could not be read. It did not come from the payment gateway.",
  "bad-signature": "This payment result failed its signature check. It did not come from the payment gateway, and nothing was recorded.",
  "wrong-merchant": "This payment result is genuine, but for another merchant: nothing was recorded against a registration here.",
  "unknown-attempt": "This payment result is genuine, but not for a payment started on this site: nothing was changed here.",
} as const;

export async function POST(req: Request): Promise<Response> {
  const deps = appPaymentDeps();
  try {
    const type = req.headers.get("content-type") ?? "";
    if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
      return plainPage(415, "Unsupported request", "Send the gateway's result as an application/x-www-form-urlencoded form.");
    }
    // Anyone can post here, and a whole campus may share one address: the (capped) body is verified first, and only
    // posts that cannot be verified count against the address; past the limit those are dropped unrecorded, while
    // a genuine result from the same address is still taken.
    const form = new URLSearchParams(await readBodyText(req, 64 * 1024));
    if (form.getAll("encData").length > 1) return plainPage(400, "Bad request", "The payment result is malformed.");
    const outcome = await receiveGatewayMessage(deps, { encData: form.get("encData"), merchId: form.get("merchId") }, "return", {
      client: clientAddress(req),
    });
    // The checkout page adds the origin its postMessage came from (no source says which host NDPS posts from).
    const via = form.get("messageOrigin");
    if (via) log.info({ origin: via.slice(0, 100), outcome: outcome.kind }, "checkout result handed over by postMessage");
    const base = env().APP_URL;
    if (outcome.kind === "refused") {
      return plainPage(
        429,
        "Too many requests",
        "Too many payment results from your network could not be accepted. Please try again later.",
        { "Retry-After": String(outcome.retryAfterSeconds) },
      );
    }
    if (outcome.kind === "settled") {
      return new Response(null, { status: 303, headers: { Location: `${base}/payments/${encodeURIComponent(outcome.merchTxnId)}` } });
    }
    if (outcome.kind === "ended") {
      return new Response(null, { status: 303, headers: { Location: `${base}/checkout/ended?reason=${outcome.reason}` } });
    }
    return plainPage(
      outcome.httpStatus,
      outcome.verified ? "Payment not made here" : "Payment result not accepted",
      REJECTIONS[outcome.reason],
    );
  } catch (error) {
    if (error instanceof ApiError) return plainPage(error.status, "Bad request", error.message);
    if (isDatabaseUnavailable(error)) {
      logError(error, { path: "/api/response" });
      return plainPage(
        503,
        "Please try again",
        "We could not record this payment result just now. Your payment is safe: we will confirm it with the bank shortly.",
        { "Retry-After": "5" },
      );
    }
    logError(error, { path: "/api/response" });
    return plainPage(
      500,
      "Something went wrong",
      "We could not record this payment result. Your payment is safe: we will confirm it with the bank shortly.",
    );
  }
}
