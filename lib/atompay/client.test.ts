/**
 * The client against a real HTTP server on 127.0.0.1 that plays the gateway with gateway.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAtomPayClient } from "./client";
import { type AtomPayConfig, sandboxUrls } from "./config";
import { deriveKey, encrypt } from "./crypto";
import {
  AtomPayError,
  AtomPayInputError,
  GatewayHttpError,
  GatewayProtocolError,
  GatewayRejectedError,
  GatewayTimeoutError,
  GatewayUnreachableError,
} from "./errors";
import { parseForm } from "./form";
import {
  buildAuthAnswer,
  buildRefundAnswer,
  buildStatusAnswer,
  decryptRequest,
  encryptResponse,
  verifyRefundRequestSignature,
  verifyStatusRequestSignature,
} from "./gateway";
import { expectNoSecrets, UAT_CONFIG } from "./test-fixtures";

type Reply = { status?: number; body: string; contentType?: string } | "hang" | "destroy";
type Handler = (path: string, form: Record<string, string>, req: IncomingMessage) => Reply;

let server: Server;
let baseUrl: string;
let handler: Handler;
let hits: { path: string; form: Record<string, string> }[] = [];
let handlerErrors: unknown[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      const form = parseForm(body);
      const path = new URL(req.url ?? "/", "http://x").pathname;
      hits.push({ path, form });
      let reply: Reply;
      try {
        reply = handler(path, form, req);
      } catch (e) {
        handlerErrors.push(e); // an expect() failing inside the fake gateway; reported by afterEach
        reply = { status: 500, body: "handler failed" };
      }
      if (reply === "hang") return; // never answer
      if (reply === "destroy") {
        req.socket.destroy();
        return;
      }
      res.writeHead(reply.status ?? 200, { "content-type": reply.contentType ?? "text/plain" });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterEach(() => {
  expect(handlerErrors).toEqual([]);
});

beforeEach(() => {
  handlerErrors = [];
  hits = [];
  handler = () => ({ status: 500, body: "no handler" });
});

function config(): AtomPayConfig {
  return { ...UAT_CONFIG, env: "sandbox", ...sandboxUrls(baseUrl) };
}

function client(opts: Parameters<typeof createAtomPayClient>[1] = {}) {
  return createAtomPayClient(config(), { timeoutMs: 2000, retryDelayMs: 1, ...opts });
}

const AUTH_INPUT = {
  merchTxnId: "ANW-9F3K2Q7XJ1",
  amountPaise: 25000,
  custEmail: "a@example.com",
  custMobile: "9876543210",
  txnDate: new Date("2026-11-27T09:34:05Z"),
};
const STATUS_INPUT = { merchTxnId: "ANW-9F3K2Q7XJ1", amountPaise: 25000, txnDate: new Date("2026-11-27T09:34:05Z") };

/** A gateway that decrypts, checks, and answers `merchId=…&encData=…` (AUTH order) or encData first (status). */
function gatewayAnswer(obj: unknown, encDataFirst = false): Reply {
  const enc = encryptResponse(obj, UAT_CONFIG);
  return {
    body: encDataFirst ? `encData=${enc}&merchId=317157` : `merchId=317157&encData=${enc}`,
    contentType: "application/json", // the real gateway lies about this
  };
}

/** Collect everything an error or a result exposes, to search for secrets. */
function exposed(x: unknown): string {
  if (x instanceof Error) {
    const e = x as AtomPayError;
    return JSON.stringify({ message: e.message, stack: e.stack, exchange: e.exchange, cause: String(e.cause) });
  }
  return JSON.stringify(x);
}

async function rejection(p: Promise<unknown>): Promise<AtomPayError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AtomPayError);
    return e as AtomPayError;
  }
  throw new Error("expected a rejection");
}

