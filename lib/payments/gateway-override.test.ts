// Issue 22 item 3: with the built-in sandbox (ATOMPAY_ENV=sandbox), a gateway URL overridden to point elsewhere
// (ATOMPAY_STATUS_URL here) is called over HTTP; only the sandbox's own URLs are answered in-process.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKind } from "@/db/testing";
import { sandboxRoot } from "@/lib/atompay";
import { env } from "@/lib/env";
import { sandboxFetch } from "@/lib/sandbox/fetch";
import { routeTestDatabase } from "@/lib/server/route-testing";
import { atompay } from "./gateway";
import { TEST_CONFIG } from "./testing";

const { t } = routeTestDatabase();
let server: http.Server;
const seen: { method?: string; url?: string; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, body });
      res.writeHead(200, { "content-type": "text/plain" }).end("");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  // Read by env() on first use, which comes after this.
  process.env.APP_URL = "http://localhost:3000";
  process.env.ATOMPAY_ENV = "sandbox";
  process.env.ATOMPAY_STATUS_URL = `http://127.0.0.1:${port}/elsewhere/ots/payment/status`;
}, 60_000);
afterAll(async () => {
  delete process.env.ATOMPAY_STATUS_URL;
  await new Promise((resolve) => server?.close(resolve));
});

describe(`issue 22 item 3: gateway URL overrides are called over HTTP in sandbox mode (${testDatabaseKind()})`, () => {
  it("ATOMPAY_STATUS_URL pointing elsewhere gets the status request; the sandbox's own AUTH URL stays in-process", async () => {
    expect(env().atompay.env).toBe("sandbox");
    expect(env().atompay.statusUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/elsewhere\//);
    const client = atompay();
    const { result: auth } = await client.auth({
      merchTxnId: `OVR${Date.now()}`,
      amountPaise: 25_000,
      custEmail: "a@example.com",
      custMobile: "9876543210",
      txnDate: new Date(),
    });
    expect(auth.atomTokenId).toMatch(/^\d{14}$/);
    expect(seen).toHaveLength(0);
    const { result } = await client.status({ merchTxnId: "OVR1", amountPaise: 25_000, txnDate: new Date() });
    // The stand-in gateway answered an empty body: nothing known (and it was asked over HTTP).
    expect(result.outcome).toBe("unknown");
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen[0]).toMatchObject({ method: "POST", url: "/elsewhere/ots/payment/status" });
    expect(new URLSearchParams(seen[0]!.body).get("encData")).toMatch(/^[0-9A-F]+$/);
  });

  it("sandboxFetch with the sandbox's root: its own URLs in-process, any other URL through the fallback", async () => {
    const calls: string[] = [];
    const fallback = (async (input: RequestInfo | URL) => {
      calls.push(String(input));
      return new Response("", { status: 200 });
    }) as typeof fetch;
    const f = sandboxFetch(t.db, TEST_CONFIG, { root: sandboxRoot("http://127.0.0.1:9"), fallback });
    expect(
      (await f("http://127.0.0.1:9/sandbox/atompay/ots/payment/status", { method: "POST", body: "encData=00&merchId=317157" })).status,
    ).toBe(200);
    expect(calls).toEqual([]);
    for (const other of [
      "http://127.0.0.1:9/elsewhere/ots/payment/status",
      "http://127.0.0.1:10/sandbox/atompay/ots/payment/status",
      "http://127.0.0.1:9/sandbox/atompay-other/ots/payment/status",
      "https://caller.atomtech.in/ots/payment/status",
    ]) {
      await f(other, { method: "POST", body: "" });
    }
    expect(calls).toHaveLength(4);
    // Without a root (tests that make up sandbox URLs), everything is answered in-process, as before.
    const all = sandboxFetch(t.db, TEST_CONFIG);
    expect((await all("http://127.0.0.1:9/nowhere", { method: "POST" })).status).toBe(404);
  });
});
