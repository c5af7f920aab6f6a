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
import { classifyStatus } from "../status-codes";
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
  // A failure or a cancellation may come with no amounts, no atomTxnId and no bankDetails at all: the
  // gateway then signs an empty text in their place. Only a success must name its amount (checked below).
  payDetails: z.looseObject({
    atomTxnId: idValue.optional().nullable(),
    amount: amountValue.optional().nullable(),
    surchargeAmount: amountValue.optional().nullable(),
    totalAmount: amountValue.optional().nullable(),
    txnCurrency: optText,
    signature: z.string(),
    txnInitDate: optText,
    txnCompleteDate: optText,
  }),
  payModeSpecificData: z
    .looseObject({
      subChannel: subChannelValue.optional().nullable(),
      bankDetails: z
        .looseObject({
          bankTxnId: idValue.optional().nullable(),
          otsBankName: optText,
          cardMaskNumber: optText,
          cardType: optText,
          scheme: optText,
        })
        .optional()
        .nullable(),
      // The MCP server's callback type puts card fields here instead of in bankDetails.
      cardDetails: z.looseObject({ cardScheme: optText, cardMaskNumber: optText, cardType: optText }).optional().nullable(),
    })
    .optional()
    .nullable(),
  extras: z.record(z.string(), z.unknown()).optional().nullable(),
  custDetails: z.looseObject({ custEmail: optText, custMobile: optText }).optional().nullable(),
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
  /** Integer text of the JSON number ("11000000174314"), exactly as signed; "" when the message has none. */
  atomTxnId: string;
  /** Always present on a success; a failure or cancellation may carry none. */
  amountPaise?: number;
  surchargePaise: number;
  totalPaise?: number;
  /** "" when the message names none. */
  currency: string;
  signature: string;
  statusCode: string;
  message: string;
  description: string;
  /** subChannel[0] (an array in captured messages, a plain string in NDPS's types); "" when absent. */
  subChannel: string;
  /** "" when the message carries no bankDetails (failures, cancellations). */
  bankTxnId: string;
  bankName?: string;
  cardType?: string;
  custEmail?: string;
  custMobile?: string;
  txnInitDate?: string;
  txnCompleteDate?: string;
  /** From bankDetails, or from payModeSpecificData.cardDetails (the MCP docs' callback type). */
  cardMaskNumber?: string;
  /** VISA, MASTER, RUPAY…: bankDetails.scheme or cardDetails.cardScheme. */
  cardScheme?: string;
  udf?: Record<string, string>;
}

/**
 * Validate and normalise a decrypted return message. Unknown extra fields are allowed, and so is every shape
 * the gateway is documented to send (see README: "Where sources disagree"). A missing signed field is empty
 * text, exactly as the gateway builds the signed string. Only a success must carry its amount and total:
 * without them nothing could be bound to the attempt.
 */
export function parseReturnMessage(json: unknown): ReturnMessage {
  const root = parseOrThrow(returnSchema, json, "return message");
  const p = firstInstrument(root.payInstrument, "return message");
  const pd = p.payDetails;
  const bank = p.payModeSpecificData?.bankDetails ?? undefined;
  const card = p.payModeSpecificData?.cardDetails ?? undefined;
  const statusCode = p.responseDetails.statusCode.trim();

  const msg: ReturnMessage = {
    merchId: idText(p.merchDetails.merchId, "merchId"),
    merchTxnId: p.merchDetails.merchTxnId,
    atomTxnId: pd.atomTxnId == null || pd.atomTxnId === "" ? "" : idText(pd.atomTxnId, "atomTxnId"),
    surchargePaise: pd.surchargeAmount == null || pd.surchargeAmount === "" ? 0 : amountPaise(pd.surchargeAmount, "surchargeAmount"),
    currency: pd.txnCurrency ?? "",
    signature: pd.signature,
    statusCode,
    message: p.responseDetails.message ?? "",
    description: p.responseDetails.description ?? "",
    subChannel: firstSubChannel(p.payModeSpecificData?.subChannel ?? undefined) ?? "",
    bankTxnId: bank?.bankTxnId == null ? "" : typeof bank.bankTxnId === "number" ? idText(bank.bankTxnId, "bankTxnId") : bank.bankTxnId,
  };
  if (pd.amount != null && pd.amount !== "") msg.amountPaise = amountPaise(pd.amount, "amount");
  if (pd.totalAmount != null && pd.totalAmount !== "") msg.totalPaise = amountPaise(pd.totalAmount, "totalAmount");
  if (classifyStatus(statusCode) === "success") {
    if (msg.amountPaise === undefined || msg.totalPaise === undefined) {
      throw new GatewayProtocolError("schema", "return message: a success without amount and totalAmount");
    }
    if (msg.atomTxnId === "") throw new GatewayProtocolError("schema", "return message: a success without atomTxnId");
  }
  const opt = {
    merchTxnDate: p.merchDetails.merchTxnDate,
    bankName: bank?.otsBankName,
    cardType: bank?.cardType ?? card?.cardType,
    custEmail: p.custDetails?.custEmail,
    custMobile: p.custDetails?.custMobile,
    txnInitDate: pd.txnInitDate,
    txnCompleteDate: pd.txnCompleteDate,
    cardMaskNumber: bank?.cardMaskNumber ?? card?.cardMaskNumber,
    cardScheme: bank?.scheme ?? card?.cardScheme,
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
export function openReturnMessage(encData: string, config: Pick<AtomPayConfig, "responseAesKey" | "responseHashKey">): OpenedReturnMessage {
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
  // A message without amounts (a failure, a cancellation) has nothing to compare; a success always has them.
  if (msg.amountPaise !== undefined && msg.amountPaise !== expected.amountPaise) mismatches.push("amount");
  if (msg.amountPaise === undefined && msg.totalPaise !== undefined) mismatches.push("amount");
  if (msg.totalPaise !== undefined && msg.totalPaise !== (msg.amountPaise ?? 0) + msg.surchargePaise) mismatches.push("total");
  if (msg.currency !== "" && msg.currency !== (expected.currency ?? "INR")) mismatches.push("currency");
  return mismatches.length === 0 ? { ok: true } : { ok: false, mismatches };
}