describe("auth", () => {
  it("success: the server reads our request, we read its answer", async () => {
    handler = (path, form) => {
      expect(path).toBe("/sandbox/atompay/ots/aipay/auth");
      expect(form.merchId).toBe("317157");
      const req = decryptRequest(form.encData ?? "", UAT_CONFIG) as { payInstrument: { payDetails: { amount: string } } };
      expect(req.payInstrument.payDetails.amount).toBe("250.00");
      return gatewayAnswer(buildAuthAnswer("15000000085228"));
    };
    const { result, exchange } = await client().auth(AUTH_INPUT);
    expect(result).toEqual({
      atomTokenId: "15000000085228",
      statusCode: "OTS0000",
      message: "SUCCESS",
      description: "ATOM TOKEN ID HAS BEEN GENERATED SUCCESSFULLY",
    });
    expect(exchange.request.encData).toMatch(/^[0-9A-F]+$/);
    expect(exchange.response.httpStatus).toBe(200);
    expect(exchange.response.encData).toMatch(/^[0-9A-F]+$/);
    expect(exchange.response.plain).toMatchObject({ atomTokenId: 15000000085228 });
    expect((exchange.request.plain as { payInstrument: { merchDetails: { password: string } } }).payInstrument.merchDetails.password).toBe(
      "[redacted]",
    );
    expect(expectNoSecrets(exposed({ result, exchange }))).toEqual([]);
    expect(hits).toHaveLength(1);
  });

  it("encData first in the answer works too", async () => {
    handler = () => gatewayAnswer(buildAuthAnswer("15000000085228"), true);
    expect((await client().auth(AUTH_INPUT)).result.atomTokenId).toBe("15000000085228");
  });

  it("rejected (OTS0451) -> GatewayRejectedError, with the exchange attached", async () => {
    handler = () => gatewayAnswer(buildAuthAnswer(null, { statusCode: "OTS0451", message: "FAILED", description: "INVALID MERCHANT" }));
    const e = await rejection(client().auth(AUTH_INPUT));
    expect(e).toBeInstanceOf(GatewayRejectedError);
    expect((e as GatewayRejectedError).statusCode).toBe("OTS0451");
    expect((e as GatewayRejectedError).gatewayMessage).toBe("INVALID MERCHANT");
    expect(e.exchange?.response.plain).toMatchObject({ responseDetails: { txnStatusCode: "OTS0451" } });
    expect(expectNoSecrets(exposed(e))).toEqual([]);
  });

  it("empty body -> GatewayProtocolError (the gateway could not decrypt our request)", async () => {
    handler = () => ({ body: "" });
    const e = await rejection(client().auth(AUTH_INPUT));
    expect(e).toBeInstanceOf(GatewayProtocolError);
    expect((e as GatewayProtocolError).reason).toBe("empty_body");
    expect(e.exchange?.response.httpStatus).toBe(200);
  });

  it("garbage -> GatewayProtocolError", async () => {
    for (const body of [
      "<html>oops</html>",
      "encData=XYZ&merchId=317157",
      "merchId=317157&encData=00112233",
      `encData=${encryptResponse("not an object", UAT_CONFIG)}`,
    ]) {
      handler = () => ({ body });
      const e = await rejection(client().auth(AUTH_INPUT));
      expect(e).toBeInstanceOf(GatewayProtocolError);
      expect(expectNoSecrets(exposed(e))).toEqual([]);
    }
    // valid encryption of non-JSON
    handler = () => ({ body: `encData=${encrypt("{not json", UAT_CONFIG.responseAesKey)}` });
    expect(await rejection(client().auth(AUTH_INPUT))).toBeInstanceOf(GatewayProtocolError);
  });

  it("an answer for another merchant -> GatewayProtocolError", async () => {
    handler = () => ({ body: `merchId=999&encData=${encryptResponse(buildAuthAnswer("1"), UAT_CONFIG)}` });
    const e = await rejection(client().auth(AUTH_INPUT));
    expect((e as GatewayProtocolError).reason).toBe("merchant_mismatch");
  });

  it("timeout -> GatewayTimeoutError, and AUTH is not retried", async () => {
    handler = () => "hang";
    const e = await rejection(client({ timeoutMs: 150, statusRetries: 5 }).auth(AUTH_INPUT));
    expect(e).toBeInstanceOf(GatewayTimeoutError);
    expect(hits).toHaveLength(1);
  });

  it("5xx -> GatewayHttpError, AUTH not retried", async () => {
    handler = () => ({ status: 503, body: "busy" });
    const e = await rejection(client().auth(AUTH_INPUT));
    expect(e).toBeInstanceOf(GatewayHttpError);
    expect((e as GatewayHttpError).httpStatus).toBe(503);
    expect(e.exchange?.response.httpStatus).toBe(503);
    expect(hits).toHaveLength(1);
  });

  it("connection refused -> GatewayUnreachableError", async () => {
    // Bind a port, then close it: nothing listens there any more.
    const tmp = createServer();
    await new Promise<void>((r) => tmp.listen(0, "127.0.0.1", r));
    const port = (tmp.address() as AddressInfo).port;
    await new Promise<void>((r) => tmp.close(() => r()));
    const c = createAtomPayClient({ ...config(), ...sandboxUrls(`http://127.0.0.1:${port}`) }, { timeoutMs: 2000 });
    const e = await rejection(c.auth(AUTH_INPUT));
    expect(e).toBeInstanceOf(GatewayUnreachableError);
    expect(expectNoSecrets(exposed(e))).toEqual([]);
  });

  it("socket destroyed mid-request -> GatewayUnreachableError", async () => {
    handler = () => "destroy";
    expect(await rejection(client().auth(AUTH_INPUT))).toBeInstanceOf(GatewayUnreachableError);
  });
});

