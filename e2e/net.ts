// Requests from chosen loopback addresses: on Linux all of 127.0.0.0/8 is this machine, so a test can be 50
// different clients for real (the app reads the socket's address, not X-Forwarded-For).
import http from "node:http";
import { E2E_PORT } from "./helpers";

export interface NetResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface NetRequest {
  method?: string;
  path: string;
  /** Source address, e.g. "127.0.50.1". */
  from?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /**
   * Send this many bytes of body in 1 MiB chunks (declared by Content-Length unless `chunked`), stopping as soon
   * as the server answers: the client never holds more than one chunk.
   */
  stream?: { bytes: number; chunked?: boolean };
  timeoutMs?: number;
}

export function net(r: NetRequest): Promise<NetResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...(r.headers ?? {}) };
    if (r.body !== undefined) headers["content-length"] = Buffer.byteLength(r.body);
    if (r.stream && !r.stream.chunked) headers["content-length"] = r.stream.bytes;
    if (r.stream?.chunked) headers["transfer-encoding"] = "chunked";
    let answered = false;
    let sent = 0;
    const sentBytes = () => sent;
    const req = http.request(
      {
        host: r.from?.includes(":") ? "::1" : "127.0.0.1",
        port: E2E_PORT,
        method: r.method ?? (r.body !== undefined || r.stream ? "POST" : "GET"),
        path: r.path,
        localAddress: r.from ?? "127.0.0.1",
        headers,
        agent: false,
      },
      (res) => {
        answered = true;
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => {
          resolve({ status: res.statusCode!, headers: res.headers, body });
          req.destroy();
        });
      },
    );
    req.setTimeout(r.timeoutMs ?? 60_000, () => req.destroy(new Error(`no answer within ${r.timeoutMs ?? 60_000} ms`)));
    // Once answered, a server closing on the rest of an upload is expected.
    req.on("error", (e) => (answered ? undefined : reject(new Error(`${r.path}: ${e.message} after ${sentBytes()} bytes`, { cause: e }))));
    if (r.stream) {
      const chunk = Buffer.alloc(1024 * 1024, "a");
      // One chunk per turn of the event loop, so an answer that has arrived is read before the next chunk goes:
      // the client stops as soon as the server answers, as a browser does, instead of writing on until the
      // server's linger (lib/http/request-gate.ts) cuts it off and the answer is lost with the connection.
      const pump = () => {
        if (answered || req.destroyed) return;
        if (sent >= r.stream!.bytes) return void req.end();
        const n = Math.min(chunk.length, r.stream!.bytes - sent);
        sent += n;
        if (req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) setImmediate(pump);
        else req.once("drain", pump);
      };
      pump();
    } else {
      if (r.body !== undefined) req.write(r.body);
      req.end();
    }
  });
}

export const json = (data: unknown) => ({ headers: { "content-type": "application/json" }, body: JSON.stringify(data) });

/** The n-th address of a /16 block under 127.0.0.0/8 (n from 0), e.g. at(50, 3) = "127.50.0.4". */
export function loopback(block: number, n: number): string {
  return `127.${block}.${Math.floor(n / 254)}.${(n % 254) + 1}`;
}

/** Reads one metric's value from /api/metrics text. */
export function metricValue(text: string, name: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  if (!line) throw new Error(`metric ${name} not found`);
  return Number(line.split(" ").at(-1));
}
