// The sandbox gateway as a `fetch` function, for tests and benchmarks that want the real protocol (every
// byte encrypted, signed and parsed as on the wire) without an HTTP server in between.
import type { Db } from "@/db/client";
import type { AtomPayConfig } from "@/lib/atompay";
import { sandboxAuth, sandboxRefund, sandboxStatus } from "./gateway";

export function sandboxFetch(db: Db, config: AtomPayConfig): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    const body = typeof init?.body === "string" ? init.body : "";
    const handler = url === config.authUrl ? sandboxAuth : url === config.statusUrl ? sandboxStatus : url === config.refundUrl ? sandboxRefund : null;
    if (!handler) return new Response("not found", { status: 404 });
    const answer = await handler(db, config, body);
    return new Response(answer.body, { status: answer.status, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
}