describe("status", () => {
  const answer = () =>
    buildStatusAnswer(UAT_CONFIG, {
      merchTxnId: "ANW-9F3K2Q7XJ1",
      atomTxnId: "11000000174314",
      amountPaise: 25000,
      statusCode: "OTS0000",
      message: "SUCCESS",
      subChannel: "NB",
      bankTxnId: "B1",
      reconStatus: "RS",
    });

  it("success, answer with encData first; our request signature verifies on the gateway side", async () => {
    handler = (path, form) => {
      expect(path).toBe("/sandbox/atompay/ots/payment/status");
      const req = decryptRequest(form.encData ?? "", UAT_CONFIG);
      expect(verifyStatusRequestSignature(req, UAT_CONFIG)).toBe(true);
      return gatewayAnswer(answer(), true);
    };
    const { result, exchange } = await client().status(STATUS_INPUT);
    expect(result).toMatchObject({
      merchTxnId: "ANW-9F3K2Q7XJ1",
      atomTxnId: "11000000174314",
      statusCode: "OTS0000",
      totalPaise: 25000,
      reconStatus: "RS",
    });
    expect(exchange.attempts).toBe(1);
    expect(expectNoSecrets(exposed({ result, exchange }))).toEqual([]);
  });

  it("retries a bounded number of times on 5xx, then gives up", async () => {
    handler = () => ({ status: 502, body: "bad gateway" });
    const e = await rejection(client({ statusRetries: 2 }).status(STATUS_INPUT));
    expect(e).toBeInstanceOf(GatewayHttpError);
    expect(hits).toHaveLength(3);
    expect(e.exchange?.attempts).toBe(3);
  });

  it("retries on timeout, then succeeds", async () => {
    let n = 0;
    handler = () => (++n < 3 ? "hang" : gatewayAnswer(answer(), true));
    const { result, exchange } = await client({ timeoutMs: 150, statusRetries: 2 }).status(STATUS_INPUT);
    expect(result.statusCode).toBe("OTS0000");
    expect(exchange.attempts).toBe(3);
    expect(hits).toHaveLength(3);
  });

  it("does not retry on 4xx or protocol errors", async () => {
    handler = () => ({ status: 400, body: "bad" });
    expect(await rejection(client().status(STATUS_INPUT))).toBeInstanceOf(GatewayHttpError);
    expect(hits).toHaveLength(1);
    hits = [];
    handler = () => ({ body: "not an answer" });
    expect(await rejection(client().status(STATUS_INPUT))).toBeInstanceOf(GatewayProtocolError);
    expect(hits).toHaveLength(1);
    // An empty answer is not retried either: it is a result that says nothing.
    hits = [];
    handler = () => ({ body: "" });
    const { result } = await client().status(STATUS_INPUT);
    expect(result).toMatchObject({ outcome: "unknown", unknownReason: "empty_body", merchTxnId: STATUS_INPUT.merchTxnId, statusCode: "" });
    expect(hits).toHaveLength(1);
  });

  it("statusRetries: 0 means one attempt", async () => {
    handler = () => ({ status: 500, body: "x" });
    await rejection(client({ statusRetries: 0 }).status(STATUS_INPUT));
    expect(hits).toHaveLength(1);
  });

  it("request-level error codes (OTS0506) are rejections, not a 'failed' payment", async () => {
    handler = () =>
      gatewayAnswer(
        buildStatusAnswer(UAT_CONFIG, { merchTxnId: "ANW-9F3K2Q7XJ1", statusCode: "OTS0506", message: "SIGNATURE MISMATCH" }),
        true,
      );
    const e = await rejection(client().status(STATUS_INPUT));
    expect(e).toBeInstanceOf(GatewayRejectedError);
    expect((e as GatewayRejectedError).statusCode).toBe("OTS0506");
  });

  it("an answer about another merchTxnId -> GatewayProtocolError", async () => {
    handler = () => gatewayAnswer(buildStatusAnswer(UAT_CONFIG, { merchTxnId: "ANW-OTHER", statusCode: "OTS0000" }), true);
    expect(((await rejection(client().status(STATUS_INPUT))) as GatewayProtocolError).reason).toBe("txn_mismatch");
  });

  it("no data (OTS0401) is a result; merchTxnId filled in", async () => {
    handler = () => gatewayAnswer({ payInstrument: [{ responseDetails: { statusCode: "OTS0401", message: "NO DATA" } }] }, true);
    const { result } = await client().status(STATUS_INPUT);
    expect(result).toMatchObject({ merchTxnId: "ANW-9F3K2Q7XJ1", statusCode: "OTS0401" });
  });
});

