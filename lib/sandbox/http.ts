// The sandbox's routes exist only when ATOMPAY_ENV=sandbox; anywhere else they are a plain 404.
import { env } from "@/lib/env";
import { errorResponse, readBodyText } from "@/lib/errors";
import type { GatewayAnswer } from "./gateway";

function sandboxEnabled(): boolean {
  return env().atompay.env === "sandbox";
}

const notFound = () => new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });

/** Wrap a sandbox route: 404 unless in sandbox mode; errors become clear answers. */
export function sandboxRoute(fn: (req: Request) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    if (!sandboxEnabled()) return notFound();
    try {
      return await fn(req);
    } catch (error) {
      return errorResponse(error, { sandbox: new URL(req.url).pathname });
    }
  };
}

export async function gatewayResponse(a: GatewayAnswer): Promise<Response> {
  // The "slow" scenario: hold the answer (a client with a shorter timeout gives up first).
  if (a.delayMs) await new Promise((resolve) => setTimeout(resolve, a.delayMs));
  // The real gateway's content type claims JSON while the body is a form; clients must not trust it.
  return new Response(a.body, { status: a.status, headers: { "content-type": "application/json", "cache-control": "no-store" } });
}

/** An oversized or unreadable body is treated like one the gateway cannot decrypt: an empty answer follows. */
export async function readBody(req: Request, limit = 64 * 1024): Promise<string> {
  return readBodyText(req, limit).catch(() => "");
}
