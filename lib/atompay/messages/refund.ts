/**
 * Refund, api REFUNDINIT (protocol section 7).
 */
import { z } from "zod";
import type { AtomPayConfig } from "../config";
import { AtomPayInputError } from "../errors";
import { formatAmount } from "../money";
import { refundRequestSignature } from "../signature";
import { amountPaise, amountValue, firstInstrument, idForJson, idText, idValue, parseOrThrow, requirePaise, requireText } from "./common";

export interface RefundInput {
  merchTxnId: string;
  atomTxnId: string;
  refundPaise: number;
  /** Our id for this refund (unique per refund; lets the gateway and us recognise a repeat). */
  refundId: string;
}

export interface RefundRequest {
  payInstrument: {
    headDetails: { api: "REFUNDINIT"; source: "OTS" };
    merchDetails: { merchId: number | string; password: string; merchTxnId: string };
    payDetails: {
      atomTxnId: number | string;
      signature: string;
      txnCurrency: "INR";
      totalRefundAmount: string;
      prodDetails: [{ prodName: string; prodRefundId: string; prodRefundAmount: string }];
    };
  };
}

/** One amount text ("250.00") feeds totalRefundAmount, prodRefundAmount and the signature. */
export function buildRefundRequest(
  config: Pick<AtomPayConfig, "merchId" | "password" | "productId" | "requestHashKey">,
  input: RefundInput,
): RefundRequest {
  const merchTxnId = requireText(input.merchTxnId, "merchTxnId", 50);
  const atomTxnId = requireText(input.atomTxnId, "atomTxnId", 30);
  if (!/^\d+$/.test(atomTxnId)) throw new AtomPayInputError("atomTxnId", "atomTxnId must be digits");
  const refundId = requireText(input.refundId, "refundId", 50);
  const amountText = formatAmount(requirePaise(input.refundPaise, "refundPaise"));
  const txnCurrency = "INR" as const;
  const signature = refundRequestSignature(
    { merchId: config.merchId, password: config.password, merchTxnId, totalRefundAmountText: amountText, txnCurrency },
    config.requestHashKey,
  );
  return {
    payInstrument: {
      headDetails: { api: "REFUNDINIT", source: "OTS" },
      merchDetails: { merchId: idForJson(config.merchId), password: config.password, merchTxnId },
      payDetails: {
        atomTxnId: idForJson(atomTxnId),
        signature,
        txnCurrency,
        totalRefundAmount: amountText,
        prodDetails: [{ prodName: config.productId, prodRefundId: refundId, prodRefundAmount: amountText }],
      },
    },
  };
}

const optText = z.string().optional().nullable();

const refundInstrumentSchema = z.looseObject({
  payDetails: z
    .looseObject({
      prodDetails: z
        .array(
          z.looseObject({
            refundTxnId: idValue.optional().nullable(),
            prodRefundId: idValue.optional().nullable(),
            prodStatusCode: optText,
            prodRefundAmount: amountValue.optional().nullable(),
          }),
        )
        .optional()
        .nullable(),
    })
    .optional()
    .nullable(),
  responseDetails: z.looseObject({
    statusCode: z.string(),
    message: optText,
    description: optText,
  }),
});

const refundAnswerSchema = z.looseObject({
  payInstrument: z.union([refundInstrumentSchema, z.array(refundInstrumentSchema)]),
});

export interface RefundLine {
  refundTxnId?: string;
  prodRefundId?: string;
  statusCode?: string;
  amountPaise?: number;
}

export interface RefundResponse {
  statusCode: string;
  message: string;
  description: string;
  refunds: RefundLine[];
}

export function parseRefundResponse(json: unknown): RefundResponse {
  const root = parseOrThrow(refundAnswerSchema, json, "refund answer");
  const p = firstInstrument(root.payInstrument, "refund answer");
  const refunds = (p.payDetails?.prodDetails ?? []).map((line, i) => {
    const r: RefundLine = {};
    if (line.refundTxnId != null) r.refundTxnId = idText(line.refundTxnId, `prodDetails.${i}.refundTxnId`);
    if (line.prodRefundId != null) r.prodRefundId = idText(line.prodRefundId, `prodDetails.${i}.prodRefundId`);
    if (typeof line.prodStatusCode === "string") r.statusCode = line.prodStatusCode.trim();
    if (line.prodRefundAmount != null) r.amountPaise = amountPaise(line.prodRefundAmount, `prodDetails.${i}.prodRefundAmount`);
    return r;
  });
  return {
    statusCode: p.responseDetails.statusCode.trim(),
    message: p.responseDetails.message ?? "",
    description: p.responseDetails.description ?? "",
    refunds,
  };
}
