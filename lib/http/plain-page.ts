// A minimal HTML answer for the few places a browser lands on a route handler (the gateway's return).
import { env } from "@/lib/env";
import { escapeHtml } from "@/lib/http/html";
import { strictTransportSecurity } from "@/lib/http/security-headers";

/** Shown on every page while the gateway is the sandbox (app/layout.tsx and here). */
export const SANDBOX_NOTICE = "SANDBOX: no real money. Payments here are simulated; nothing is charged.";

export function plainPage(status: number, title: string, message: string, headers: Record<string, string> = {}): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Anwesha Payments</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1c1917}
h1{font-size:1.5rem}a{color:#c2410c;font-weight:600}</style></head>
<body>${sandboxBanner()}<main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>
<p><a href="/me/payments">My payments</a> · <a href="/">Events</a></p></main></body></html>`;
  const hsts = strictTransportSecurity(env().APP_URL);
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      ...(hsts ? { "strict-transport-security": hsts } : {}),
      ...headers,
    },
  });
}

function sandboxBanner(): string {
  if (env().atompay.env !== "sandbox") return "";
  const style = "margin:0;padding:.5rem 1rem;background:#fcd34d;font-weight:700;text-align:center";
  return `<p role="note" data-testid="sandbox-banner" style="${style}">${SANDBOX_NOTICE}</p>`;
}
