// The first thing every request meets, before Next.js routes it. Next.js 16 gives route handlers no socket
// address (NextRequest.ip is gone; it fills X-Forwarded-For with the peer only when the client sent none, so a
// client can claim any address) and answers a malformed percent-encoded path with a 500. Its own server
// (`next start`) is a plain node:http server, so instrumentation.ts installs this gate on node:http's 'request'
// event: it runs in the same process for every request, in development and production alike.
//
// For each request it
//   - resolves the client address, host and scheme once (lib/http/forwarding.ts, TRUST_PROXY_HOPS), stamps the
//     address in a header only this process can write (a per-process secret in the value), and removes or
//     rewrites X-Forwarded-* so that Next.js and Auth.js downstream see only what we trust;
//   - refuses a path that is not valid percent-encoding (400), a body larger than its path allows by
//     Content-Length (413), and an undeclared (chunked) body where code we do not own reads it (411),
//     answering at once and closing the connection, so nothing is buffered.
import { randomBytes } from "node:crypto";
import http from "node:http";
import { bodyLimitFor, needsDeclaredLength } from "./body-limits";
import { type Forwarding, resolveForwarding } from "./forwarding";

export const CLIENT_HEADER = "x-anwesha-client";
const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

interface GateState {
  secret: string;
  hops: number;
  uninstall: () => void;
}
const globalForGate = globalThis as unknown as { __anweshaRequestGate?: GateState };

/** The stamped client address for a request that passed the gate; null if it did not (or the stamp is forged). */
export function stampedClient(headers: Pick<Headers, "get">): string | null | undefined {
  const state = globalForGate.__anweshaRequestGate;
  const value = headers.get(CLIENT_HEADER);
  if (!state || !value) return undefined;
  const [secret, address] = value.split(" ");
  if (secret !== state.secret) return undefined;
  return address && address !== "unknown" ? address : null;
}

function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: 400 | 411 | 413, code: string, message: string): void {
  const html = (req.headers.accept ?? "").includes("text/html");
  const body = html
    ? `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${message}</title></head>
<body><h1>${message}</h1><p><a href="/">Anwesha Payments</a></p></body></html>`
    : JSON.stringify({ error: { code, message } });
  // Linger instead of closing at once (as nginx does): a client that asked for Connection: close would otherwise
  // meet a reset while still sending, and could lose this answer.
  res.shouldKeepAlive = true;
  res.writeHead(status, {
    "content-type": html ? "text/html; charset=utf-8" : "application/json",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  res.end(body);
  // The rest of the body is discarded as it arrives (never held), so a client still sending reads this answer
  // instead of a reset; one that is still sending after a few seconds is cut off.
  req.resume();
  req.socket.on("error", () => {});
  const linger = setTimeout(() => req.socket.destroy(), 5_000);
  linger.unref();
  req.once("end", () => clearTimeout(linger));
}

/** Applies the gate to one request: false when it has already been answered. */
function admit(req: http.IncomingMessage, res: http.ServerResponse, state: Pick<GateState, "secret" | "hops">): boolean {
  const url = req.url ?? "/";
  const path = url.split("?", 1)[0]!;
  try {
    decodeURIComponent(path);
  } catch {
    refuse(req, res, 400, "bad_request", "This address is not valid.");
    return false;
  }
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > bodyLimitFor(path)) {
    refuse(req, res, 413, "payload_too_large", "The request body is too large.");
    return false;
  }
  if (declared === undefined && req.headers["transfer-encoding"] && needsDeclaredLength(path)) {
    refuse(req, res, 411, "length_required", "Send the body with a Content-Length.");
    return false;
  }

  const fwd: Forwarding = resolveForwarding(
    req.headers,
    { address: req.socket.remoteAddress, encrypted: (req.socket as { encrypted?: boolean }).encrypted },
    state.hops,
  );
  for (const name of FORWARDING_HEADERS) delete req.headers[name];
  if (state.hops > 0) {
    // Downstream (Next.js, Auth.js's callback URLs) reads these: give it the trusted values only.
    if (fwd.client) req.headers["x-forwarded-for"] = fwd.client;
    if (fwd.host) req.headers["x-forwarded-host"] = fwd.host;
    req.headers["x-forwarded-proto"] = fwd.proto;
  }
  // With no proxy trusted, Next.js fills X-Forwarded-* from the socket itself, as they are now absent.
  req.headers[CLIENT_HEADER] = `${state.secret} ${fwd.client ?? "unknown"}`;
  return true;
}

/** Installs the gate once per process. */
export function installRequestGate(opts: { hops: number }): void {
  const existing = globalForGate.__anweshaRequestGate;
  if (existing) {
    existing.hops = opts.hops;
    return;
  }
  const proto = http.Server.prototype as unknown as { emit: (event: string | symbol, ...args: unknown[]) => boolean };
  const hadOwn = Object.hasOwn(proto, "emit");
  const original = proto.emit;
  const state: GateState = {
    secret: randomBytes(18).toString("base64url"),
    hops: opts.hops,
    uninstall: () => {
      if (hadOwn) proto.emit = original;
      else delete (proto as { emit?: unknown }).emit;
      delete globalForGate.__anweshaRequestGate;
    },
  };
  proto.emit = function gatedEmit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request" && !admit(args[0] as http.IncomingMessage, args[1] as http.ServerResponse, state)) return true;
    return original.call(this, event, ...args);
  };
  globalForGate.__anweshaRequestGate = state;
}

/** For tests. */
export function uninstallRequestGate(): void {
  globalForGate.__anweshaRequestGate?.uninstall();
}
