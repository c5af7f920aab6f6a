// The gate on a real node:http server, with requests from real loopback addresses (127.0.0.0/8 is all local).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";
import { CLIENT_HEADER, installRequestGate, uninstallRequestGate } from "./request-gate";

let server: http.Server;
let port: number;
let seen: { url?: string; client: string | null; headers: http.IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  installRequestGate({ hops: 0 });
  server = http.createServer((req, res) => {
    seen.push({ url: req.url, client: clientAddress(new Headers(req.headers as Record<string, string>)), headers: req.headers });
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  uninstallRequestGate();
  await new Promise((resolve) => server.close(resolve));
});

function send(opts: {
  path?: string;
  from?: string;
  headers?: Record<string, string>;
  method?: string;
  body?: string | Buffer;
  chunked?: boolean;
  unfinished?: boolean;
}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: opts.path ?? "/",
        method: opts.method ?? "GET",
        localAddress: opts.from ?? "127.0.0.1",
        headers: opts.headers,
        agent: false,
      },
      (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on("error", reject);
    if (opts.chunked) req.setHeader("transfer-encoding", "chunked");
    else if (opts.body !== undefined && !req.hasHeader("content-length")) req.setHeader("content-length", Buffer.byteLength(opts.body));
    if (opts.body !== undefined) req.write(opts.body);
    // An upload still under way: the answer must come without the rest of the body.
    if (!opts.unfinished) req.end();
  });
}

describe("request gate (TRUST_PROXY_HOPS=0)", () => {
  it("the socket's address is the client, whatever X-Forwarded-For says; forwarding headers never reach the app", async () => {
    seen = [];
    await send({
      from: "127.0.0.2",
      headers: {
        "x-forwarded-for": "203.0.113.1",
        "x-real-ip": "203.0.113.2",
        "x-forwarded-host": "evil.example",
        forwarded: "for=1.2.3.4",
      },
    });
    await send({ from: "127.0.0.3" });
    expect(seen.map((s) => s.client)).toEqual(["127.0.0.2", "127.0.0.3"]);
    for (const name of ["x-forwarded-for", "x-real-ip", "x-forwarded-host", "forwarded"]) expect(seen[0]!.headers[name]).toBeUndefined();
  });

  it("a client cannot write the stamp itself", async () => {
    seen = [];
    await send({ from: "127.0.0.4", headers: { [CLIENT_HEADER]: "guessed-secret 203.0.113.9" } });
    expect(seen[0]!.client).toBe("127.0.0.4");
    expect(clientAddress(new Headers({ [CLIENT_HEADER]: "guessed-secret 203.0.113.9" }))).toBeNull();
  });

  it("refuses a malformed percent-encoded path with 400 before the app sees it", async () => {
    seen = [];
    for (const path of ["/api/payments/%ZZ", "/events/%E0%A4%A", "/payments/%C0%80", "/%"]) {
      const res = await send({ path });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toEqual({ error: { code: "bad_request", message: "This address is not valid." } });
    }
    expect((await send({ path: "/events/code%20sprint?q=%ZZ" })).status).toBe(200);
    expect(seen.map((s) => s.url)).toEqual(["/events/code%20sprint?q=%ZZ"]);
  });

  it("refuses a body over its path's limit by Content-Length (413), and an undeclared body where others' code reads it (411)", async () => {
    seen = [];
    const big = await send({
      path: "/api/auth/callback/credentials",
      method: "POST",
      headers: { "content-length": String(100 * 1024 * 1024) },
      body: "a".repeat(1000),
      unfinished: true,
    });
    expect(big.status).toBe(413);
    expect((await send({ path: "/api/auth/callback/credentials", method: "POST", body: "a".repeat(17 * 1024) })).status).toBe(413);
    expect((await send({ path: "/api/users", method: "POST", body: "a".repeat(65 * 1024) })).status).toBe(413);
    expect((await send({ path: "/sign-in", method: "POST", body: "x=1", chunked: true })).status).toBe(411);
    expect((await send({ path: "/api/auth/callback/credentials", method: "POST", body: "x=1", chunked: true })).status).toBe(411);
    // Our own JSON routes stream with a cap of their own, so a chunked body may reach them.
    expect((await send({ path: "/api/users", method: "POST", body: "{}", chunked: true })).status).toBe(200);
    expect((await send({ path: "/api/auth/callback/credentials", method: "POST", body: "email=a%40b.c&password=x" })).status).toBe(200);
    expect(seen.map((s) => s.url)).toEqual(["/api/users", "/api/auth/callback/credentials"]);
  });
});

describe("request gate (TRUST_PROXY_HOPS=1)", () => {
  it("believes the last X-Forwarded-For hop and the proxy's host and scheme, and hands the app only those", async () => {
    installRequestGate({ hops: 1 });
    try {
      seen = [];
      await send({
        from: "127.0.0.9",
        headers: { "x-forwarded-for": "6.6.6.6, 203.0.113.5", "x-forwarded-host": "pay.example", "x-forwarded-proto": "https" },
      });
      expect(seen[0]!.client).toBe("203.0.113.5");
      expect(seen[0]!.headers).toMatchObject({
        "x-forwarded-for": "203.0.113.5",
        "x-forwarded-host": "pay.example",
        "x-forwarded-proto": "https",
      });
    } finally {
      installRequestGate({ hops: 0 });
    }
  });
});
