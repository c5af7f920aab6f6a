// The sandbox's atomcheckout.js: the same constructor contract as the real script
// (`new AtomPaynetz({ atomTokenId, merchId, custEmail, custMobile, returnUrl }, "uat" | "prod")`, all five
// options mandatory), opening the sandbox's payment page in an overlay over the merchant's page. The page
// talks back with window.postMessage ("cancelTransaction", "sessionTimeout") like the real one. With the mobile
// kits' option userAgent: "mobile_webView" the page replaces the merchant's page and posts every ending to returnUrl.
export function checkoutScript(sandboxOrigin: string): string {
  return `/* AtomPay SANDBOX checkout: a local test gateway, no real money moves. */
(function () {
  "use strict";
  var GATEWAY = ${JSON.stringify(sandboxOrigin)};
  var REQUIRED = ["atomTokenId", "merchId", "custEmail", "custMobile", "returnUrl"];
  function AtomPaynetz(options, env) {
    if (!(this instanceof AtomPaynetz)) return new AtomPaynetz(options, env);
    options = options || {};
    for (var i = 0; i < REQUIRED.length; i++) {
      var k = REQUIRED[i];
      if (options[k] === undefined || options[k] === null || String(options[k]) === "") {
        throw new Error("AtomPaynetz: option '" + k + "' is mandatory");
      }
    }
    if (env !== "uat" && env !== "prod") throw new Error("AtomPaynetz: environment must be 'uat' or 'prod'");
    var mobile = options.userAgent !== undefined && options.userAgent !== null && options.userAgent !== "";
    if (mobile && options.userAgent !== "mobile_webView") throw new Error("AtomPaynetz: userAgent must be 'mobile_webView'");
    var q = new URLSearchParams({
      atomTokenId: String(options.atomTokenId),
      merchId: String(options.merchId),
      custEmail: String(options.custEmail),
      custMobile: String(options.custMobile),
      returnUrl: String(options.returnUrl),
      env: env
    });
    // The mobile kits' in-app browser: the payment page becomes the whole page and ends by posting to returnUrl.
    if (mobile) {
      q.set("userAgent", "mobile_webView");
      window.location.assign(GATEWAY + "/sandbox/atompay/pay?" + q.toString());
      return;
    }
    var old = document.getElementById("atompay-sandbox-overlay");
    if (old) old.remove();
    var overlay = document.createElement("div");
    overlay.id = "atompay-sandbox-overlay";
    overlay.setAttribute("role", "dialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-label", "AtomPay sandbox checkout");
    overlay.setAttribute("style", "position:fixed;inset:0;z-index:2147483647;background:rgba(15,23,42,.6);" +
      "display:flex;align-items:center;justify-content:center;padding:12px");
    var frame = document.createElement("iframe");
    frame.src = GATEWAY + "/sandbox/atompay/pay?" + q.toString();
    frame.title = "AtomPay sandbox checkout";
    frame.setAttribute("style", "width:100%;max-width:480px;height:100%;max-height:720px;border:0;border-radius:12px;" +
      "background:#fff;box-shadow:0 20px 50px rgba(0,0,0,.4)");
    overlay.appendChild(frame);
    document.body.appendChild(overlay);
    var opener = document.activeElement;
    frame.focus();
    // Focus moves into the payment window and stays there while it is open.
    function keepFocus(ev) {
      if (!overlay.contains(ev.target)) frame.focus();
    }
    document.addEventListener("focusin", keepFocus);
    function close() {
      window.removeEventListener("message", onMessage);
      document.removeEventListener("focusin", keepFocus);
      overlay.remove();
      if (opener && opener.focus) opener.focus();
    }
    function onMessage(ev) {
      if (ev.origin !== GATEWAY) return;
      // "sandboxClose": the window closes with no verdict, like a browser tab closed mid-payment.
      if (ev.data === "cancelTransaction" || ev.data === "sessionTimeout" || ev.data === "sandboxClose" || (ev.data && ev.data.ndpsResponse)) close();
    }
    window.addEventListener("message", onMessage);
    this.close = close;
  }
  window.AtomPaynetz = AtomPaynetz;
})();
`;
}
