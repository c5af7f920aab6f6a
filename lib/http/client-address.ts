// The ONE place that says which address a request came from. The request gate (lib/http/request-gate.ts)
// resolved it from the socket and TRUST_PROXY_HOPS before Next.js saw the request; this reads its stamp.
// Nothing else may read X-Forwarded-For, X-Real-IP or the socket.
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { stampedClient } from "./request-gate";

let warned = false;

/**
 * The client's address (IPv4 or IPv6) for a request, a server action's headers(), or Auth.js's request; null
 * when it cannot be told (a request served before the gate was installed, at start-up, or outside a server).
 * Per-address limits count null under one shared "unknown" key, so it never escapes them.
 */
export function clientAddress(from: Request | Pick<Headers, "get">): string | null {
  const headers = "headers" in from && typeof from.headers?.get === "function" ? from.headers : (from as Pick<Headers, "get">);
  const stamped = stampedClient(headers);
  if (stamped === undefined) {
    if (!warned && process.env.NODE_ENV === "production") {
      warned = true;
      log.warn("a request reached the app without the request gate's stamp; its client address is unknown");
    }
    return null;
  }
  return stamped;
}

/**
 * The host the client addressed: the Host header, or, only when proxies are trusted (TRUST_PROXY_HOPS > 0),
 * the X-Forwarded-Host the request gate kept from the nearest one. A client's own X-Forwarded-Host is never read.
 */
export function requestHost(req: Request): string | null {
  const host = req.headers.get("host");
  return env().TRUST_PROXY_HOPS > 0 ? (req.headers.get("x-forwarded-host") ?? host) : host;
}
