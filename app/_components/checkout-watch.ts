// The checkout overlay's two safety nets, kept apart from React so they can be tested on their own:
//   - which origins may talk to the page by postMessage: NDPS's hosts (every https://*.atomtech.in; no source says
//     which one its payment frame posts from, and its mobile return pages live on payment. and pgtest.) and the
//     origin of the checkout script we loaded (the built-in sandbox's);
//   - a watch that asks our own API about the payment while the overlay is open, so the page recovers by itself if
//     no message ever comes (the frame's origin was another, the message was lost, the attendee closed nothing).

/** Whether a postMessage from `origin` may be a message from the payment gateway's checkout. */
export function isGatewayOrigin(origin: string, checkoutScriptUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false;
  try {
    if (origin === new URL(checkoutScriptUrl).origin) return true;
  } catch {
    // a bad script URL allows only NDPS's hosts
  }
  return url.protocol === "https:" && url.port === "" && (url.hostname === "atomtech.in" || url.hostname.endsWith(".atomtech.in"));
}

/** A message that looks like the checkout's own ("cancelTransaction", "sessionTimeout", { ndpsResponse }). */
export function looksLikeGatewayMessage(data: unknown): boolean {
  return (
    data === "cancelTransaction" ||
    data === "sessionTimeout" ||
    (typeof data === "object" && data !== null && "ndpsResponse" in data && typeof data.ndpsResponse === "object")
  );
}

export interface CheckoutWatchOptions {
  merchTxnId: string;
  /** Our API, as the browser calls it (same origin, the session cookie). */
  fetch: typeof fetch;
  /** The payment ended without a message reaching the page (or the watch gave up): show it. */
  onSettled: (status: string) => void;
  /** First look after this long (default 60 s), then every `everyMs` (default 30 s). */
  firstMs?: number;
  everyMs?: number;
  /** Still pending after this long: ask the bank once through "check again" (default 16 min, past the token's 15). */
  requeryAfterMs?: number;
  /** Still nothing after this long: show the payment's page anyway, where it can be checked again (default 30 min). */
  giveUpAfterMs?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Starts the watch; returns a function that stops it (a message arrived, or the component went away). */
export function watchCheckout(opts: CheckoutWatchOptions): () => void {
  const now = opts.now ?? Date.now;
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const started = now();
  const url = `/api/payments/${encodeURIComponent(opts.merchTxnId)}`;
  let stopped = false;
  let requeried = false;
  let timer: unknown;

  const statusOf = async (res: Response): Promise<string | null> => {
    if (!res.ok) return null;
    const body = (await res.json().catch(() => null)) as { status?: unknown } | null;
    return typeof body?.status === "string" ? body.status : null;
  };
  const finish = (status: string) => {
    if (stopped) return;
    stopped = true;
    opts.onSettled(status);
  };
  const look = async () => {
    if (stopped) return;
    const elapsed = now() - started;
    let status: string | null = null;
    try {
      status = await statusOf(await opts.fetch(url, { cache: "no-store" }));
      if (status === "pending" && !requeried && elapsed >= (opts.requeryAfterMs ?? 16 * 60_000)) {
        requeried = true;
        status = (await statusOf(await opts.fetch(`${url}/requery`, { method: "POST" }))) ?? status;
      }
    } catch {
      // offline for a moment: look again later
    }
    if (status && status !== "pending") return finish(status);
    if (elapsed >= (opts.giveUpAfterMs ?? 30 * 60_000)) return finish(status ?? "unknown");
    if (!stopped) timer = setTimer(() => void look(), opts.everyMs ?? 30_000);
  };
  timer = setTimer(() => void look(), opts.firstMs ?? 60_000);
  return () => {
    stopped = true;
    clearTimer(timer);
  };
}
