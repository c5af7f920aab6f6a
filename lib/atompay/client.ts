/**
 * HTTP client for the gateway's server-to-server APIs: AUTH, status (TXNVERIFICATION, v1 or v2), refund
 * (REFUNDINIT) and refund status (REFUNDSTATUS).
 *
 * Each call: build plain JSON -> encrypt (request AES key) -> POST form `encData=<HEX>&merchId=<MID>` ->
 * read the answer AS A FORM (encData may come first or second; the content-type may lie) -> decrypt
 * (response AES key) -> parse. Every call returns `{ result, exchange }`; `exchange` holds both messages
 * with secrets redacted, so the app can log it as-is. On failure the same partial exchange is attached to
 * the thrown error as `error.exchange`.
 *
 * Retries: AUTH and refund are never retried (a retry could create a second token or a second refund).
 * Status is read-only, so it is retried a bounded number of times on unreachable / timeout / HTTP 5xx.
 *
 * A status answer that says nothing (an empty body, no payInstrument element, no status code) is not an error:
 * the result has `outcome: "unknown"` and the caller asks again later. An HTTP 4xx whose body is NDPS's flat
 * error (`{"encData":null,"txnStatusCode","txnMessage","txnDescription"}`) keeps the gateway's code and words
 * on the thrown GatewayHttpError.
 */
import type { AtomPayConfig, RefundFormStyle } from "./config";
import { decrypt, encrypt } from "./crypto";
import {
  AtomPayCryptoError,
  AtomPayError,
  type AtomPayExchange,
  GatewayHttpError,
  GatewayProtocolError,
  GatewayRejectedError,
  GatewayTimeoutError,
  GatewayUnreachableError,
} from "./errors";
import { encodeForm, readEncryptedForm } from "./form";
import { type AuthInput, buildAuthRequest, parseAuthResponse } from "./messages/auth";
import { buildRefundRequest, parseRefundResponse, type RefundInput, type RefundResponse } from "./messages/refund";
import {
  buildRefundStatusRequest,
  parseRefundStatusResponse,
  type RefundStatusInput,
  type RefundStatusResponse,
} from "./messages/refund-status";
import {
  buildStatusRequest,
  buildStatusV2Request,
  parseStatusResponse,
  type StatusInput,
  type StatusResponse,
  unknownStatus,
} from "./messages/status";
import { redactMessage } from "./redact";
import { isRequestErrorCode, SUCCESS_CODE } from "./status-codes";

export interface AtomPayClientOptions {
  fetch?: typeof fetch;
  /** Per HTTP attempt, covering connect, headers and body. Default 15000. */
  timeoutMs?: number;
  /** Extra attempts for status calls (total attempts = 1 + statusRetries). Default 2. */
  statusRetries?: number;
  /** Base delay between status attempts, doubled each time. Default 300. */
  retryDelayMs?: number;
}

export interface AtomPayCallResult<T> {
  result: T;
  exchange: AtomPayExchange;
}

export interface AuthResult {
  atomTokenId: string;
  statusCode: string;
  message: string;
  description: string;
}

export type StatusResult = StatusResponse;
export type RefundResult = RefundResponse;
export type RefundStatusResult = RefundStatusResponse;

export interface AtomPayClient {
  auth(input: AuthInput): Promise<AtomPayCallResult<AuthResult>>;
  /** Never throws for an answer that says nothing: `result.outcome === "unknown"`. */
  status(input: StatusInput): Promise<AtomPayCallResult<StatusResult>>;
  refund(input: RefundInput): Promise<AtomPayCallResult<RefundResult>>;
  refundStatus(input: RefundStatusInput): Promise<AtomPayCallResult<RefundStatusResult>>;
}

/** Bytes of a non-2xx body read to find NDPS's flat error; the rest is discarded. */
const MAX_ERROR_BODY_CHARS = 16 * 1024;

/** Answers bigger than this are not AtomPay answers (real ones are a few KiB). */
const MAX_ANSWER_CHARS = 256 * 1024;

