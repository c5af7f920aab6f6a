/**
 * Typed errors for everything AtomPay-related.
 *
 * Why typed: the app must tell "the gateway is down, try again" apart from "the gateway said no" and from
 * "somebody POSTed garbage at our return URL", and it must do so without string-matching messages.
 *
 * Rule for every message built here: it may name a field, a reason code, an HTTP status, a gateway status
 * code, a URL. It never carries a key, a password, a derived key or a whole (decrypted) message.
 */

/** What the client sent and received, already redacted; attached to results and to errors. */
export interface AtomPayExchange {
  request: { encData: string; plain: unknown };
  response: { encData?: string; plain?: unknown; httpStatus?: number };
  /** How many HTTP attempts were made (status calls can retry). */
  attempts?: number;
}

export class AtomPayError extends Error {
  readonly code: string;
  /** Partial exchange, set by the client when a gateway call fails (safe to log). */
  exchange?: AtomPayExchange;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export type AtomPayCryptoReason =
  | "empty"
  | "too_large"
  | "odd_length"
  | "not_hex"
  | "block_size"
  | "bad_padding"
  | "not_utf8"
  | "bad_key"
  | "bad_input"
  | "internal";

/** Ciphertext could not be decrypted (or plaintext could not be encrypted). */
export class AtomPayCryptoError extends AtomPayError {
  readonly reason: AtomPayCryptoReason;

  constructor(reason: AtomPayCryptoReason, message?: string) {
    super("ATOMPAY_CRYPTO", message ?? `AtomPay crypto failure: ${reason}`);
    this.reason = reason;
  }
}

/** A caller handed the library something it refuses to send (bad amount, empty id, ...). */
export class AtomPayInputError extends AtomPayError {
  readonly field: string;

  constructor(field: string, message: string) {
    super("ATOMPAY_INPUT", message);
    this.field = field;
  }
}

/** Network failure: DNS, connection refused, reset, TLS. Nothing was (knowingly) answered. */
export class GatewayUnreachableError extends AtomPayError {
  constructor(url: string, options?: { cause?: unknown }) {
    super("GATEWAY_UNREACHABLE", `AtomPay gateway unreachable: ${url}`, options);
  }
}

/** No complete answer within the time limit. The gateway may or may not have acted on the request. */
export class GatewayTimeoutError extends AtomPayError {
  readonly timeoutMs: number;

  constructor(url: string, timeoutMs: number, options?: { cause?: unknown }) {
    super("GATEWAY_TIMEOUT", `AtomPay gateway timed out after ${timeoutMs} ms: ${url}`, options);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The gateway answered with a non-2xx HTTP status. NDPS answers AUTH errors with HTTP 400–403 and a flat body
 * `{txnStatusCode, txnMessage, txnDescription}`: when present, the code and words are kept here so the app
 * can log and count them (they name no secret of ours).
 */
export class GatewayHttpError extends AtomPayError {
  readonly httpStatus: number;
  readonly statusCode?: string;
  readonly gatewayMessage?: string;

  constructor(url: string, httpStatus: number, flat?: { txnStatusCode: string; txnMessage: string; txnDescription: string }) {
    super(
      "GATEWAY_HTTP",
      `AtomPay gateway answered HTTP ${httpStatus}${flat ? ` ${flat.txnStatusCode} (${truncate(flat.txnDescription || flat.txnMessage, 160)})` : ""}: ${url}`,
    );
    this.httpStatus = httpStatus;
    if (flat) {
      this.statusCode = flat.txnStatusCode;
      this.gatewayMessage = flat.txnDescription || flat.txnMessage;
    }
  }
}

/** The gateway's own status code and words carried by an error, if any (for logs and metrics, never attendees). */
export function gatewayReasonOf(error: unknown): { statusCode: string; gatewayMessage: string } | undefined {
  if (error instanceof GatewayRejectedError) return { statusCode: error.statusCode, gatewayMessage: error.gatewayMessage };
  if (error instanceof GatewayHttpError && error.statusCode)
    return { statusCode: error.statusCode, gatewayMessage: error.gatewayMessage ?? "" };
  return undefined;
}

/** The gateway understood us and said no (OTS0451 invalid merchant, OTS06xx validation, OTS0506, ...). */
export class GatewayRejectedError extends AtomPayError {
  readonly statusCode: string;
  /** The gateway's own short message/description (never contains our secrets). */
  readonly gatewayMessage: string;

  constructor(api: string, statusCode: string, gatewayMessage: string) {
    super("GATEWAY_REJECTED", `AtomPay ${api} rejected: ${statusCode}${gatewayMessage ? ` (${truncate(gatewayMessage, 160)})` : ""}`);
    this.statusCode = statusCode;
    this.gatewayMessage = gatewayMessage;
  }
}

/**
 * An answer (or a return/callback message) could not be decrypted, parsed or understood.
 * An EMPTY answer body lands here too: that is how the gateway says it could not decrypt our request
 * (wrong request AES key, or a merchId that does not match the key).
 */
export class GatewayProtocolError extends AtomPayError {
  /** Short machine-friendly reason, e.g. "empty_body", "schema", "not_json", "decrypt:bad_padding". */
  readonly reason: string;

  constructor(reason: string, detail?: string, options?: { cause?: unknown }) {
    super("GATEWAY_PROTOCOL", `AtomPay protocol error: ${reason}${detail ? ` (${truncate(detail, 200)})` : ""}`, options);
    this.reason = reason;
  }
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
