// Content-Security-Policy for our pages: scripts only from us (by nonce) and the configured gateway's
// checkout script; frames only from the gateway; nobody may frame us. The sandbox's own pages (served under
// /sandbox, framed by us) set their own policy.
import type { AtomPayConfig } from "@/lib/atompay";

export function gatewayOrigins(config: Pick<AtomPayConfig, "env" | "checkoutScriptUrl">): string[] {
  const origins = new Set<string>([new URL(config.checkoutScriptUrl).origin]);
  // The real checkout script opens its payment pages on NDPS's own hosts.
  if (config.env !== "sandbox") origins.add("https://*.atomtech.in");
  return [...origins];
}

export function contentSecurityPolicy(nonce: string, gateway: string[], dev: boolean): string {
  const g = gateway.join(" ");
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' ${g}${dev ? " 'unsafe-eval'" : ""}`,
    // The checkout script styles its overlay inline; Tailwind's output is a stylesheet.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: ${g}`,
    "font-src 'self'",
    `connect-src 'self' ${g}${dev ? " ws: wss:" : ""}`,
    `frame-src ${g}`,
    // The check-in page's service worker (/checkin-sw.js), so the door works after a reload with no network.
    "worker-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

/**
 * Headers for every response (see next.config.ts). They do not depend on settings: next.config's headers()
 * are fixed when the app is built, so anything that follows the running settings (HSTS) is set per request.
 */
export function baselineHeaders(): { key: string; value: string }[] {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    // camera=(self): the check-in page (/checkin) reads passes with the camera. Its policy must be on every page,
    // because a page reached by client-side navigation keeps the policy of the document it started from. Only our
    // own pages may ask (never the gateway's frame), and the browser still asks the person.
    { key: "Permissions-Policy", value: "camera=(self), microphone=(), geolocation=(), interest-cohort=()" },
  ];
}

/** HSTS when the running server's public URL is https (proxy.ts for pages, plainPage for the gateway's return). */
export function strictTransportSecurity(appUrl: string): string | null {
  return appUrl.startsWith("https://") ? "max-age=63072000; includeSubDomains" : null;
}
