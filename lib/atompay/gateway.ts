/**
 * The GATEWAY's side of the protocol, for the app's local sandbox gateway and for tests. It mirrors what
 * NDPS does: decrypts requests with the request AES key, encrypts answers with the response AES key, signs
 * return messages with the response HASH key, and checks our status/refund signatures with the request
 * HASH key. It never runs against real money; it exists so the client is tested against the same bytes.
 */
import type { AtomPayConfig } from "./config";
import { decrypt, encrypt } from "./crypto";
import { gatewayEchoDate, merchTxnDate as indiaDateTime } from "./dates";
import { GatewayProtocolError } from "./errors";
import { idForJson } from "./messages/common";
import { formatAmount, paiseToNumber } from "./money";
import { refundRequestSignature, returnSignature, statusRequestSignature, statusV2RequestSignature, timingSafeHexEqual } from "./signature";

type Keys = Pick<AtomPayConfig, "requestAesKey" | "responseAesKey">;

/** Decrypt a request's encData (request AES key) and JSON.parse it. Crypto/JSON failures are typed. */
export function decryptRequest(encHex: string, config: Pick<AtomPayConfig, "requestAesKey">): unknown {
  const text = decrypt(encHex, config.requestAesKey);
  try {
    return JSON.parse(text);
  } catch {
    throw new GatewayProtocolError("not_json", "request is not JSON");
  }
}

/** JSON.stringify + encrypt with the response AES key (uppercase hex). */
export function encryptResponse(obj: unknown, config: Pick<Keys, "responseAesKey">): string {
  return encrypt(JSON.stringify(obj), config.responseAesKey);
}

/** AUTH answer. Pass atomTokenId null for error answers (OTS0451, OTS06xx), which carry no token. */
export function buildAuthAnswer(
  atomTokenId: string | number | null,
  opts: { statusCode?: string; message?: string; description?: string } = {},
): Record<string, unknown> {
  const statusCode = opts.statusCode ?? "OTS0000";
  const ok = statusCode === "OTS0000";
  const answer: Record<string, unknown> = {};
  if (atomTokenId !== null) answer.atomTokenId = typeof atomTokenId === "number" ? atomTokenId : idForJson(atomTokenId);
  answer.responseDetails = {
    txnStatusCode: statusCode,
    txnMessage: opts.message ?? (ok ? "SUCCESS" : "FAILED"),
    txnDescription: opts.description ?? (ok ? "ATOM TOKEN ID HAS BEEN GENERATED SUCCESSFULLY" : "FAILED"),
  };
  return answer;
}

export interface ReturnMessageInput {
  merchTxnId: string;
  /** Echo of the AUTH merchTxnDate; a Date is rendered the way the gateway echoes it ("2026-11-27T15:04:05"). */
  merchTxnDate: string | Date;
  /** Omit for a message without one (some cancellations): then "" is signed. */
  atomTxnId?: string;
  amountPaise: number;
  surchargePaise?: number;
  statusCode: string;
  message?: string;
  description?: string;
  /** Omit for a message that names no payment mode: then "" is signed. */
  subChannel?: string;
  /** Omit for a failure or cancellation: the message then has no bankDetails and "" is signed. */
  bankTxnId?: string;
  bankName?: string;
  custEmail?: string;
  custMobile?: string;
  udf?: Record<string, string>;
  txnInitDate?: Date;
  txnCompleteDate?: Date;
  /** Card payments: cardType is "CC" or "DC", as the gateway writes it. */
  card?: { cardType?: string; cardMaskNumber?: string; scheme?: string; authId?: string };
  /** Sign with this key instead of config.responseHashKey (forgery tests: e.g. the AES key, pitfall 2). */
  signWith?: string;
  /** The shapes real messages come in (NDPS's types vs captured samples). Defaults: array, number. */
  shape?: {
    subChannel?: "array" | "string";
    amounts?: "number" | "string";
    /** Leave the amounts out altogether (some failures): "" is signed for the total. */
    omitAmounts?: boolean;
    /** Extra fields the gateway adds (clientCode, custFirstName…), merged into payDetails / custDetails. */
    extraPayDetails?: Record<string, unknown>;
    extraCustDetails?: Record<string, unknown>;
  };
}

