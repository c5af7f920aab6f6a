// The sandbox gateway as a `fetch` function, for tests and benchmarks that want the real protocol (every
// byte encrypted, signed and parsed as on the wire) without an HTTP server in between. It honours the
// scenario switches (slow answers respect the caller's abort signal, as a real socket would).
import type { Db } from "@/db/client";
import type { AtomPayConfig } from "@/lib/atompay";
import { type GatewayAnswer, sandboxAuth, sandboxRefund, sandboxStatus, sandboxStatusV2 } from "./gateway";

export function sandboxFetch(db: Db, config: AtomPayConfig): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const body = typeof init?.body === "string" ? init.body : "";
    const path = url.pathname;
    let answer: GatewayAnswer;
    if (path.endsWith("/ots/aipay/auth")) answer = await sandboxAuth(db, config, body, new Date(), url.search);
    else if (path.endsWith("/ots/v2/payment/status")) answer = await sandboxStatusV2(db, config, body);
    else if (path.endsWith("/ots/payment/status")) answer = await sandboxStatus(db, config, body);
    else if (path.endsWith("/ots/payment/refund")) answer = await sandboxRefund(db, config, body);
    else return new Response("not found", { status: 404 });
    if (answer.delayMs) await wait(answer.delayMs, init?.signal ?? undefined);
    return new Response(answer.body, { status: answer.status, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
