// The sandbox gateway as a `fetch` function, for tests and benchmarks that want the real protocol (every
// byte encrypted, signed and parsed as on the wire) without an HTTP server in between. It honours the
// scenario switches (slow answers respect the caller's abort signal, as a real socket would). Given the sandbox's
// root, it answers only the sandbox's own URLs and calls any other URL over HTTP.
import type { Db } from "@/db/client";
import type { AtomPayConfig } from "@/lib/atompay";
import { type GatewayAnswer, sandboxAuth, sandboxRefund, sandboxStatus, sandboxStatusV2 } from "./gateway";

export interface SandboxFetchOptions {
  /**
   * The built-in sandbox's own root (`…/sandbox/atompay/`): only URLs under it are answered in-process; any other
   * URL (an ATOMPAY_*_URL override pointing elsewhere) is called over HTTP with `fallback`. Omitted: every URL is
   * answered in-process (tests that give the client made-up sandbox URLs).
   */
  root?: string;
  /** How other URLs are called; default the global fetch. */
  fallback?: typeof fetch;
}

export function sandboxFetch(db: Db, config: AtomPayConfig, opts: SandboxFetchOptions = {}): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    if (opts.root !== undefined && !isUnder(url, opts.root)) return (opts.fallback ?? globalThis.fetch)(input, init);
    const body = typeof init?.body === "string" ? init.body : "";
    const path = url.pathname;
    let answer: GatewayAnswer;
    if (path.endsWith("/ots/aipay/auth")) answer = await sandboxAuth(db, config, body, new Date(), url.search);
    else if (path.endsWith("/ots/v2/payment/status")) answer = await sandboxStatusV2(db, config, body);
    else if (path.endsWith("/ots/payment/status")) answer = await sandboxStatus(db, config, body);
    else if (path.endsWith("/ots/payment/refund") || path.endsWith("/paynetz/refund"))
      answer = await sandboxRefund(db, config, body, new Date(), url.search);
    else return new Response("not found", { status: 404 });
    if (answer.delayMs) await wait(answer.delayMs, init?.signal ?? undefined);
    return new Response(answer.body, { status: answer.status, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
}

/** Same origin, and the path inside the root's (no "..": URL() has already resolved dot segments). */
function isUnder(url: URL, root: string): boolean {
  const r = new URL(root);
  const base = r.pathname.endsWith("/") ? r.pathname : `${r.pathname}/`;
  return url.origin === r.origin && url.pathname.startsWith(base);
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