describe("refund", () => {
  it("success; request signature verifies; never retried", async () => {
    handler = (path, form) => {
      expect(path).toBe("/sandbox/atompay/ots/payment/refund");
      const req = decryptRequest(form.encData ?? "", UAT_CONFIG);
      expect(verifyRefundRequestSignature(req, UAT_CONFIG)).toBe(true);
      return gatewayAnswer(
        buildRefundAnswer(UAT_CONFIG, {
          merchTxnId: "ANW-9F3K2Q7XJ1",
          atomTxnId: "11000000174314",
          statusCode: "OTS0000",
          message: "SUCCESS",
          refunds: [{ refundTxnId: "55", prodRefundId: "R1", statusCode: "OTS0000", amountPaise: 25000 }],
        }),
      );
    };
    const input = { merchTxnId: "ANW-9F3K2Q7XJ1", atomTxnId: "11000000174314", refundPaise: 25000, refundId: "R1" };
    const { result } = await client().refund(input);
    expect(result).toEqual({
      statusCode: "OTS0000",
      message: "SUCCESS",
      description: "",
      refunds: [{ refundTxnId: "55", prodRefundId: "R1", statusCode: "OTS0000", amountPaise: 25000 }],
    });

    hits = [];
    handler = () => ({ status: 503, body: "" });
    expect(await rejection(client({ statusRetries: 5 }).refund(input))).toBeInstanceOf(GatewayHttpError);
    expect(hits).toHaveLength(1);
  });
});

describe("input validation", () => {
  it("bad input is a rejection (not a synchronous throw) and sends nothing", async () => {
    const p = client().auth({ ...AUTH_INPUT, amountPaise: 0 });
    expect(p).toBeInstanceOf(Promise);
    await expect(p).rejects.toThrow(AtomPayInputError);
    expect(hits).toHaveLength(0);
  });
});

describe("secrets never leak", () => {
  it("no password, key string or derived key in any error message or exchange", async () => {
    const derived = [deriveKey(UAT_CONFIG.requestAesKey).toString("hex"), deriveKey(UAT_CONFIG.responseAesKey).toString("hex")];
    const replies: Reply[] = [
      { body: "" },
      { body: "garbage" },
      { status: 500, body: UAT_CONFIG.password },
      "destroy",
      gatewayAnswer(buildAuthAnswer(null, { statusCode: "OTS0451" })),
      gatewayAnswer({ payInstrument: [{ responseDetails: { statusCode: "OTS0522" } }] }, true),
    ];
    const c = client({ statusRetries: 0, timeoutMs: 500 });
    for (const reply of replies) {
      handler = () => reply;
      for (const call of [() => c.auth(AUTH_INPUT), () => c.status(STATUS_INPUT)]) {
        const text = exposed(await call().catch((e: unknown) => e));
        expect(expectNoSecrets(text)).toEqual([]);
        for (const d of derived) expect(text.toLowerCase()).not.toContain(d);
      }
    }
  });
});
