// The app's AtomPay client, built once from the validated settings (keys are derived once and cached).
//
// With the built-in sandbox (ATOMPAY_ENV=sandbox) the gateway is this very process, so its server-to-server calls
// (AUTH, status, refund) are handed to the sandbox's handlers directly: the same encrypted, signed bytes, built and
// parsed by the same client code, without a loopback HTTP request back into our own server (which would spend this
// machine's CPU on a second request, as NDPS's servers never do). ATOMPAY_SANDBOX_HTTP=1 sends them over HTTP to
// the sandbox's routes instead, as a remote gateway is called. Only the sandbox's own URLs are answered in-process:
// a gateway URL overridden to point elsewhere (ATOMPAY_STATUS_URL, …) is called over HTTP whatever ATOMPAY_ENV says.
import { db } from "@/db/client";
import { type AtomPayClient, createAtomPayClient, sandboxRoot } from "@/lib/atompay";
import { env } from "@/lib/env";
import { sandboxFetch } from "@/lib/sandbox/fetch";

const globalForClient = globalThis as unknown as { __anweshaAtomPay?: AtomPayClient };

export function atompay(): AtomPayClient {
  if (!globalForClient.__anweshaAtomPay) {
    const e = env();
    const inProcess = e.atompay.env === "sandbox" && process.env.ATOMPAY_SANDBOX_HTTP !== "1";
    globalForClient.__anweshaAtomPay = createAtomPayClient(e.atompay, {
      timeoutMs: e.ATOMPAY_TIMEOUT_MS,
      ...(inProcess && e.sandboxBaseUrl ? { fetch: sandboxFetch(db, e.atompay, { root: sandboxRoot(e.sandboxBaseUrl) }) } : {}),
    });
  }
  return globalForClient.__anweshaAtomPay;
}
