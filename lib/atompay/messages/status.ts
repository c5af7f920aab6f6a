/**
 * Transaction status (requery), api TXNVERIFICATION (protocol section 6).
 */
import { z } from "zod";
import type { AtomPayConfig } from "../config";
import { merchTxnDay } from "../dates";
import { formatAmount, paiseToNumber } from "../money";
import { statusRequestSignature, statusV2RequestSignature } from "../signature";
import { classifyStatus, type PaymentOutcome } from "../status-codes";
import {
  amountPaise,
  amountValue,
  firstSubChannel,
  idForJson,
  idText,
  idValue,
  parseOrThrow,
  requireDate,
  requirePaise,
  requireText,
  subChannelValue,
} from "./common";

export interface StatusInput {
  merchTxnId: string;
  /** The amount of the original AUTH, in paise. */
  amountPaise: number;
  /** The date of the original AUTH (its India-time day is sent). */
  txnDate: Date;
}

export interface StatusRequest {
  payInstrument: {
    headDetails: { api: "TXNVERIFICATION"; source: "OTS" };
    merchDetails: { merchId: number | string; password: string; merchTxnId: string; merchTxnDate: string };
    payDetails: { amount: string; txnCurrency: "INR"; signature: string };
  };
}

/**
 * The amount goes into the JSON as the text "250.00" and the SAME variable goes into the signature, so the
 * two can never disagree (the gateway recomputes the signature from the JSON it receives).
 */
export function buildStatusRequest(
  config: Pick<AtomPayConfig, "merchId" | "password" | "requestHashKey">,
  input: StatusInput,
): StatusRequest {
  const merchTxnId = requireText(input.merchTxnId, "merchTxnId", 50);
  const amountText = formatAmount(requirePaise(input.amountPaise, "amountPaise"));
  const txnCurrency = "INR" as const;
  const signature = statusRequestSignature(
    { merchId: config.merchId, password: config.password, merchTxnId, amountText, txnCurrency },
    config.requestHashKey,
  );
  return {
    payInstrument: {
      headDetails: { api: "TXNVERIFICATION", source: "OTS" },
      merchDetails: {
        merchId: idForJson(config.merchId),
        password: config.password,
        merchTxnId,
        merchTxnDate: merchTxnDay(requireDate(input.txnDate, "txnDate")),
      },
      payDetails: { amount: amountText, txnCurrency, signature },
    },
  };
}

export interface StatusV2Request {
  payInstrument: {
    merchDetails: { merchId: number | string; merchTxnId: string; merchTxnDate: string };
    payDetails: { amount: number; txnCurrency: "INR"; signature: string };
  };
}

/**
 * Status API v2 (`/ots/v2/payment/status`), as NDPS's newest API reference describes it: no headDetails, no
 * password, the amount as a JSON number, and a signature over merchId + merchTxnId + amount + txnCurrency.
 * The signed amount text is the number as JavaScript writes it (250 -> "250", 250.5 -> "250.5"), the same
 * text the gateway reads back out of the JSON.
 */
export function buildStatusV2Request(config: Pick<AtomPayConfig, "merchId" | "requestHashKey">, input: StatusInput): StatusV2Request {
  const merchTxnId = requireText(input.merchTxnId, "merchTxnId", 50);
  const amount = paiseToNumber(requirePaise(input.amountPaise, "amountPaise"));
  const txnCurrency = "INR" as const;
  const signature = statusV2RequestSignature(
    { merchId: config.merchId, merchTxnId, amountText: String(amount), txnCurrency },
    config.requestHashKey,
  );
  return {
    payInstrument: {
      merchDetails: { merchId: idForJson(config.merchId), merchTxnId, merchTxnDate: merchTxnDay(requireDate(input.txnDate, "txnDate")) },
      payDetails: { amount, txnCurrency, signature },
    },
  };
}

const optText = z.string().optional().nullable();

