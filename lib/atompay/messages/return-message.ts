/**
 * The return / callback message (protocol sections 4 and 5): what the gateway makes the browser POST to our
 * returnUrl, and what it may also send server-to-server. Handling, in this order:
 *   returnSentinel() -> openReturnMessage() (decrypt, parse, verify) -> checkReturnBinding() -> record once.
 */
import { z } from "zod";
import type { AtomPayConfig } from "../config";
import { decrypt } from "../crypto";
import { GatewayProtocolError } from "../errors";
import { redactMessage } from "../redact";
import { type ReturnSignatureFields, verifyReturnSignature } from "../signature";
import {
  amountPaise,
  amountValue,
  firstInstrument,
  firstSubChannel,
  idText,
  idValue,
  parseOrThrow,
  readUdf,
  subChannelValue,
} from "./common";

const optText = z.string().optional().nullable();

const instrumentSchema = z.looseObject({
  merchDetails: z.looseObject({
    merchId: idValue,
    merchTxnId: z.string(),
    merchTxnDate: optText,
  }),
  payDetails: z.looseObject({
    atomTxnId: idValue,
    amount: amountValue,
    surchargeAmount: amountValue.optional().nullable(),
    totalAmount: amountValue,
    txnCurrency: z.string(),
    signature: z.string(),
    txnInitDate: optText,
    txnCompleteDate: optText,
  }),
  payModeSpecificData: z.looseObject({
    subChannel: subChannelValue,
    bankDetails: z.looseObject({
      bankTxnId: idValue,
      otsBankName: optText,
      cardMaskNumber: optText,
    }),
  }),
  extras: z.record(z.string(), z.unknown()).optional().nullable(),
  custDetails: z
    .looseObject({ custEmail: optText, custMobile: optText })
    .optional()
    .nullable(),
  responseDetails: z.looseObject({
    statusCode: z.string(),
    message: optText,
    description: optText,
  }),
});

const returnSchema = z.looseObject({
  payInstrument: z.union([instrumentSchema, z.array(instrumentSchema)]),
});

export interface ReturnMessage {
  /** Integer text of the JSON number ("317157"), exactly as signed. */
  merchId: string;
  merchTxnId: string;
  merchTxnDate?: string;
  /** Integer text of the JSON number ("11000000174314"), exactly as signed. */
  atomTxnId: string;
  amountPaise: number;
  surchargePaise: number;
  totalPaise: number;
  currency: string;
  signature: string;
  statusCode: string;
  message: string;
  description: string;
  /** subChannel[0] (array in return messages; a plain string is accepted too). */
  subChannel: string;
  bankTxnId: string;
  bankName?: string;
  custEmail?: string;
  custMobile?: string;
  txnInitDate?: string;
  txnCompleteDate?: string;
  cardMaskNumber?: string;
  udf?: Record<string, string>;
}

/**
 * Validate and normalise a decrypted return message. Unknown extra fields are allowed. Every field the
 * signature needs is required: a message missing one cannot be verified, so it is a GatewayProtocolError
 * (the app then asks the status API).
 */
export function parseReturnMessage(json: unknown): ReturnMessage {
  const root = parseOrThrow(returnSchema, json, "return message");
  const p = firstInstrument(root.payInstrument, "return message");
  const subChannel = firstSubChannel(p.payModeSpecificData.subChannel);
  if (subChannel === undefined) throw new GatewayProtocolError("schema", "return message: subChannel is an empty array");

  const msg: ReturnMessage = {
    merchId: idText(p.merchDetails.merchId, "merchId"),
    merchTxnId: p.merchDetails.merchTxnId,
    atomTxnId: idText(p.payDetails.atomTxnId, "atomTxnId"),
    amountPaise: amountPaise(p.payDetails.amount, "amount"),
    surchargePaise: p.payDetails.surchargeAmount == null ? 0 : amountPaise(p.payDetails.surchargeAmount, "surchargeAmount"),
    totalPaise: amountPaise(p.payDetails.totalAmount, "totalAmount"),
    currency: p.payDetails.txnCurrency,
    signature: p.payDetails.signature,
    statusCode: p.responseDetails.statusCode.trim(),
    message: p.responseDetails.message ?? "",
    description: p.responseDetails.description ?? "",
    subChannel,
    bankTxnId: typeof p.payModeSpecificData.bankDetails.bankTxnId === "number"
      ? idText(p.payModeSpecificData.bankDetails.bankTxnId, "bankTxnId")
      : p.payModeSpecificData.bankDetails.bankTxnId,
  };
  const opt = {
    merchTxnDate: p.merchDetails.merchTxnDate,
    bankName: p.payModeSpecificData.bankDetails.otsBankName,
    custEmail: p.custDetails?.custEmail,
    custMobile: p.custDetails?.custMobile,
    txnInitDate: p.payDetails.txnInitDate,
    txnCompleteDate: p.payDetails.txnCompleteDate,
    cardMaskNumber: p.payModeSpecificData.bankDetails.cardMaskNumber,
  };
  for (const [k, v] of Object.entries(opt)) {
    if (typeof v === "string") (msg as unknown as Record<string, unknown>)[k] = v;
  }
  const udf = readUdf(p.extras ?? undefined);
  if (udf) msg.udf = udf;
  return msg;
}