/** The full section-4 JSON object: numbers where the gateway sends numbers, and a correct signature. */
export function buildReturnMessage(
  config: Pick<AtomPayConfig, "merchId" | "productId" | "responseHashKey">,
  input: ReturnMessageInput,
): Record<string, unknown> {
  const shape = input.shape ?? {};
  const surchargePaise = input.surchargePaise ?? 0;
  const totalPaise = input.amountPaise + surchargePaise;
  const signature = returnSignature(
    {
      merchId: config.merchId,
      atomTxnId: input.atomTxnId ?? "",
      merchTxnId: input.merchTxnId,
      totalPaise: shape.omitAmounts ? undefined : totalPaise,
      statusCode: input.statusCode,
      subChannel: input.subChannel ?? "",
      bankTxnId: input.bankTxnId ?? "",
    },
    input.signWith ?? config.responseHashKey,
  );
  const money = (paise: number) => (shape.amounts === "string" ? formatAmount(paise) : paiseToNumber(paise));
  const payDetails: Record<string, unknown> = {
    ...(input.atomTxnId !== undefined ? { atomTxnId: idForJson(input.atomTxnId) } : {}),
    ...(shape.omitAmounts
      ? {}
      : {
          prodDetails: [{ prodName: config.productId, prodAmount: money(input.amountPaise) }],
          amount: money(input.amountPaise),
          surchargeAmount: money(surchargePaise),
          totalAmount: money(totalPaise),
        }),
    custAccNo: "213232323",
    txnCurrency: "INR",
    signature,
    ...(shape.extraPayDetails ?? {}),
  };
  if (input.txnInitDate) payDetails.txnInitDate = indiaDateTime(input.txnInitDate);
  if (input.txnCompleteDate) payDetails.txnCompleteDate = indiaDateTime(input.txnCompleteDate);

  const payModeSpecificData: Record<string, unknown> = {};
  if (input.subChannel !== undefined)
    payModeSpecificData.subChannel = shape.subChannel === "string" ? input.subChannel : [input.subChannel];
  if (input.bankTxnId !== undefined) {
    payModeSpecificData.bankDetails = {
      otsBankId: 2001,
      bankTxnId: input.bankTxnId,
      otsBankName: input.bankName ?? "Atom Bank",
      ...(input.card ?? {}),
    };
  }
  const extras: Record<string, string> = { udf1: "", udf2: "", udf3: "", udf4: "", udf5: "", ...(input.udf ?? {}) };

  return {
    payInstrument: {
      merchDetails: {
        merchId: idForJson(config.merchId),
        merchTxnId: input.merchTxnId,
        merchTxnDate: typeof input.merchTxnDate === "string" ? input.merchTxnDate : gatewayEchoDate(input.merchTxnDate),
      },
      payDetails,
      payModeSpecificData,
      extras,
      custDetails: {
        custEmail: input.custEmail ?? "",
        custMobile: input.custMobile ?? "",
        billingInfo: {},
        ...(shape.extraCustDetails ?? {}),
      },
      responseDetails: {
        statusCode: input.statusCode,
        message: input.message ?? "",
        description: input.description ?? "",
      },
    },
  };
}

/** What the gateway's page POSTs to returnUrl: `{ encData, merchId }` (encrypted with the response AES key). */
export function encodeReturnForm(
  config: Pick<AtomPayConfig, "merchId" | "responseAesKey">,
  messageObject: unknown,
): { encData: string; merchId: string } {
  return { encData: encryptResponse(messageObject, config), merchId: config.merchId };
}

export interface StatusAnswerInput {
  merchTxnId: string;
  atomTxnId?: string;
  amountPaise?: number;
  surchargePaise?: number;
  statusCode: string;
  message?: string;
  description?: string;
  /** Sent as a plain string, as the real status API does. */
  subChannel?: string;
  bankTxnId?: string;
  bankName?: string;
  reconStatus?: string;
  /** The gateway's own time of the transaction, echoed as "2026-11-27T15:04:05". */
  merchTxnDate?: Date;
  /** v1 answers carry an array with one element; v2 answers an object. Default "array". */
  form?: "array" | "object";
}

