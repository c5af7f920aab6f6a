// The sandbox's scenario page: the switches that make the test gateway have a bad day, for a person trying
// the app. Plain HTML, no script: a form that POSTs to itself.
import { escapeHtml } from "@/lib/http/html";
import { REFUND_STATUS_REMARKS, REFUND_STATUS_SHAPES, STATUS_MODES, type Switches } from "./switches";

const radio = (name: string, value: string, label: string, checked: boolean) =>
  `<label><input type="radio" name="${name}" value="${escapeHtml(value)}"${checked ? " checked" : ""}> ${escapeHtml(label)}</label>`;

export function scenariosPage(sw: Switches): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>AtomPay SANDBOX scenarios</title>
<style>
  body{font-family:system-ui,sans-serif;margin:0 auto;max-width:44rem;padding:16px;color:#0f172a}
  fieldset{border:1px solid #cbd5e1;border-radius:8px;margin:0 0 12px;padding:8px 12px}
  legend{font-weight:600} label{display:block;padding:4px 0}
  input[type=number],input[type=text]{padding:4px;font:inherit}
  button{min-height:40px;padding:0 16px;border:0;border-radius:8px;font-weight:700;background:#1d4ed8;color:#fff}
  button:focus-visible,input:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
</style></head>
<body>
<h1>AtomPay sandbox: scenarios</h1>
<p>These switches change how the test gateway's server-to-server APIs behave, for every payment. The outcome of
one payment (pending for days, reversed later, an OTS06xx failure) is chosen on its payment page.
The same switches are set by <code>POST /sandbox/atompay/scenarios</code> with a JSON object.</p>
<form method="post">
<fieldset><legend>Status API</legend>
${Object.entries(STATUS_MODES)
  .map(([k, v]) => radio("status", k, v, sw.status === k))
  .join("\n")}
<label>Delay for "slow" (ms) <input type="number" name="statusDelayMs" min="0" max="60000" value="${sw.statusDelayMs}"></label>
<label>Code for "answers the status code" <input type="text" name="statusCode" pattern="OTS[0-9]{4}" value="${escapeHtml(sw.statusCode)}"></label>
</fieldset>
<fieldset><legend>Server-to-server callback</legend>
${radio("callbackHeaders", "plain", "Plain headers", sw.callbackHeaders === "plain")}
${radio("callbackHeaders", "java", "Java's default headers (Accept: text/html, …)", sw.callbackHeaders === "java")}
${radio("foreignCallback", "off", "Only about this app's own payments", sw.foreignCallback === "off")}
${radio("foreignCallback", "on", "Also one about a transaction on the same merchant id that the app never started (a payment link, another system): genuine, must be answered OK", sw.foreignCallback === "on")}
<label>Delay for a late callback (ms) <input type="number" name="lateCallbackMs" min="0" max="600000" value="${sw.lateCallbackMs}"></label>
</fieldset>
<fieldset><legend>Refund API</legend>
${radio("refundAnswer", "normal", "Answers normally", sw.refundAnswer === "normal")}
${radio("refundAnswer", "lost", "Makes the refund, but its answer is lost (HTTP 504)", sw.refundAnswer === "lost")}
${radio("refundAnswer", "ots0001", "Makes the refund, but answers OTS0001 with no per-product status", sw.refundAnswer === "ots0001")}
</fieldset>
<fieldset><legend>Refund status API (REFUNDSTATUS): shape</legend>
${Object.entries(REFUND_STATUS_SHAPES)
  .map(([k, v]) => radio("refundStatusShape", k, v, sw.refundStatusShape === k))
  .join("\n")}
</fieldset>
<fieldset><legend>Refund status API: the remarks on every refund it lists</legend>
${Object.entries(REFUND_STATUS_REMARKS)
  .map(([k, v]) => radio("refundStatusRemarks", k, `${k}: ${v}`, sw.refundStatusRemarks === k))
  .join("\n")}
</fieldset>
<button type="submit">Save</button>
</form>
<form method="post"><input type="hidden" name="reset" value="true"><p><button type="submit">Back to normal</button></p></form>
</body></html>`;
}
