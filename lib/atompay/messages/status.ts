/**
 * Transaction status (requery), api TXNVERIFICATION (protocol section 6).
 */
import { z } from "zod";
import type { AtomPayConfig } from "../config";
import { merchTxnDay } from "../dates";
import { formatAmount } from "../money";
import { statusRequestSignature } from "../signature";
import {
  amountPaise,
  amountValue,
  firstInstrument,
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
  responseDetails: z.looseObject({
    statusCode: z.string(),
    message: optText,
    description: optText,
  }),
  settlementDetails: z.looseObject({ reconStatus: optText }).optional().nullable(),
});

const statusAnswerSchema = z.looseObject({
  payInstrument: z.union([z.array(statusInstrumentSchema), statusInstrumentSchema]),
});

export interface StatusResponse {
  /** Empty string if the answer carried none (e.g. OTS0401 no data); the client fills in the one it asked for. */
  merchTxnId: string;
  atomTxnId?: string;
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

/** `payInstrument` is an array in this answer: element 0 is read. It carries no signature (trusted via TLS). */
export function parseStatusResponse(json: unknown): StatusResponse {
  const root = parseOrThrow(statusAnswerSchema, json, "status answer");
  const p = firstInstrument(root.payInstrument, "status answer");
  const out: StatusResponse = {
    merchTxnId: p.merchDetails?.merchTxnId?.trim() ?? "",
    statusCode: p.responseDetails.statusCode.trim(),
    message: p.responseDetails.message ?? "",
    description: p.responseDetails.description ?? "",
  };
  const pd = p.payDetails;
  if (pd?.atomTxnId != null) out.atomTxnId = idText(pd.atomTxnId, "atomTxnId");
  if (pd?.amount != null) out.amountPaise = amountPaise(pd.amount, "amount");
  if (pd?.surchargeAmount != null) out.surchargePaise = amountPaise(pd.surchargeAmount, "surchargeAmount");
  if (pd?.totalAmount != null) out.totalPaise = amountPaise(pd.totalAmount, "totalAmount");
  const sc = firstSubChannel(p.payModeSpecificData?.subChannel ?? undefined);
  if (sc !== undefined) out.subChannel = sc;
  const bankTxnId = p.payModeSpecificData?.bankDetails?.bankTxnId;
  if (bankTxnId != null) out.bankTxnId = typeof bankTxnId === "number" ? idText(bankTxnId, "bankTxnId") : bankTxnId;
  const recon = p.settlementDetails?.reconStatus;
  if (typeof recon === "string" && recon !== "") out.reconStatus = recon;
  return out;
}