const statusInstrumentSchema = z.looseObject({
  merchDetails: z.looseObject({ merchTxnId: optText }).optional().nullable(),
  payDetails: z
    .looseObject({
      atomTxnId: idValue.optional().nullable(),
      amount: amountValue.optional().nullable(),
      surchargeAmount: amountValue.optional().nullable(),
      totalAmount: amountValue.optional().nullable(),
    })
    .optional()
    .nullable(),
  payModeSpecificData: z
    .looseObject({
      subChannel: subChannelValue.optional().nullable(),
      bankDetails: z.looseObject({ bankTxnId: idValue.optional().nullable() }).optional().nullable(),
    })
    .optional()
    .nullable(),
  responseDetails: z
    .looseObject({
      statusCode: optText,
      message: optText,
      description: optText,
    })
    .optional()
    .nullable(),
  settlementDetails: z.looseObject({ reconStatus: optText }).optional().nullable(),
});

const statusAnswerSchema = z.looseObject({
  payInstrument: z
    .union([z.array(statusInstrumentSchema), statusInstrumentSchema])
    .optional()
    .nullable(),
});

export interface StatusResponse {
  /** Empty string if the answer carried none (e.g. OTS0401 no data); the client fills in the one it asked for. */
  merchTxnId: string;
  /** What the answer means for the payment; "unknown" = the answer said nothing, ask again later. */
  outcome: StatusOutcome;
  unknownReason?: StatusUnknownReason;
  atomTxnId?: string;
  /** "" when outcome is "unknown". */
  statusCode: string;
  message: string;
  description: string;
  amountPaise?: number;
  surchargePaise?: number;
  totalPaise?: number;
  subChannel?: string;
  bankTxnId?: string;
  /** RS, RNS, NRNS, PNRNS, PNRS. */
  reconStatus?: string;
}

/** Why an answer tells us nothing: the gateway answered, but not about this payment's fate. */
export type StatusUnknownReason = "empty_body" | "no_instrument" | "no_status";

/** The four stored outcomes, plus "unknown" for an answer that says nothing (ask again later). */
export type StatusOutcome = PaymentOutcome | "unknown";

/**
 * `payInstrument` is an array in v1 answers (element 0 is read) and an object in v2 answers. It carries no
 * signature (trusted via TLS). An answer with no element or no status code is not an error: it is "unknown",
 * and the caller asks again later. Only a shape that contradicts the protocol (a number where text belongs,
 * an amount that is not an amount) is a GatewayProtocolError.
 */
export function parseStatusResponse(json: unknown): StatusResponse {
  const root = parseOrThrow(statusAnswerSchema, json, "status answer");
  const p = Array.isArray(root.payInstrument) ? root.payInstrument[0] : (root.payInstrument ?? undefined);
  if (!p) return unknownStatus("no_instrument");
  const statusCode = p.responseDetails?.statusCode?.trim() ?? "";
  if (statusCode === "") return unknownStatus("no_status", p.merchDetails?.merchTxnId?.trim() ?? "");
  const out: StatusResponse = {
    merchTxnId: p.merchDetails?.merchTxnId?.trim() ?? "",
    outcome: classifyStatus(statusCode),
    statusCode,
    message: p.responseDetails?.message ?? "",
    description: p.responseDetails?.description ?? "",
  };
  const pd = p.payDetails;
  if (pd?.atomTxnId != null && pd.atomTxnId !== "") out.atomTxnId = idText(pd.atomTxnId, "atomTxnId");
  if (pd?.amount != null && pd.amount !== "") out.amountPaise = amountPaise(pd.amount, "amount");
  if (pd?.surchargeAmount != null && pd.surchargeAmount !== "") out.surchargePaise = amountPaise(pd.surchargeAmount, "surchargeAmount");
  if (pd?.totalAmount != null && pd.totalAmount !== "") out.totalPaise = amountPaise(pd.totalAmount, "totalAmount");
  const sc = firstSubChannel(p.payModeSpecificData?.subChannel ?? undefined);
  if (sc !== undefined) out.subChannel = sc;
  const bankTxnId = p.payModeSpecificData?.bankDetails?.bankTxnId;
  if (bankTxnId != null) out.bankTxnId = typeof bankTxnId === "number" ? idText(bankTxnId, "bankTxnId") : bankTxnId;
  const recon = p.settlementDetails?.reconStatus;
  if (typeof recon === "string" && recon !== "") out.reconStatus = recon;
  return out;
}

export function unknownStatus(reason: StatusUnknownReason, merchTxnId = ""): StatusResponse {
  return { merchTxnId, outcome: "unknown", unknownReason: reason, statusCode: "", message: "", description: "" };
}
