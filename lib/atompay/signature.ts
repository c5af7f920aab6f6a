/**
 * HMAC-SHA512 signatures (protocol sections 5–7).
 *
 * - Keys are the HASH keys (requestHashKey / responseHashKey), never the AES keys (pitfall 2).
 * - Amount text is part of the signed string; "250.00", "250.0" and "250" are different messages
 *   (pitfall 3). Return signatures always use formatAmount(totalPaise); request signatures take the
 *   amount TEXT so the builder can use one variable for both the JSON and the signature.
 * - Verification compares in constant time and answers false (never throws) for anything malformed.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { AtomPayInputError } from "./errors";
import { formatAmount } from "./money";

export function hmacSha512Hex(key: string, msg: string): string {
  // An empty HMAC key would make every signature computable by anyone: refuse it outright.
  if (typeof key !== "string" || key.length === 0) throw new AtomPayInputError("hashKey", "hash key must be a non-empty string");
  if (typeof msg !== "string") throw new AtomPayInputError("message", "signature message must be a string");
  return createHmac("sha512", Buffer.from(key, "utf8")).update(msg, "utf8").digest("hex");
}

/**
 * The seven fields the gateway signs on a return/callback message. A field the message does not carry is
 * signed as empty text (a failure without bankDetails signs "" for bankTxnId; one without amounts, "" for the
 * total), which is how the gateway concatenates its own values.
 */
export interface ReturnSignatureFields {
  /** merchId as the gateway renders it: the JSON number as integer text ("317157"). */
  merchId: string;
  /** atomTxnId as integer text ("11000000174314"). */
  atomTxnId: string;
  merchTxnId: string;
  /** totalAmount in paise; signed as exactly two decimals ("250.00"); undefined = absent = "". */
  totalPaise: number | undefined;
  statusCode: string;
  /** subChannel[0] ("NB"). */
  subChannel: string;
  bankTxnId: string;
}

/** The exact text that is signed; exported for tests and for debugging with the gateway team. */
export function returnSignatureText(f: ReturnSignatureFields): string {
  const total = f.totalPaise === undefined ? "" : formatAmount(f.totalPaise);
  return f.merchId + f.atomTxnId + f.merchTxnId + total + f.statusCode + f.subChannel + f.bankTxnId;
}

/** Lowercase hex HMAC-SHA512(responseHashKey, merchId + atomTxnId + merchTxnId + "250.00" + statusCode + subChannel + bankTxnId). */
export function returnSignature(f: ReturnSignatureFields, responseHashKey: string): string {
  return hmacSha512Hex(responseHashKey, returnSignatureText(f));
}

const SHA512_HEX_RE = /^[0-9a-fA-F]{128}$/;

/**
 * Constant-time check of two hex digests. Wrong length, non-hex or non-string -> false.
 * (Length and hex-ness are public properties of the input, so the early returns leak nothing secret.)
 */
export function timingSafeHexEqual(expectedHex: string, actualHex: unknown): boolean {
  if (typeof actualHex !== "string" || typeof expectedHex !== "string") return false;
  if (!SHA512_HEX_RE.test(actualHex) || !SHA512_HEX_RE.test(expectedHex)) return false;
  const a = Buffer.from(expectedHex, "hex");
  const b = Buffer.from(actualHex, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Is `signatureHex` the gateway's signature over these fields? Never throws. */
export function verifyReturnSignature(fields: ReturnSignatureFields, signatureHex: unknown, responseHashKey: string): boolean {
  try {
    if (!fields || typeof responseHashKey !== "string" || responseHashKey.length === 0) return false;
    // Every message names its merchant, its merchTxnId and a status; without them there is nothing to verify.
    for (const k of ["merchId", "merchTxnId", "statusCode"] as const) {
      if (typeof fields[k] !== "string" || fields[k].length === 0) return false;
    }
    // The others may be absent (a cancellation carries no bank details): they are then signed as "".
    for (const k of ["atomTxnId", "subChannel", "bankTxnId"] as const) {
      if (typeof fields[k] !== "string") return false;
    }
    return timingSafeHexEqual(returnSignature(fields, responseHashKey), signatureHex);
  } catch {
    return false;
  }
}

export interface StatusSignatureFields {
  merchId: string;
  password: string;
  merchTxnId: string;
  /** The amount exactly as written in the request JSON. */
  amountText: string;
  txnCurrency: string;
}

/** HMAC-SHA512(requestHashKey, merchId + password + merchTxnId + amount + txnCurrency + "TXNVERIFICATION"). */
export function statusRequestSignature(f: StatusSignatureFields, requestHashKey: string): string {
  return hmacSha512Hex(requestHashKey, `${f.merchId}${f.password}${f.merchTxnId}${f.amountText}${f.txnCurrency}TXNVERIFICATION`);
}

export interface RefundSignatureFields {
  merchId: string;
  password: string;
  merchTxnId: string;
  /** totalRefundAmount exactly as written in the request JSON. */
  totalRefundAmountText: string;
  txnCurrency: string;
}

/** HMAC-SHA512(requestHashKey, merchId + password + merchTxnId + totalRefundAmount + txnCurrency + "REFUNDINIT"). */
export function refundRequestSignature(f: RefundSignatureFields, requestHashKey: string): string {
  return hmacSha512Hex(requestHashKey, `${f.merchId}${f.password}${f.merchTxnId}${f.totalRefundAmountText}${f.txnCurrency}REFUNDINIT`);
}

export interface StatusV2SignatureFields {
  merchId: string;
  merchTxnId: string;
  /** The amount as the text of the JSON number sent ("250", "250.5"). */
  amountText: string;
  txnCurrency: string;
}

/** Status API v2: HMAC-SHA512(requestHashKey, merchId + merchTxnId + amount + txnCurrency); no password, no api name. */
export function statusV2RequestSignature(f: StatusV2SignatureFields, requestHashKey: string): string {
  return hmacSha512Hex(requestHashKey, f.merchId + f.merchTxnId + f.amountText + f.txnCurrency);
}
