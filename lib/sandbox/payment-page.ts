// The sandbox's payment page (shown inside the checkout overlay). Plain HTML, no framework: it is the
// gateway's page, not ours. It says plainly that it is a test gateway.
import { formatAmount } from "@/lib/atompay";
import { escapeHtml } from "@/lib/http/html";
import { MODES, OUTCOMES } from "./gateway";


export interface PaymentPageData {
  atomTokenId: string;
  merchId: string;
  merchTxnId: string;
  amountPaise: number;
  custEmail: string;
  custMobile: string;
  returnUrl: string;
  used: boolean;
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
      .map(([k, v], i) => `<label><input type="radio" name="outcome" value="${k}"${i === 0 ? " checked" : ""}> ${escapeHtml(v.label)}</label>`)
      .join("\n    ")}
  </fieldset>
  <fieldset><legend>Server-to-server callback</legend>
    <label><input type="radio" name="callback" value="none" checked> Don't send</label>
    <label><input type="radio" name="callback" value="once"> Send once</label>
    <label><input type="radio" name="callback" value="twice"> Send it three times at once (duplicates)</label>
    <label><input type="radio" name="callback" value="late"> Send 5 seconds late</label>
  </fieldset>
  <button type="submit" id="submit">Pay ₹${escapeHtml(formatAmount(d.amountPaise))}</button>
  <button type="button" id="cancel" class="secondary">Cancel payment</button>
  <p id="msg" role="status" aria-live="polite"></p>
</form>
<script type="application/json" id="data">${JSON.stringify({ atomTokenId: d.atomTokenId, returnUrl: d.returnUrl }).replace(/</g, "\\u003c")}</script>`;

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>AtomPay SANDBOX checkout</title>
<style>
  body{font-family:system-ui,sans-serif;margin:0;color:#0f172a;background:#fff}
  header{background:repeating-linear-gradient(45deg,#facc15,#facc15 12px,#1e293b 12px,#1e293b 24px);padding:6px}
  header div{background:#1e293b;color:#facc15;font-weight:800;text-align:center;padding:8px;letter-spacing:.04em}
  main{padding:16px 20px}
  h1{font-size:18px;margin:0 0 12px}
  dl{display:grid;grid-template-columns:7rem 1fr;gap:4px 8px;margin:0 0 12px;font-size:14px}
  dt{color:#475569} dd{margin:0} .mono{font-family:monospace} .amount{font-weight:800;font-size:20px}
  fieldset{border:1px solid #cbd5e1;border-radius:8px;margin:0 0 12px;padding:8px 12px}
  legend{font-weight:600;font-size:14px} label{display:block;padding:6px 0;font-size:14px;cursor:pointer}
  button{display:block;width:100%;min-height:44px;border:0;border-radius:8px;font-weight:700;font-size:15px;margin-top:8px;cursor:pointer;background:#1d4ed8;color:#fff}
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
  var cancel = document.getElementById("cancel");
  if (cancel) cancel.addEventListener("click", function(){ parent.postMessage("cancelTransaction", "*"); });
  setTimeout(function(){ parent.postMessage("sessionTimeout", "*"); }, 10 * 60 * 1000);
  var form = document.getElementById("pay");
  if (!form) return;
  var data = JSON.parse(document.getElementById("data").textContent);
  var msg = document.getElementById("msg");
  form.addEventListener("submit", function(ev){
    ev.preventDefault();
    var submit = document.getElementById("submit");
    submit.disabled = true; msg.textContent = "Processing…";
    var fd = new FormData(form);
    fetch("/sandbox/atompay/pay/complete", { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ atomTokenId: data.atomTokenId, outcome: fd.get("outcome"), mode: fd.get("mode"), callback: fd.get("callback") }) })
      .then(function(r){ return r.json().then(function(j){ return { ok: r.ok, j: j }; }); })
      .then(function(res){
        if (!res.ok) { msg.textContent = res.j.error || "The sandbox could not complete this payment."; submit.disabled = false; return; }
        if (!res.j.form) { msg.textContent = "The bank has taken the payment, but this window closed before returning to the merchant. The merchant will learn of it from the status API."; return; }
        // Like the real gateway: the browser POSTs the encrypted, signed result to the merchant's returnUrl.
        var f = document.createElement("form");
        f.method = "POST"; f.action = data.returnUrl; f.target = "_top";
        ["encData", "merchId"].forEach(function(k){ var i = document.createElement("input"); i.type = "hidden"; i.name = k; i.value = res.j.form[k]; f.appendChild(i); });
        document.body.appendChild(f); f.submit();
      })
      .catch(function(){ msg.textContent = "The sandbox could not be reached."; submit.disabled = false; });
  });
})();
</script>
</body></html>`;
}
