// The sandbox's payment page, opened by atomcheckout.js in an overlay (or as the whole page in a mobile in-app
// browser: userAgent=mobile_webView).
import { db } from "@/db/client";
import { env } from "@/lib/env";
import { findToken } from "@/lib/sandbox/gateway";
import { sandboxRoute } from "@/lib/sandbox/http";
import { MOBILE_WEBVIEW, paymentPage } from "@/lib/sandbox/payment-page";

export const GET = sandboxRoute(async (req) => {
  const q = new URL(req.url).searchParams;
  const atomTokenId = q.get("atomTokenId") ?? "";
  const returnUrl = q.get("returnUrl") ?? "";
  // The Flutter, iOS and React Native kits pass userAgent: "mobile_webView" to AtomPaynetz for in-app browsers.
  const userAgent = q.get("userAgent");
  const txn = await findToken(db, atomTokenId);
  let html: string;
  let status = 200;
  if (!txn || q.get("merchId") !== txn.merchId) {
    html = paymentPage({ error: "This payment link is not valid. Go back to the merchant and start again." });
    status = 404;
  } else if (!/^https?:\/\//.test(returnUrl)) {
    html = paymentPage({ error: "The merchant did not give a valid returnUrl." });
    status = 400;
  } else if (userAgent !== null && userAgent !== MOBILE_WEBVIEW) {
    html = paymentPage({ error: `Unknown userAgent option (the mobile kits send "${MOBILE_WEBVIEW}").` });
    status = 400;
  } else {
    html = paymentPage({ ...txn, returnUrl, used: txn.completedAt !== null, mobile: userAgent === MOBILE_WEBVIEW });
  }
  const appOrigin = new URL(env().APP_URL).origin;
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy":
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; form-action *; " +
        `frame-ancestors 'self' ${appOrigin}`,
    },
  });
});
