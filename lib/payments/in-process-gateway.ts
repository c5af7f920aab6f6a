// Where start-up hands the built-in sandbox to the payments (lib/server/start.ts, and the tests' setup): the
// payments know a gateway served by this process only as a fetch, never the sandbox's modules. Types only, so the
// tests' setup can load it for nothing.
import type { Db } from "@/db/client";
import type { AtomPayConfig } from "@/lib/atompay";

/** A gateway served by this process, as a fetch that answers URLs under `root` and calls any other over HTTP. */
export type InProcessGateway = (db: Db, config: AtomPayConfig, opts: { root: string }) => typeof fetch;

// On globalThis: Next.js bundles instrumentation (which hands the sandbox in) apart from the routes that call it.
const globalForGateway = globalThis as unknown as { __anweshaInProcessGateway?: InProcessGateway };

/** Start-up: the sandbox's handlers answer the gateway's calls in this process. Call before the first atompay(). */
export function serveGatewayInProcess(gateway: InProcessGateway): void {
  globalForGateway.__anweshaInProcessGateway = gateway;
}

export function inProcessGateway(): InProcessGateway | undefined {
  return globalForGateway.__anweshaInProcessGateway;
}