export function createAtomPayClient(config: AtomPayConfig, opts: AtomPayClientOptions = {}): AtomPayClient {
  const doFetch = opts.fetch ?? globalThis.fetch;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const statusRetries = Math.max(0, Math.floor(opts.statusRetries ?? 2));
  const retryDelayMs = Math.max(0, opts.retryDelayMs ?? 300);

  /** One HTTP attempt. Fills exchange.response as far as it gets; returns the decrypted JSON. */
  async function attempt(
    url: string,
    encData: string,
    exchange: AtomPayExchange,
    allowEmpty: boolean,
    style: RefundFormStyle = "body",
  ): Promise<unknown> {
    exchange.response = {};
    const signal = AbortSignal.timeout(timeoutMs);
    // "query": the fields travel in the URL (NDPS's reference for refunds); errors still name only `url`.
    const fields = encodeForm({ merchId: config.merchId, encData });
    const target = style === "query" ? `${url}${url.includes("?") ? "&" : "?"}${fields}` : url;
    let res: Response;
    try {
      res = await doFetch(target, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "*/*" },
        body: style === "query" ? "" : encodeForm({ encData, merchId: config.merchId }),
        signal,
        redirect: "error",
      });
    } catch (e) {
      if (signal.aborted || isTimeout(e)) throw new GatewayTimeoutError(url, timeoutMs, { cause: e });
      throw new GatewayUnreachableError(url, { cause: e });
    }
    exchange.response.httpStatus = res.status;
    if (res.status < 200 || res.status > 299) {
      const flat = await readFlatError(res);
      if (flat) exchange.response.plain = flat;
      throw new GatewayHttpError(url, res.status, flat);
    }

    let body: string;
    try {
      body = await res.text();
    } catch (e) {
      if (signal.aborted || isTimeout(e)) throw new GatewayTimeoutError(url, timeoutMs, { cause: e });
      throw new GatewayUnreachableError(url, { cause: e });
    }
    if (body.trim() === "") {
      if (allowEmpty) return undefined;
      throw new GatewayProtocolError(
        "empty_body",
        "empty answer: the gateway could not decrypt our request (wrong request key or merchId?)",
      );
    }
    if (body.length > MAX_ANSWER_CHARS) throw new GatewayProtocolError("too_large", "answer is too large");
    // NDPS's flat error can also come with HTTP 200: no encData, the code and words in clear.
    const flat = flatError(body);
    if (flat) {
      exchange.response.plain = flat;
      throw new GatewayRejectedError(apiOf(url), flat.txnStatusCode, flat.txnDescription || flat.txnMessage);
    }

    const form = readEncryptedForm(body);
    exchange.response.encData = form.encData;
    if (form.merchId !== undefined && form.merchId !== config.merchId) {
      throw new GatewayProtocolError("merchant_mismatch", "answer is for another merchId");
    }
    let text: string;
    try {
      text = decrypt(form.encData, config.responseAesKey);
    } catch (e) {
      if (e instanceof AtomPayCryptoError)
        throw new GatewayProtocolError(`decrypt:${e.reason}`, "answer could not be decrypted", { cause: e });
      throw e;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new GatewayProtocolError("not_json", "decrypted answer is not JSON");
    }
    exchange.response.plain = redactMessage(json);
    return json;
  }

  /** Build, encrypt, send (with bounded retries if asked), parse; errors get the exchange attached. */
  async function call<T>(
    url: string,
    plain: unknown,
    retries: number,
    handle: (json: unknown) => T,
    allowEmpty = false,
    style: RefundFormStyle = "body",
  ): Promise<AtomPayCallResult<T>> {
    // Encrypting is done before the exchange exists; its errors (bad key) carry nothing secret anyway.
    const encData = encrypt(JSON.stringify(plain), config.requestAesKey);
    const exchange: AtomPayExchange = { request: { encData, plain: redactMessage(plain) }, response: {}, attempts: 0 };
    try {
      for (let i = 0; ; i++) {
        exchange.attempts = i + 1;
        try {
          const json = await attempt(url, encData, exchange, allowEmpty, style);
          return { result: handle(json), exchange };
        } catch (e) {
          if (i >= retries || !isRetryable(e)) throw e;
          await sleep(retryDelayMs * 2 ** i);
        }
      }
    } catch (e) {
      const err = e instanceof AtomPayError ? e : new GatewayProtocolError("internal", "unexpected failure", { cause: e });
      err.exchange = exchange;
      throw err;
    }
  }

  return {
    async auth(input) {
      return call(config.authUrl, buildAuthRequest(config, input), 0, (json) => {
        const r = parseAuthResponse(json);
        if (r.statusCode !== SUCCESS_CODE) throw new GatewayRejectedError("AUTH", r.statusCode, r.description || r.message);
        if (r.atomTokenId === "") throw new GatewayProtocolError("schema", "auth answer: OTS0000 without atomTokenId");
        return r;
      });
    },

    async status(input) {
      const v2 = config.statusApi === "v2";
      const plain = v2 ? buildStatusV2Request(config, input) : buildStatusRequest(config, input);
      return call(
        config.statusUrl,
        plain,
        statusRetries,
        (json) => {
          // An empty body says nothing; so does an answer with no element or no status code.
          if (json === undefined) return unknownStatus("empty_body", input.merchTxnId);
          const r = parseStatusResponse(json);
          if (r.outcome === "unknown") {
            r.merchTxnId = input.merchTxnId;
            return r;
          }
          // Codes about our request (bad signature, password, date…) say nothing about the payment: never let the
          // app record "failed" for them.
          if (isRequestErrorCode(r.statusCode)) throw new GatewayRejectedError("TXNVERIFICATION", r.statusCode, r.description || r.message);
          if (r.merchTxnId === "") r.merchTxnId = input.merchTxnId;
          else if (r.merchTxnId !== input.merchTxnId)
            throw new GatewayProtocolError("txn_mismatch", "status answer is for another merchTxnId");
          return r;
        },
        true,
      );
    },

    async refund(input) {
      return call(
        config.refundUrl,
        buildRefundRequest(config, input),
        0,
        (json) => {
          const r = parseRefundResponse(json);
          if (isRequestErrorCode(r.statusCode)) throw new GatewayRejectedError("REFUNDINIT", r.statusCode, r.description || r.message);
          return r;
        },
        false,
        config.refundForm ?? "body",
      );
    },

    async refundStatus(input) {
      // Read-only like the status API, so retried the same way; it lives at the v1 status endpoint.
      const url = config.refundStatusUrl ?? config.statusUrl;
      return call(
        url,
        buildRefundStatusRequest(config, input),
        statusRetries,
        (json) => {
          if (json === undefined) return { statusCode: "", message: "", description: "", refunds: [] };
          const r = parseRefundStatusResponse(json);
          if (isRequestErrorCode(r.statusCode)) throw new GatewayRejectedError("REFUNDSTATUS", r.statusCode, r.description || r.message);
          return r;
        },
        true,
      );
    },
  };

  function apiOf(url: string): string {
    if (url === config.authUrl) return "AUTH";
    if (url === config.refundUrl) return "REFUNDINIT";
    return "TXNVERIFICATION";
  }
}

