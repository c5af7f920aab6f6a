// Cookie-authenticated state changes must come from our own pages (CSRF). Bearer-token clients send no
// cookies, so they cannot be forged cross-site and need no Origin. The gateway's return is the one exception
// (it is cross-site by design and is authenticated by its signature instead).
import { forbidden } from "@/lib/errors";
import { requestHost } from "./client-address";

export function assertSameOrigin(req: Request): void {
  if (/^Bearer\s/i.test(req.headers.get("authorization") ?? "")) return;
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw forbidden("Cross-site requests are not allowed.");
  const origin = req.headers.get("origin");
  if (!origin) {
    if (site) return; // a browser that sent Sec-Fetch-Site: same-origin
    throw forbidden("Missing Origin header.");
  }
  const host = requestHost(req);
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw forbidden("Bad Origin header.");
  }
  if (!host || originHost !== host) throw forbidden("Cross-site requests are not allowed.");
}