/** Status answer: payInstrument is an ARRAY with one element (v1), or an object (v2). */
export function buildStatusAnswer(config: Pick<AtomPayConfig, "merchId">, input: StatusAnswerInput): Record<string, unknown> {
  const el: Record<string, unknown> = {
    merchDetails: {
      merchId: idForJson(config.merchId),
      merchTxnId: input.merchTxnId,
      ...(input.merchTxnDate ? { merchTxnDate: gatewayEchoDate(input.merchTxnDate) } : {}),
    },
  };
  if (input.amountPaise !== undefined) {
    const surcharge = input.surchargePaise ?? 0;
    el.payDetails = {
      ...(input.atomTxnId !== undefined ? { atomTxnId: idForJson(input.atomTxnId) } : {}),
      amount: paiseToNumber(input.amountPaise),
      surchargeAmount: paiseToNumber(surcharge),
      totalAmount: paiseToNumber(input.amountPaise + surcharge),
      txnCurrency: "INR",
    };
  } else if (input.atomTxnId !== undefined) {
    el.payDetails = { atomTxnId: idForJson(input.atomTxnId) };
  }
  if (input.subChannel !== undefined || input.bankTxnId !== undefined) {
    el.payModeSpecificData = {
      ...(input.subChannel !== undefined ? { subChannel: input.subChannel } : {}),
      ...(input.bankTxnId !== undefined
        ? { bankDetails: { bankTxnId: input.bankTxnId, ...(input.bankName ? { otsBankName: input.bankName } : {}) } }
        : {}),
    };
  }
  el.responseDetails = {
    statusCode: input.statusCode,
    message: input.message ?? "",
    description: input.description ?? "",
  };
  if (input.reconStatus !== undefined) el.settlementDetails = { reconStatus: input.reconStatus };
  return { payInstrument: input.form === "object" ? el : [el] };
}

export interface RefundStatusAnswerInput {
  atomTxnId: string;
  statusCode: string;
  message?: string;
  description?: string;
  refunds?: { refundTxnId?: string; prodRefundId?: string; amountPaise?: number; initiatedDate?: Date; remarks?: string }[];
  /**
   * "array": `refundStatusDetails: [{prodName, refundStatus: [...]}]` (NDPS's MCP docs, the default); "object":
   * `refundStatusDetails: {refundDetails: [{prodName, refundStatus: [...]}]}` (the API reference's sample).
   */
  shape?: "array" | "object";
}

/** REFUNDSTATUS answer: the refunds the gateway holds for one atomTxnId, grouped by product. */
export function buildRefundStatusAnswer(config: Pick<AtomPayConfig, "productId">, input: RefundStatusAnswerInput): Record<string, unknown> {
  const refunds = input.refunds ?? [];
  const groups = [
    {
      prodName: config.productId,
      refundStatus: refunds.map((r) => ({
        remarks: r.remarks ?? "",
        ...(r.amountPaise !== undefined ? { refundAmt: paiseToNumber(r.amountPaise) } : {}),
        ...(r.refundTxnId !== undefined ? { refundTxnId: idForJson(r.refundTxnId) } : {}),
        ...(r.prodRefundId !== undefined ? { prodRefundId: r.prodRefundId } : {}),
        ...(r.initiatedDate ? { refundInitiatedDate: indiaDateTime(r.initiatedDate) } : {}),
      })),
    },
  ];
  return {
    payInstrument: {
      payDetails: { atomTxnId: idForJson(input.atomTxnId) },
      responseDetails: { statusCode: input.statusCode, message: input.message ?? "", description: input.description ?? "" },
      ...(refunds.length > 0 ? { refundStatusDetails: input.shape === "object" ? { refundDetails: groups } : groups } : {}),
    },
  };
}

export interface RefundAnswerInput {
  merchTxnId: string;
  atomTxnId: string;
  statusCode: string;
  message?: string;
  description?: string;
  refunds?: { refundTxnId?: string; prodRefundId?: string; statusCode?: string; amountPaise?: number }[];
}

