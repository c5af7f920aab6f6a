// The sandbox's payment page (shown inside the checkout overlay). Plain HTML, no framework: it is the
// gateway's page, not ours. It says plainly that it is a test gateway.
import { formatAmount } from "@/lib/atompay";
import { escapeHtml } from "@/lib/http/html";
import { MODES, OUTCOMES } from "./gateway";

/** The AtomPaynetz option value NDPS's mobile kits pass for in-app browsers. */
export const MOBILE_WEBVIEW = "mobile_webView";

export interface PaymentPageData {
  atomTokenId: string;
  merchId: string;
  merchTxnId: string;
  amountPaise: number;
  custEmail: string;
  custMobile: string;
  returnUrl: string;
  used: boolean;
  /**
   * The mobile kits' in-app browser mode (`userAgent: "mobile_webView"` in AtomPaynetz's options): the page is the
   * whole webview, not a frame, so every ending (cancel and timeout included) is a form POST to the returnUrl, as
   * NDPS's mobile return pages do (`encData=cancelTransaction`, `encData=sessionTimeout`).
   */
  mobile?: boolean;
}

export function paymentPage(d: PaymentPageData | { error: string }): string {
  const body =
    "error" in d
      ? `<p class="err" role="alert">${escapeHtml(d.error)}</p><button type="button" id="cancel">Back to the merchant</button>`
      : d.used
        ? `<p class="err" role="alert">This payment has already been completed.</p><button type="button" id="cancel">Back to the merchant</button>`
        : `<dl>
  <dt>Merchant</dt><dd>${escapeHtml(d.merchId)}</dd>
  <dt>Transaction</dt><dd class="mono">${escapeHtml(d.merchTxnId)}</dd>
  <dt>Customer</dt><dd>${escapeHtml(d.custEmail)} · ${escapeHtml(d.custMobile)}</dd>
  <dt>Amount</dt><dd class="amount">₹${escapeHtml(formatAmount(d.amountPaise))}</dd>
</dl>
<form id="pay">
  <fieldset><legend>Payment mode</legend>
    ${Object.entries(MODES)
      .map(([k, v], i) => `<label><input type="radio" name="mode" value="${k}"${i === 0 ? " checked" : ""}> ${escapeHtml(v)}</label>`)
      .join("\n    ")}
  </fieldset>
  <fieldset><legend>Outcome to simulate</legend>
    ${Object.entries(OUTCOMES)
      .map(
        ([k, v], i) => `<label><input type="radio" name="outcome" value="${k}"${i === 0 ? " checked" : ""}> ${escapeHtml(v.label)}</label>`,
      )
      .join("\n    ")}
  </fieldset>
  <fieldset><legend>Server-to-server callback</legend>
    <label><input type="radio" name="callback" value="none" checked> Don't send</label>
    <label><input type="radio" name="callback" value="once"> Send once</label>
    <label><input type="radio" name="callback" value="twice"> Send it three times at once (duplicates)</label>
    <label><input type="radio" name="callback" value="late"> Send it late (delay set on the scenarios page)</label>
  </fieldset>
  <fieldset><legend>Hand the result back by</legend>
    <label><input type="radio" name="delivery" value="post" checked> A form POST to the merchant's returnUrl</label>
    <label><input type="radio" name="delivery" value="message"> postMessage({ ndpsResponse }) to the merchant's page</label>
  </fieldset>
  <button type="submit" id="submit">Pay ₹${escapeHtml(formatAmount(d.amountPaise))}</button>
  <button type="button" id="cancel" class="secondary">Cancel payment</button>
  <p id="msg" role="status" aria-live="polite"></p>
  <p><a href="/sandbox/atompay/scenarios" target="_blank" rel="noopener">Scenario switches (status API down, slow…)</a></p>
</form>
<script type="application/json" id="data">${JSON.stringify({ atomTokenId: d.atomTokenId, returnUrl: d.returnUrl, merchId: d.merchId, mobile: d.mobile === true }).replace(/</g, "\\u003c")}</script>`;

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>AtomPay SANDBOX checkout</title>
<style>
  body{font-family:system-ui,sans-serif;margin:0;color:#0f172a;background:#fff}
  header{background:repeating-linear-gradient(45deg,#facc15,#facc15 12px,#1e293b 12px,#1e293b 24px);padding:6px}
  header div{background:#1e293b;color:#facc15;font-weight:800;text-align:center;padding:8px;letter-spacing:.04em}
  main{padding:16px 20px}
  h1{font-size:18px;margin:0 0 12px}
  dl{display:grid;grid-template-columns:7rem minmax(0,1fr);gap:4px 8px;margin:0 0 12px;font-size:14px}
  dt{color:#475569} dd{margin:0;overflow-wrap:anywhere} .mono{font-family:monospace} .amount{font-weight:800;font-size:20px}
  fieldset{border:1px solid #cbd5e1;border-radius:8px;margin:0 0 12px;padding:8px 12px}
  legend{font-weight:600;font-size:14px} label{display:block;padding:6px 0;font-size:14px;cursor:pointer}
  button{display:block;width:100%;min-height:44px;border:0;border-radius:8px;font-weight:700;font-size:15px;margin-top:8px;
    cursor:pointer;background:#1d4ed8;color:#fff}
  button.secondary,#cancel{background:#e2e8f0;color:#0f172a}
  button:focus-visible,input:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
  .err{color:#b91c1c;font-weight:600}
</style></head>
<body>
<header><div>SANDBOX · TEST GATEWAY · NO REAL MONEY</div></header>
<main>
<h1>AtomPay test checkout</h1>
${body}
</main>
<script>
(function(){
  var data = document.getElementById("data") ? JSON.parse(document.getElementById("data").textContent) : null;
  var msg = document.getElementById("msg");
  var form = document.getElementById("pay");
  var done = false;
  function say(text){ if (msg) msg.textContent = text; else alert(text); }
  function post(fields){
    var f = document.createElement("form");
    f.method = "POST"; f.action = data.returnUrl; f.target = "_top";
    ["encData", "merchId"].forEach(function(k){
      var i = document.createElement("input"); i.type = "hidden"; i.name = k; i.value = fields[k]; f.appendChild(i);
    });
    document.body.appendChild(f); f.submit();
  }
  // The parent removes this window when told; told from inside the click or key that asked, it would tear the frame
  // down while the browser is still delivering that input to it (a test driver waiting for the input to be taken then
  // waits forever). Told a moment later, the input has been taken.
  function tellParent(message){ setTimeout(function(){ parent.postMessage(message, "*"); }, 0); }
  // In a mobile in-app browser the page is the whole webview: it leaves by posting the word to the returnUrl.
  function leave(message){
    done = true;
    if (data && data.mobile) { post({ encData: message, merchId: data.merchId }); return; }
    tellParent(message);
  }
  // "Close" without a verdict: the window just goes away, as when the attendee closes the browser.
  function closeWindow(){ done = true; tellParent("sandboxClose"); }
  function showClose(text){
    var main = document.querySelector("main");
    main.innerHTML = "";
    var p = document.createElement("p"); p.setAttribute("role", "status"); p.textContent = text;
    var b = document.createElement("button"); b.type = "button"; b.textContent = "Close this window"; b.addEventListener("click", closeWindow);
    main.appendChild(p); main.appendChild(b); b.focus();
  }
  function complete(outcome, extra){
    var fd = form ? new FormData(form) : null;
    return fetch("/sandbox/atompay/pay/complete", { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify(Object.assign({ atomTokenId: data.atomTokenId, outcome: outcome, mode: fd ? fd.get("mode") : "NB" }, extra || {})) })
      .then(function(r){ return r.json().then(function(j){ return { ok: r.ok, status: r.status, j: j }; }); });
  }
  // Cancel means cancelled: the sandbox is asked first, and a payment the bank already completed cannot be
  // cancelled any more (telling the merchant "cancelled" then would be a lie that later settles as paid).
  function cancel(){
    if (done) return;
    if (!data || !form) { leave("cancelTransaction"); return; }
    done = true;
    var body = JSON.stringify({ atomTokenId: data.atomTokenId });
    fetch("/sandbox/atompay/pay/cancel", { method: "POST", headers: { "content-type": "application/json" }, body: body })
      .then(function(r){ return r.json().then(function(j){ return { ok: r.ok, status: r.status, j: j }; }); })
      .then(function(res){
      if (res.ok) { leave("cancelTransaction"); return; }
      if (res.status === 409) {
        showClose("This payment was already completed at the bank, so it can no longer be cancelled. The merchant will confirm it.");
        return;
      }
      done = false; say(res.j.error || "The sandbox could not cancel this payment.");
    }).catch(function(){ done = false; say("The sandbox could not be reached."); });
  }
  var cancelButton = document.getElementById("cancel");
  if (cancelButton) cancelButton.addEventListener("click", cancel);
  // Keyboard: focus starts inside the window and stays inside it; Escape cancels.
  document.addEventListener("keydown", function(ev){
    if (ev.key === "Escape") { ev.preventDefault(); cancel(); return; }
    if (ev.key !== "Tab") return;
    var all = Array.prototype.filter.call(document.querySelectorAll("input, button, a[href]"), function(el){
      return !el.disabled && el.offsetParent !== null;
    });
    if (all.length === 0) return;
    var first = all[0], last = all[all.length - 1];
    if (ev.shiftKey && document.activeElement === first) { ev.preventDefault(); last.focus(); }
    else if (!ev.shiftKey && document.activeElement === last) { ev.preventDefault(); first.focus(); }
  });
  var firstControl = document.querySelector("input:checked, input, button");
  if (firstControl) firstControl.focus();
  setTimeout(function(){ if (!done) leave("sessionTimeout"); }, 10 * 60 * 1000);
  if (!form) return;
  form.addEventListener("submit", function(ev){
    ev.preventDefault();
    if (done) return;
    done = true; // no Cancel while the bank is processing
    var submit = document.getElementById("submit");
    submit.disabled = true; say("Processing…");
    var fd = new FormData(form);
    complete(fd.get("outcome"), { callback: fd.get("callback"), delivery: fd.get("delivery") })
      .then(function(res){
        if (!res.ok) { done = false; say(res.j.error || "The sandbox could not complete this payment."); submit.disabled = false; return; }
        if (!res.j.form) {
          showClose("The bank has taken the payment, but this window closed before returning to the merchant. " +
            "The merchant will learn of it from the status API.");
          return;
        }
        if (res.j.delivery === "message" && !data.mobile) { parent.postMessage({ ndpsResponse: { merchId: res.j.form.merchId, encData: res.j.form.encData } }, "*"); return; }
        // Like the real gateway: the browser POSTs the encrypted, signed result to the merchant's returnUrl.
        post(res.j.form);
      })
      .catch(function(){ done = false; say("The sandbox could not be reached."); submit.disabled = false; });
  });
})();
</script>
</body></html>`;
}