/** The signed fields of a parsed message, for verifyReturnSignature(). */
export function returnSignatureFields(msg: ReturnMessage): ReturnSignatureFields {
  return {
    merchId: msg.merchId,
    atomTxnId: msg.atomTxnId,
    merchTxnId: msg.merchTxnId,
    totalPaise: msg.totalPaise,
    statusCode: msg.statusCode,
    subChannel: msg.subChannel,
    bankTxnId: msg.bankTxnId,
  };
}

/**
 * Mobile webviews may POST `encData=cancelTransaction` / `encData=sessionTimeout` instead of hex, and the
 * checkout page may postMessage the same strings. They are ordinary outcomes, not attacks and not errors.
 * (They are unauthenticated: treat them as "the user left", never as a payment verdict.)
 */
export type ReturnSentinel = "cancelTransaction" | "sessionTimeout";

export function returnSentinel(encData: unknown): ReturnSentinel | null {
  if (typeof encData !== "string") return null;
  const s = encData.trim();
  return s === "cancelTransaction" || s === "sessionTimeout" ? s : null;
}

export interface OpenedReturnMessage {
  message: ReturnMessage;
  /** False for a forged, altered or wrongly signed message: then NOTHING in `message` may be trusted. */
  signatureValid: boolean;
  /** The decrypted JSON with secrets redacted, for the app's audit log. */
  redacted: unknown;
}

/**
 * Decrypt (response AES key), parse and verify (response HASH key) the encData of a return/callback POST.
 * Throws AtomPayCryptoError (not decryptable) or GatewayProtocolError (not JSON / wrong shape).
 * The caller must still check `signatureValid` and then checkReturnBinding() against its stored attempt.
 */
export function openReturnMessage(
  encData: string,
  config: Pick<AtomPayConfig, "responseAesKey" | "responseHashKey">,
): OpenedReturnMessage {
  const text = decrypt(encData, config.responseAesKey);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new GatewayProtocolError("not_json", "return message is not JSON");
  }
  const message = parseReturnMessage(json);
  const signatureValid = verifyReturnSignature(returnSignatureFields(message), message.signature, config.responseHashKey);
  return { message, signatureValid, redacted: redactMessage(json) };
}

export interface ExpectedAttempt {
  merchId: string;
  merchTxnId: string;
  /** The fee we asked for (from our DB). The attendee may pay a surcharge on top; the fee must match exactly. */
  amountPaise: number;
  currency?: string;
}

export type BindingMismatch = "merchId" | "merchTxnId" | "amount" | "total" | "currency";

/**
 * The signature carries no timestamp, so a captured genuine message can be replayed against another attempt.
 * Bind it: same merchant, same merchTxnId, same fee in paise, same currency, and total = amount + surcharge.
 * (Accepting each atomTxnId only once is the database's job: a unique constraint.)
 */
export function checkReturnBinding(
  msg: ReturnMessage,
  expected: ExpectedAttempt,
): { ok: true } | { ok: false; mismatches: BindingMismatch[] } {
  const mismatches: BindingMismatch[] = [];
  if (msg.merchId !== expected.merchId) mismatches.push("merchId");
  if (msg.merchTxnId !== expected.merchTxnId) mismatches.push("merchTxnId");
  if (msg.amountPaise !== expected.amountPaise) mismatches.push("amount");
  if (msg.totalPaise !== msg.amountPaise + msg.surchargePaise) mismatches.push("total");
  if (msg.currency !== (expected.currency ?? "INR")) mismatches.push("currency");
  return mismatches.length === 0 ? { ok: true } : { ok: false, mismatches };
}