export function buildRefundAnswer(config: Pick<AtomPayConfig, "merchId" | "productId">, input: RefundAnswerInput): Record<string, unknown> {
  return {
    payInstrument: {
      merchDetails: { merchId: idForJson(config.merchId), merchTxnId: input.merchTxnId },
      payDetails: {
        atomTxnId: idForJson(input.atomTxnId),
        prodDetails: (input.refunds ?? []).map((r) => ({
          prodName: config.productId,
          ...(r.refundTxnId !== undefined ? { refundTxnId: idForJson(r.refundTxnId) } : {}),
          ...(r.prodRefundId !== undefined ? { prodRefundId: r.prodRefundId } : {}),
          ...(r.statusCode !== undefined ? { prodStatusCode: r.statusCode } : {}),
          ...(r.amountPaise !== undefined ? { prodRefundAmount: paiseToNumber(r.amountPaise) } : {}),
        })),
      },
      responseDetails: {
        statusCode: input.statusCode,
        message: input.message ?? "",
        description: input.description ?? "",
      },
    },
  };
}

// ---- checking our signed requests, as the gateway would ----

function get(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur) || !Object.hasOwn(cur, k)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/**
 * A JSON value as the text the gateway would sign: strings as-is, numbers as JS renders them (250 -> "250").
 * The client always sends amounts as strings ("250.00"), so for our requests this is exactly that text.
 */
function asText(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

/** Check a decrypted TXNVERIFICATION request's signature with the request HASH key. Never throws. */
export function verifyStatusRequestSignature(request: unknown, config: Pick<AtomPayConfig, "requestHashKey">): boolean {
  try {
    const api = get(request, "payInstrument", "headDetails", "api");
    const merchId = asText(get(request, "payInstrument", "merchDetails", "merchId"));
    const password = asText(get(request, "payInstrument", "merchDetails", "password"));
    const merchTxnId = asText(get(request, "payInstrument", "merchDetails", "merchTxnId"));
    const amountText = asText(get(request, "payInstrument", "payDetails", "amount"));
    const txnCurrency = asText(get(request, "payInstrument", "payDetails", "txnCurrency"));
    const signature = get(request, "payInstrument", "payDetails", "signature");
    if (api !== "TXNVERIFICATION" || merchId === undefined || password === undefined || merchTxnId === undefined) return false;
    if (amountText === undefined || txnCurrency === undefined) return false;
    const expected = statusRequestSignature({ merchId, password, merchTxnId, amountText, txnCurrency }, config.requestHashKey);
    return timingSafeHexEqual(expected, signature);
  } catch {
    return false;
  }
}

/** Check a decrypted status v2 request's signature (no password, no api name). Never throws. */
export function verifyStatusV2RequestSignature(request: unknown, config: Pick<AtomPayConfig, "requestHashKey">): boolean {
  try {
    const merchId = asText(get(request, "payInstrument", "merchDetails", "merchId"));
    const merchTxnId = asText(get(request, "payInstrument", "merchDetails", "merchTxnId"));
    const amountText = asText(get(request, "payInstrument", "payDetails", "amount"));
    const txnCurrency = asText(get(request, "payInstrument", "payDetails", "txnCurrency"));
    const signature = get(request, "payInstrument", "payDetails", "signature");
    if (merchId === undefined || merchTxnId === undefined || amountText === undefined || txnCurrency === undefined) return false;
    return timingSafeHexEqual(statusV2RequestSignature({ merchId, merchTxnId, amountText, txnCurrency }, config.requestHashKey), signature);
  } catch {
    return false;
  }
}

/** Check a decrypted REFUNDINIT request's signature with the request HASH key. Never throws. */
export function verifyRefundRequestSignature(request: unknown, config: Pick<AtomPayConfig, "requestHashKey">): boolean {
  try {
    const api = get(request, "payInstrument", "headDetails", "api");
    const merchId = asText(get(request, "payInstrument", "merchDetails", "merchId"));
    const password = asText(get(request, "payInstrument", "merchDetails", "password"));
    const merchTxnId = asText(get(request, "payInstrument", "merchDetails", "merchTxnId"));
    const totalRefundAmountText = asText(get(request, "payInstrument", "payDetails", "totalRefundAmount"));
    const txnCurrency = asText(get(request, "payInstrument", "payDetails", "txnCurrency"));
    const signature = get(request, "payInstrument", "payDetails", "signature");
    if (api !== "REFUNDINIT" || merchId === undefined || password === undefined || merchTxnId === undefined) return false;
    if (totalRefundAmountText === undefined || txnCurrency === undefined) return false;
    const expected = refundRequestSignature({ merchId, password, merchTxnId, totalRefundAmountText, txnCurrency }, config.requestHashKey);
    return timingSafeHexEqual(expected, signature);
  } catch {
    return false;
  }
}
