// The app's AtomPay client, built once from the validated settings (keys are derived once and cached).
//
// With the built-in sandbox (ATOMPAY_ENV=sandbox) the gateway is this very process, so its server-to-server calls
// (AUTH, status, refund) are handed to the sandbox's handlers directly: the same encrypted, signed bytes, built and
// parsed by the same client code, without a loopback HTTP request back into our own server (which would spend this
// machine's CPU on a second request, as NDPS's servers never do). The payments do not know the sandbox: start-up
// (lib/server/start.ts) hands it in as a fetch (./in-process-gateway.ts); until then, or with
// ATOMPAY_SANDBOX_HTTP=1, the calls go over HTTP to the sandbox's routes, as a remote gateway is called. Only the
// sandbox's own URLs are answered in-process: a gateway URL overridden to point elsewhere (ATOMPAY_STATUS_URL, …)
// is called over HTTP whatever ATOMPAY_ENV says.
import { db } from "@/db/client";
import { type AtomPayClient, createAtomPayClient, sandboxRoot } from "@/lib/atompay";
import { env } from "@/lib/env";
import { inProcessGateway } from "./in-process-gateway";

const globalForClient = globalThis as unknown as { __anweshaAtomPay?: AtomPayClient };

export function atompay(): AtomPayClient {
  if (!globalForClient.__anweshaAtomPay) {
    const e = env();
    const inProcess = e.atompay.env === "sandbox" && process.env.ATOMPAY_SANDBOX_HTTP !== "1";
    const gateway = inProcessGateway();
    globalForClient.__anweshaAtomPay = createAtomPayClient(e.atompay, {
      timeoutMs: e.ATOMPAY_TIMEOUT_MS,
      ...(inProcess && gateway && e.sandboxBaseUrl ? { fetch: gateway(db, e.atompay, { root: sandboxRoot(e.sandboxBaseUrl) }) } : {}),
    });
  }
  return globalForClient.__anweshaAtomPay;
}