/** NDPS's flat error body: `{"encData":null,"txnStatusCode":"OTS0600","txnMessage":"FAILED","txnDescription":"…"}`. */
export interface FlatGatewayError {
  txnStatusCode: string;
  txnMessage: string;
  txnDescription: string;
}

function flatError(body: string): FlatGatewayError | undefined {
  const text = body.trim();
  if (!text.startsWith("{")) return undefined;
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    if (typeof j.txnStatusCode !== "string" || j.txnStatusCode.trim() === "") return undefined;
    const words = (v: unknown) => (typeof v === "string" ? v.slice(0, 300) : "");
    return { txnStatusCode: j.txnStatusCode.trim().slice(0, 20), txnMessage: words(j.txnMessage), txnDescription: words(j.txnDescription) };
  } catch {
    return undefined;
  }
}

async function readFlatError(res: Response): Promise<FlatGatewayError | undefined> {
  try {
    const text = await res.text();
    return text.length <= MAX_ERROR_BODY_CHARS ? flatError(text) : undefined;
  } catch {
    return undefined;
  }
}

function isTimeout(e: unknown): boolean {
  return e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
}

function isRetryable(e: unknown): boolean {
  return e instanceof GatewayUnreachableError || e instanceof GatewayTimeoutError || (e instanceof GatewayHttpError && e.httpStatus >= 500);
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
