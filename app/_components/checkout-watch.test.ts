// Issue 22 item 4: the checkout page takes postMessage from NDPS's hosts and the sandbox's origin, and recovers
// by itself (asking our API) when no message ever comes.
import { describe, expect, it } from "vitest";
import { isGatewayOrigin, looksLikeGatewayMessage, watchCheckout } from "./checkout-watch";

const SANDBOX_SCRIPT = "http://127.0.0.1:3000/sandbox/atompay/staticdata/ots/js/atomcheckout.js";
const PROD_SCRIPT = "https://psa.atomtech.in/staticdata/ots/js/atomcheckout.js";

describe("which origins may post checkout messages", () => {
  it.each([
    ["https://psa.atomtech.in", PROD_SCRIPT, true],
    // The frame may post from another NDPS host than the script's (the mobile return pages live on these).
    ["https://payment.atomtech.in", PROD_SCRIPT, true],
    ["https://pgtest.atomtech.in", PROD_SCRIPT, true],
    ["https://paynetzuat.atomtech.in", PROD_SCRIPT, true],
    ["https://atomtech.in", PROD_SCRIPT, true],
    ["http://127.0.0.1:3000", SANDBOX_SCRIPT, true],
    ["https://payment.atomtech.in", SANDBOX_SCRIPT, true],
    ["http://payment.atomtech.in", PROD_SCRIPT, false],
    ["https://payment.atomtech.in:8443", PROD_SCRIPT, false],
    ["https://evilatomtech.in", PROD_SCRIPT, false],
    ["https://atomtech.in.evil.example", PROD_SCRIPT, false],
    ["http://localhost:3000", SANDBOX_SCRIPT, false],
    ["null", PROD_SCRIPT, false],
    ["", PROD_SCRIPT, false],
  ])("%j (script %s): %s", (origin, script, ok) => {
    expect(isGatewayOrigin(origin, script)).toBe(ok);
  });

  it("only the checkout's own messages are looked at", () => {
    expect(looksLikeGatewayMessage("cancelTransaction")).toBe(true);
    expect(looksLikeGatewayMessage("sessionTimeout")).toBe(true);
    expect(looksLikeGatewayMessage({ ndpsResponse: { merchId: "317157", encData: "AB" } })).toBe(true);
    expect(looksLikeGatewayMessage({ type: "webpackHotUpdate" })).toBe(false);
    expect(looksLikeGatewayMessage(null)).toBe(false);
  });
});

/** A clock and timers the test moves by hand, and our API as a script of answers. */
function harness(answers: Record<string, string[]>) {
  let clock = 0;
  let pending: { at: number; fn: () => void } | null = null;
  const calls: string[] = [];
  const settled: string[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const key = `${init?.method ?? "GET"} ${String(input)}`;
    calls.push(key);
    const status = answers[key]?.shift();
    if (status === "offline") throw new TypeError("fetch failed");
    return status ? Response.json({ status }) : new Response("{}", { status: 404 });
  }) as typeof fetch;
  const stop = watchCheckout({
    merchTxnId: "ANWTEST123",
    fetch: fetchFn,
    onSettled: (s) => settled.push(s),
    now: () => clock,
    setTimer: (fn, ms) => {
      pending = { at: clock + ms, fn };
      return pending;
    },
    clearTimer: () => {
      pending = null;
    },
  });
  return {
    calls,
    settled,
    stop,
    /** Runs the timer due next, and waits for what it started. */
    async tick() {
      const p = pending;
      if (!p) return false;
      pending = null;
      clock = p.at;
      p.fn();
      for (let i = 0; i < 10; i++) await Promise.resolve();
      await new Promise((r) => setTimeout(r, 0));
      return true;
    },
  };
}

describe("the overlay recovers by itself when no message comes", () => {
  it("looks after a minute, then every 30 s, and shows the payment once it has ended", async () => {
    const h = harness({ "GET /api/payments/ANWTEST123": ["pending", "offline", "success"] });
    await h.tick();
    await h.tick();
    expect(h.settled).toEqual([]);
    await h.tick();
    expect(h.settled).toEqual(["success"]);
    expect(await h.tick()).toBe(false);
    expect(h.calls).toEqual(Array(3).fill("GET /api/payments/ANWTEST123"));
  });

  it("still pending past the token's life: asks the bank once through check again, and takes its answer", async () => {
    const answers = { "GET /api/payments/ANWTEST123": Array(40).fill("pending"), "POST /api/payments/ANWTEST123/requery": ["failed"] };
    const h = harness(answers);
    while (h.settled.length === 0 && (await h.tick()));
    expect(h.settled).toEqual(["failed"]);
    expect(h.calls.filter((c) => c.startsWith("POST"))).toHaveLength(1);
  });

  it("gives up after half an hour and shows the payment's page anyway; a message stops it", async () => {
    const h = harness({ "GET /api/payments/ANWTEST123": Array(80).fill("pending"), "POST /api/payments/ANWTEST123/requery": ["pending"] });
    while (h.settled.length === 0 && (await h.tick()));
    expect(h.settled).toEqual(["pending"]);

    const quiet = harness({});
    quiet.stop();
    expect(await quiet.tick()).toBe(false);
    expect(quiet.calls).toEqual([]);
  });
});
